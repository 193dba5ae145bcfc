/** Public API of the WireTrace engine. Pure: no DOM, no `chrome.*`, no Node built-ins. */
export * from './types';
export { tokenize, normalizeWord, countWords, type Tokens } from './tokenize';
export { shingleHashes, winnow, SHINGLE_WORDS, WINNOW_WINDOW } from './shingle';
export { minhashSignature, estimateJaccard, bandKeys, lshCandidateProbability } from './minhash';
export { analyze, analyzeText, type Analysis, type TextAnalysis, PASSAGE_BANDS, PASSAGE_ROWS, MIN_PASSAGE_CONTENT_WORDS } from './analysis';
export { CorpusIndex, DF_MIN_DOCS, DF_FRACTION, type Candidate, type IndexedDoc } from './corpus-index';
export { alignVerbatim, boilerplateMask, DEFAULT_MIN_WORDS, MAX_GAP_WORDS, type Passage, type ExactRun } from './align';
export { findReworded } from './reworded';
export { matchSources, parseDate, type MatchOptions, type SourceDoc } from './match';
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
export { comparableUrl, MemoryCorpus, sameUrl, scanCandidates, finishScan, type ScanOptions } from './corpus';
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
