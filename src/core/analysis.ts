/**
 * Everything the engine derives from one text, computed once and shared by indexing, candidate lookup
 * and alignment.
 */
import { bandKeys, minhashSignature } from './minhash';
import { contentStemHashes } from './content-words';
import { splitSentences, type Sentence } from './sentences';
import { shingleHashes, uniqueSorted, winnow } from './shingle';
import { tokenize, type Tokens } from './tokenize';

/**
 * A sentence needs at least this many content words to get passage signatures and to be considered for
 * reworded matching: shorter sentences ("He said so.") are too generic to mean anything when similar.
 */
export const MIN_PASSAGE_CONTENT_WORDS = 5;

/**
 * Passage (sentence) MinHash banding: PASSAGE_BANDS bands of PASSAGE_ROWS rows over content-stem sets.
 * The probability that a sentence pair with Jaccard s shares a band is 1 − (1 − s²)²: 0.44 at s = 0.5,
 * 0.74 at 0.7, 1.0 for a verbatim copy, 0.08 at 0.2. One reworded article has several such sentences,
 * so the article itself is found with high probability (see docs/ARCHITECTURE.md for the curve).
 */
export const PASSAGE_BANDS = 2;
export const PASSAGE_ROWS = 2;

export interface SentenceInfo extends Sentence {
  /** Content-stem hashes (duplicates kept, in order). */
  stems: number[];
}

/** What alignment needs of a text: computed for every candidate source, so kept to the minimum. */
export interface TextAnalysis {
  tokens: Tokens;
  /** Hash of each SHINGLE_WORDS-word shingle: entry i covers tokens [i, i + SHINGLE_WORDS). */
  shingles: Uint32Array;
  sentences: SentenceInfo[];
}

/** A text analysed for the index too (corpus documents when added, pages when checked). */
export interface Analysis extends TextAnalysis {
  /** Shingle indices selected by winnowing. */
  winnowPositions: Uint32Array;
  /** Winnowed fingerprints, sorted and unique: the verbatim channel of the index. */
  fingerprints: Uint32Array;
  /** Passage LSH band keys, sorted and unique: the reworded channel of the index. */
  passageKeys: Uint32Array;
}

/** Passage LSH band keys of one sentence; none when it has fewer than MIN_PASSAGE_CONTENT_WORDS content stems. */
export function sentencePassageKeys(s: SentenceInfo): Uint32Array {
  if (new Set(s.stems).size < MIN_PASSAGE_CONTENT_WORDS) return new Uint32Array(0);
  return bandKeys(minhashSignature(s.stems, PASSAGE_BANDS * PASSAGE_ROWS), PASSAGE_BANDS, PASSAGE_ROWS);
}

/** Tokens, shingles and sentences: all that aligning a source against a page needs. */
export function analyzeText(text: string): TextAnalysis {
  const tokens = tokenize(text);
  const shingles = shingleHashes(tokens.hashes);
  const sentences: SentenceInfo[] = splitSentences(tokens).map((s) => ({
    ...s,
    stems: contentStemHashes(tokens, s.tokenStart, s.tokenEnd),
  }));
  return { tokens, shingles, sentences };
}

/** The full analysis, with the index's fingerprints and passage keys. */
export function analyze(text: string): Analysis {
  const { tokens, shingles, sentences } = analyzeText(text);
  const winnowed = winnow(shingles);
  const fingerprints = uniqueSorted(winnowed.hashes);
  const keys: number[] = [];
  for (const s of sentences) for (const k of sentencePassageKeys(s)) keys.push(k);
  return { tokens, shingles, winnowPositions: winnowed.positions, fingerprints, sentences, passageKeys: uniqueSorted(Uint32Array.from(keys)) };
}
