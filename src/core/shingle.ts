/**
 * Word shingles and winnowing.
 *
 * A shingle is K consecutive token hashes combined into one 32-bit hash. Winnowing (Schleimer, Wilkerson
 * and Aiken, SIGMOD 2003) keeps the minimum shingle hash of every window of W consecutive shingles. Its
 * guarantee is what the index relies on for containment: any run of at least W + K − 1 identical words
 * shared by two texts selects at least one identical fingerprint in both, however short that run is
 * relative to either document. With K = 5 and W = 8 that is every shared run of 12 words or more.
 */
import { combine, fmix32 } from './hash';

/**
 * Words per shingle. 5 words is long enough that a shingle is rarely shared by chance between unrelated
 * news texts (a 5-word run is already specific: "the tragedy we are witnessing"), and short enough that a
 * one-word edit only breaks 5 shingles.
 */
export const SHINGLE_WORDS = 5;

/**
 * Winnowing window, in shingles. The guaranteed detection length is WINNOW_WINDOW + SHINGLE_WORDS − 1 =
 * 12 words, equal to the default minimum verbatim passage (`DEFAULT_MIN_WORDS`). Expected density is
 * 2 / (W + 1) ≈ 0.22 fingerprints per word.
 */
export const WINNOW_WINDOW = 8;

/** Hashes of every K-word shingle: entry i covers tokens [i, i + k). Empty when there are fewer than k tokens. */
export function shingleHashes(tokenHashes: Uint32Array, k: number = SHINGLE_WORDS): Uint32Array {
  const n = tokenHashes.length - k + 1;
  if (n <= 0) return new Uint32Array(0);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = k;
    for (let j = 0; j < k; j++) h = combine(h, tokenHashes[i + j]);
    out[i] = fmix32(h);
  }
  return out;
}

export interface Winnowed {
  /** Shingle index of each selected fingerprint, increasing. */
  positions: Uint32Array;
  /** The selected fingerprint hashes (parallel to positions). */
  hashes: Uint32Array;
}

/**
 * Robust winnowing: in each window of `w` shingles select the minimum hash (the rightmost on ties) and
 * record it when it differs from the previous selection. A text with fewer than `w` shingles selects its
 * single minimum, so short texts still get a fingerprint.
 */
export function winnow(shingles: Uint32Array, w: number = WINNOW_WINDOW): Winnowed {
  const n = shingles.length;
  if (n === 0) return { positions: new Uint32Array(0), hashes: new Uint32Array(0) };
  const window = Math.min(w, n);
  const positions: number[] = [];
  let minPos = -1;
  for (let end = window - 1; end < n; end++) {
    const start = end - window + 1;
    if (minPos < start) {
      // The previous minimum left the window: scan the whole window (rightmost minimum).
      minPos = start;
      for (let i = start + 1; i <= end; i++) if (shingles[i] <= shingles[minPos]) minPos = i;
      positions.push(minPos);
    } else if (shingles[end] <= shingles[minPos]) {
      minPos = end;
      positions.push(minPos);
    }
  }
  const pos = Uint32Array.from(positions);
  const hashes = new Uint32Array(pos.length);
  for (let i = 0; i < pos.length; i++) hashes[i] = shingles[pos[i]];
  return { positions: pos, hashes };
}

/** Sorted unique values of a hash array. */
export function uniqueSorted(values: Uint32Array): Uint32Array {
  if (values.length === 0) return values;
  const sorted = Uint32Array.from(values).sort();
  let n = 1;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return sorted.slice(0, n);
}
