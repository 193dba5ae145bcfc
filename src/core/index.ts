/**
 * `@wiretrace/engine`: the matching engine. Pure: no DOM, no `chrome.*`, no Node built-ins.
 * File formats (corpus importers, the backup format) are the other entry, `@wiretrace/engine/formats`.
 */

// Records, scan results and page reports: the engine's typed data.
export * from './types';

// Tokenizing: word tokens with their offsets, and the content-word filter the fingerprints use.
export { tokenize, normalizeWord, countWords, type Tokens } from './tokenize';
export { isContentWord } from './content-words';
export { lowerBound } from './sorted';

// Fingerprints: string hashing, winnowed shingles, MinHash signatures and LSH bands.
export { hashString } from './hash';
export { shingleHashes, winnow, SHINGLE_WORDS, WINNOW_WINDOW } from './shingle';
export { minhashSignature, estimateJaccard, bandKeys, lshCandidateProbability } from './minhash';

// Analysis: a text's tokens, sentences, fingerprints and passage keys, computed once per text.
export { analyze, analyzeText, type Analysis, type TextAnalysis, PASSAGE_BANDS, PASSAGE_ROWS, MIN_PASSAGE_CONTENT_WORDS } from './analysis';

// The index: candidate lookup by fingerprint and passage key, over packed posting tables.
export { CorpusIndex, DF_MIN_DOCS, DF_FRACTION, MAX_POSTINGS_PER_KEY, type Candidate, type IndexedDoc } from './corpus-index';
export { selectCandidates, dfLimitFor, passageDfLimitFor, type CandidateTally, type SelectOptions } from './candidate-select';
export { PostingTable, PostingTableEncoder, MAX_ORDINAL } from './posting-table';

// Alignment and matching: verbatim runs, reworded sentences, the ranked matches of a page.
export { alignVerbatim, boilerplateMask, DEFAULT_MIN_WORDS, MIN_WORDS_RANGE, MAX_GAP_WORDS, type Passage, type ExactRun } from './align';
export { findReworded } from './reworded';
export { matchSources, parseDate, type MatchOptions, type SourceDoc } from './match';

// Page facts: the union share of the page reused, its level, the passage kinds, per-source coverage;
// computed once with every scan result (matchSources), read as they are by every view.
export {
  pageFacts,
  factsOfText,
  noReuseFacts,
  reuseLevel,
  isRecycledLevel,
  passageKind,
  kindsPresent,
  PASSAGE_KINDS,
  RECYCLED_SHARE,
  MOSTLY_SHARE,
} from './facts';

// Corpus and scan: an in-memory corpus with its index, the two scan steps, URL comparison.
export { comparableUrl, MemoryCorpus, sameUrl, scanCandidates, finishScan, type BoilerplateTest, type ScanOptions } from './corpus';

// The .wtc corpus file: records plus a prebuilt index, versioned, with its byte reader and writer.
export {
  writeCorpus,
  readCorpus,
  rebuild,
  isCorpusFile,
  CorpusFileError,
  FORMAT_VERSION,
  ENGINE_PARAMS,
  MAGIC,
} from './corpus-file';
export { ByteReader, ByteWriter } from './binary';
