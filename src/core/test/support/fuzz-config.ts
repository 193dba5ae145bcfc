/**
 * Shared settings of the fuzz tests (src/core/test/fuzz, test/fuzz). A fixed seed keeps CI reproducible; set FUZZ_SEED to another
 * integer to explore other cases (`FUZZ_SEED=123 npx jest fuzz --selectProjects unit`). A failure prints
 * the seed and the counterexample's path, which fast-check can replay.
 */
import fc from 'fast-check';

const envSeed = Number.parseInt(process.env.FUZZ_SEED ?? '', 10);

/** The base seed: FUZZ_SEED when it is an integer, else a fixed one. */
export const FUZZ_SEED = Number.isFinite(envSeed) ? envSeed : 20261204;

/** Parameters for one property: the base seed plus a per-property offset, so properties do not share streams. */
export function fuzzParams<T>(numRuns: number, offset: number): fc.Parameters<T> {
  return { numRuns, seed: (FUZZ_SEED + offset) | 0, endOnFailure: false };
}
