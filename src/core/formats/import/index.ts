/**
 * Corpus importers: pure, streaming parsers that turn files (JSON Lines, JSON arrays, CSV/TSV, plain text,
 * HTML, and zip/gzip archives of them) into `CorpusRecord`s. See docs/IMPORT-FORMATS.md.
 */
export type {
  ByteSink,
  ExtractedHtml,
  ExtractHtml,
  ImportEvent,
  ImportFormat,
  ImportIssue,
  ImportOptions,
  ImportSource,
  TextSink,
} from './types';
export { importSources } from './import-sources';
export { collectImport, type CollectedImport, type CollectOptions, type ImportSummary } from './collect-import';
export { admissionNote, Deduper, sameText, scopedId, type Admission, type DedupeResult } from './deduper';
export { HashSet64 } from './hash-set64';
export { sniffFormat, extensionOf, looksBinary } from './sniff-format';
export { detectEncoding, createDecoder, decodeText, type StreamDecoder, type TextEncodingName } from './text-decoding';
export { normalisePublished } from './normalise-date';
export { normaliseText } from './text-normalise';
export { isSkippedPath, projectFileReason, PROJECT_FILE_REASON } from './skipped-paths';
export { issueReason, issueText } from './issue-text';
export { bytesSource, blobSource, chunksSource } from './sources';
export {
  ID_FIELDS, URL_FIELDS, TITLE_FIELDS, OUTLET_FIELDS, PUBLISHED_FIELDS, TEXT_FIELDS, HTML_FIELD,
} from './record-fields';
export * as importLimits from './limits';
