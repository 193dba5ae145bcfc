/**
 * `@wiretrace/engine/formats`: file formats around the engine, separate from matching. Pure like the engine
 * (bytes in, records out); the matching code never imports this.
 */

// Corpus importers: streaming parsers of JSON Lines, JSON arrays, CSV/TSV, text, HTML and zip/gzip archives
// into CorpusRecords, with a clear issue for every record they skip (see docs/IMPORT-FORMATS.md).
export {
  importSources,
  collectImport,
  bytesSource,
  blobSource,
  chunksSource,
  isSkippedPath,
  issueReason,
  issueText,
  decodeText,
  sniffFormat,
  Deduper,
  admissionNote,
  sameText,
  scopedId,
  type Admission,
  type CollectedImport,
  type CollectOptions,
  type ExtractedHtml,
  type ExtractHtml,
  type ImportEvent,
  type ImportFormat,
  type ImportIssue,
  type ImportOptions,
  type ImportSource,
} from './formats/import';

// The backup format: a versioned, gzipped JSON Lines stream of records (header, records, end mark).
export { BACKUP_MARK, BACKUP_VERSION, BackupError, backupFileName, backupRecordOf, type BackupHeader, type BackupRecord } from './formats/backup/backup-format';
export { encodeBackup, decodeBackup, readBackupHeader, type BackupEvent } from './formats/backup/backup-stream';
