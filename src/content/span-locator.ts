/**
 * Where each span's words are in the live page's tokens (the word-level half of dom-map.ts; no DOM here). Each
 * span, as a range of the article's tokens, is found in the live token stream anywhere (not sequentially:
 * Readability reorders): candidates come from a hash map of SEED_WORDS-word windows (the span's rarest window)
 * and are then verified word by word. When several occurrences fit, the one whose surrounding words agree best
 * with the span's surroundings in the article wins, and distinct article passages go to distinct live
 * occurrences. When the whole sequence is not on the page (it was edited), the longest matching sub-runs of at
 * least MIN_FALLBACK_RUN_WORDS words are taken instead.
 */
import type { Tokens } from '@wiretrace/engine';

/** Words in a seed window: candidate positions are looked up by the hash of SEED_WORDS consecutive words. */
export const SEED_WORDS = 3;

/** Shortest sub-run covered when a span's whole word sequence is not on the page (shorter ones are chance). */
export const MIN_FALLBACK_RUN_WORDS = 5;

/**
 * Most live positions kept per seed window and so most candidates verified per lookup. Bounds the work on
 * pathological pages (one phrase repeated thousands of times) to a constant per span word.
 */
export const MAX_SEED_CANDIDATES = 256;

/** Words compared on each side of a candidate occurrence to tell repeated passages apart by their context. */
export const CONTEXT_WORDS = 32;

/** A span to locate: the article tokens [a, b) of span number `index`. */
export interface SpanJob {
  index: number;
  a: number;
  b: number;
}

/** Where a span's words are on the page. */
export interface Placement {
  job: SpanJob;
  /** The whole word sequence was found: `runs` is then that one run. */
  whole: boolean;
  /** Live token runs [first live token, words], runs that follow each other on the page merged into one. */
  runs: Array<[number, number]>;
  /** Article words the runs cover. */
  covered: number;
}

/**
 * Key of the `w` words at `hashes[p..p+w)`, seeded with `w` so windows of different sizes differ. The word
 * hashes are already mixed, so a multiply-xorshift per word does; the key is cut to 30 bits so that it stays a
 * small integer in V8 (no boxing on the hot path: this runs once per live word). Collisions only cost a failed
 * verification.
 */
function windowKey(hashes: Uint32Array, p: number, w: number): number {
  let h = w;
  for (let j = 0; j < w; j++) {
    h = Math.imul(h ^ hashes[p + j], 0x9e3779b1);
    h ^= h >>> 15;
  }
  return h & 0x3fffffff;
}

/** Where one seed window occurs in the live tokens: how often, and the first MAX_SEED_CANDIDATES places. */
interface Seed {
  count: number;
  positions: number[];
}
const NO_SEED: Seed = { count: 0, positions: [] };

/**
 * Locates every job's words in the live tokens `lt`, given the article's tokens `art`. Returns one Placement
 * per job in article order (repeated passages take live occurrences in order when nothing else tells them apart).
 */
export function locateSpans(art: Tokens, lt: Tokens, jobs: readonly SpanJob[]): Placement[] {
  // Seed windows: every SEED_WORDS-word window of every span (or the whole span when it is shorter). One pass
  // over the live tokens counts where each occurs and keeps the first MAX_SEED_CANDIDATES places.
  const seeds = new Map<number, Seed>();
  const sizes = new Set<number>();
  for (const { a, b } of jobs) {
    const w = Math.min(SEED_WORDS, b - a);
    sizes.add(w);
    for (let p = a; p + w <= b; p++) {
      const key = windowKey(art.hashes, p, w);
      if (!seeds.has(key)) seeds.set(key, { count: 0, positions: [] });
    }
  }
  for (const w of sizes) {
    for (let p = 0; p + w <= lt.length; p++) {
      const seed = seeds.get(windowKey(lt.hashes, p, w));
      if (seed === undefined) continue;
      if (seed.count++ < MAX_SEED_CANDIDATES) seed.positions.push(p);
    }
  }
  const seedAt = (p: number, w: number): Seed => seeds.get(windowKey(art.hashes, p, w)) ?? NO_SEED;

  const same = (i: number, j: number): boolean => art.hashes[i] === lt.hashes[j] && art.words[i] === lt.words[j];
  /** Words that match from article token i and live token j onwards, up to article token `limit`. */
  const extend = (i: number, j: number, limit: number): number => {
    let k = 0;
    while (i + k < limit && j + k < lt.length && same(i + k, j + k)) k++;
    return k;
  };
  /** Agreement of the words around article [a, b) and live [c, c + b - a), up to CONTEXT_WORDS each side. */
  const contextScore = (a: number, b: number, c: number): number => {
    let score = 0;
    for (let k = 1; k <= CONTEXT_WORDS && a - k >= 0 && c - k >= 0 && same(a - k, c - k); k++) score++;
    const d = c + (b - a);
    for (let k = 0; k < CONTEXT_WORDS && b + k < art.length && d + k < lt.length && same(b + k, d + k); k++) score++;
    return score;
  };

  // claims[j]: the article token that live token j was mapped to (-1: none). Distinct article passages with the
  // same words go to distinct live occurrences; overlapping spans (several sources) to the same one.
  const claims = new Int32Array(lt.length).fill(-1);
  const compatible = (a: number, c: number, n: number): boolean => {
    for (let k = 0; k < n; k++) {
      const claim = claims[c + k];
      if (claim !== -1 && claim !== a + k) return false;
    }
    return true;
  };
  const claim = (a: number, c: number, n: number): void => {
    for (let k = 0; k < n; k++) claims[c + k] = a + k;
  };

  /**
   * The live occurrence of the whole article sequence [a, b), or -1. Candidates come from the span's rarest
   * window, so that a span opening with a common phrase is still found on a page where that phrase occurs more
   * than MAX_SEED_CANDIDATES times.
   */
  const findWhole = (a: number, b: number): number => {
    const n = b - a;
    const w = Math.min(SEED_WORDS, n);
    let rarest = seedAt(a, w);
    let offset = 0;
    for (let p = a + 1; p + w <= b && rarest.count > 1; p++) {
      const seed = seedAt(p, w);
      if (seed.count < rarest.count) {
        rarest = seed;
        offset = p - a;
      }
    }
    let best = -1;
    let bestCompatible = false;
    let bestScore = -1;
    for (const position of rarest.positions) {
      const c = position - offset;
      if (c < 0) continue;
      if (extend(a, c, b) !== n) continue;
      const isCompatible = compatible(a, c, n);
      if (bestCompatible && !isCompatible) continue;
      const score = contextScore(a, b, c);
      // Document order among equals: candidates come in increasing c.
      if ((isCompatible && !bestCompatible) || score > bestScore) {
        best = c;
        bestCompatible = isCompatible;
        bestScore = score;
      }
    }
    return best;
  };

  /** Greedy cover of [a, b) by the longest live runs of >= MIN_FALLBACK_RUN_WORDS words: [article, live, n][]. */
  const findRuns = (a: number, b: number): Array<[number, number, number]> => {
    const runs: Array<[number, number, number]> = [];
    let i = a;
    while (i + MIN_FALLBACK_RUN_WORDS <= b) {
      let bestC = -1;
      let bestLen = 0;
      let bestCompatible = false;
      for (const c of seedAt(i, SEED_WORDS).positions) {
        const len = extend(i, c, b);
        if (len < MIN_FALLBACK_RUN_WORDS || len < bestLen) continue;
        const isCompatible = compatible(i, c, len);
        if (len > bestLen || (isCompatible && !bestCompatible)) {
          bestC = c;
          bestLen = len;
          bestCompatible = isCompatible;
        }
      }
      if (bestC < 0) {
        i++;
      } else {
        runs.push([i, bestC, bestLen]);
        i += bestLen;
      }
    }
    return runs;
  };

  // In article order, so that repeated passages take live occurrences in order when nothing else tells them apart.
  const order = jobs.slice().sort((x, y) => x.a - y.a || x.b - y.b || x.index - y.index);
  const placements: Placement[] = [];
  for (const job of order) {
    const { a, b } = job;
    const n = b - a;
    const c = lt.length > 0 ? findWhole(a, b) : -1;
    if (c >= 0) {
      claim(a, c, n);
      placements.push({ job, whole: true, runs: [[c, n]], covered: n });
      continue;
    }
    // Runs that follow each other on the page (the article had words the page lacks) make one run.
    const merged: Array<[number, number]> = [];
    let covered = 0;
    for (const [i, rc, len] of lt.length > 0 ? findRuns(a, b) : []) {
      claim(i, rc, len);
      covered += len;
      const last = merged[merged.length - 1];
      if (last !== undefined && last[0] + last[1] === rc) last[1] += len;
      else merged.push([rc, len]);
    }
    placements.push({ job, whole: false, runs: merged, covered });
  }
  return placements;
}
