/**
 * MinHash signatures by one-permutation hashing (OPH, Li, Owen and Zhang 2012) with optimal densification
 * (Shrivastava 2017).
 *
 * Classic MinHash applies P hash functions to every element: P × n hash evaluations (the `minhash` npm
 * package even re-hashes the element's string for each permutation). OPH hashes each element once, uses
 * the top bits to pick one of P bins and keeps the minimum per bin: n hash evaluations for any P. Bins
 * left empty (short sets) borrow the value of a non-empty bin chosen by a bin-specific pseudo-random
 * probe sequence, which keeps the estimator unbiased. Collision probability per bin ≈ Jaccard similarity.
 */
import { fmix32 } from './hash';

/** Value marking an empty signature (the set was empty). */
export const EMPTY_BIN = 0xffffffff;

/** Seed mixed into element hashes so signatures are independent of the hash used for the index. */
const OPH_SEED = 0x5bd1e995;

/**
 * One-permutation MinHash signature of a set given as 32-bit element hashes (duplicates are harmless).
 * `numBins` must be a power of two between 1 and 65536.
 */
export function minhashSignature(elements: ArrayLike<number>, numBins = 128): Uint32Array {
  if (!Number.isInteger(numBins) || numBins < 1 || numBins > 65536 || (numBins & (numBins - 1)) !== 0) {
    throw new RangeError(`numBins must be a power of two in 1..65536, got ${numBins}`);
  }
  const shift = 32 - Math.log2(numBins);
  const sig = new Uint32Array(numBins).fill(EMPTY_BIN);
  const filled = new Uint8Array(numBins);
  let nonEmpty = 0;
  for (let i = 0; i < elements.length; i++) {
    const h = fmix32(elements[i] ^ OPH_SEED);
    const bin = shift === 32 ? 0 : h >>> shift;
    // The remaining low bits order elements inside a bin; fmix32 again so they are well spread.
    const v = fmix32(h + 0x9e3779b9) >>> 0;
    if (!filled[bin]) {
      filled[bin] = 1;
      nonEmpty++;
      sig[bin] = v;
    } else if (v < sig[bin]) {
      sig[bin] = v;
    }
  }
  if (nonEmpty === 0 || nonEmpty === numBins) return sig;
  // Optimal densification: each empty bin probes bins in its own pseudo-random order until it finds a
  // bin that was filled by an element, and copies that value.
  const out = sig.slice();
  for (let b = 0; b < numBins; b++) {
    if (filled[b]) continue;
    for (let attempt = 1; ; attempt++) {
      const probe = fmix32(Math.imul(b + 1, 0x27d4eb2d) ^ Math.imul(attempt, 0x165667b1)) & (numBins - 1);
      if (filled[probe]) {
        out[b] = sig[probe];
        break;
      }
    }
  }
  return out;
}

/** Estimated Jaccard similarity of the sets behind two signatures of the same length. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError('signatures differ in length');
  if (a.length === 0) return 0;
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i] && a[i] !== EMPTY_BIN) equal++;
  return equal / a.length;
}

/**
 * LSH band keys: `bands` keys of `rows` signature values each, each mixed with its band number so that
 * equal values in different bands do not collide. Needs signature.length ≥ bands × rows.
 */
export function bandKeys(signature: Uint32Array, bands: number, rows: number): Uint32Array {
  if (signature.length < bands * rows) throw new RangeError('signature too short for the banding');
  const keys = new Uint32Array(bands);
  for (let b = 0; b < bands; b++) {
    let h = Math.imul(b + 1, 0x9e3779b1);
    for (let r = 0; r < rows; r++) h = fmix32(h ^ signature[b * rows + r]) + r;
    keys[b] = fmix32(h);
  }
  return keys;
}

/** Probability that two sets with Jaccard similarity `s` share at least one of `bands` bands of `rows` rows. */
export function lshCandidateProbability(s: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}
