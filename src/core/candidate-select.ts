/**
 * Candidate ranking shared by every index: the in-memory `CorpusIndex` and the team server (which tallies
 * the same counters from PostgreSQL). Given, per touched document ordinal, how many verbatim fingerprints
 * and passage keys it shares with the page and its rarity-weighted score, pick the candidates to align.
 */
import type { Candidate } from './corpus-index';

/**
 * Document-frequency limit: a key posted by more documents than this is boilerplate. At least
 * DF_MIN_DOCS, so a quote that a handful of outlets ran is never suppressed in a small corpus, and
 * DF_FRACTION of the corpus beyond that.
 */
export const DF_MIN_DOCS = 10;
export const DF_FRACTION = 0.01;
/** Highest document frequency of a usable passage key (see passageDfLimitFor). */
export const PASSAGE_DF_MAX = 100;

/** Most verbatim candidates aligned per page (ranked by shared fingerprints). */
export const MAX_VERBATIM_CANDIDATES = 40;
/** Most reworded-only candidates aligned per page (ranked by shared passage keys). */
export const MAX_REWORDED_CANDIDATES = 10;
/**
 * Of those, most that share a single passage key. In a large corpus a few unrelated sentences collide
 * on one band by chance (that is the S-curve's tail); a rewritten article shares several keys. Keeping a
 * few single-key candidates still finds a lone reworded sentence when it is among the best.
 */
export const MAX_SINGLE_HIT_REWORDED_CANDIDATES = 3;

/** The fingerprint document-frequency limit of a corpus of `live` documents. */
export function dfLimitFor(live: number): number {
  return Math.max(DF_MIN_DOCS, Math.ceil(DF_FRACTION * live));
}

/**
 * Passage keys get a lower ceiling than fingerprints: a band key (two content stems of one sentence)
 * posted by more than PASSAGE_DF_MAX documents is a topical pair ("trump … tariff"), not evidence of a
 * rewrite — a rewritten article shares several rarer keys. Fingerprints keep the corpus-share limit, so
 * a wire story that a hundred papers in the corpus ran is still a match.
 */
export function passageDfLimitFor(live: number): number {
  return Math.min(dfLimitFor(live), Math.max(DF_MIN_DOCS, PASSAGE_DF_MAX));
}

/** Per-ordinal counters of one query: indexed by document ordinal. */
export interface CandidateTally {
  /** Distinct verbatim fingerprints shared with the page. */
  fp: ArrayLike<number>;
  /** Distinct passage band keys shared with the page. */
  pk: ArrayLike<number>;
  /** Sum of 1 / document frequency over the shared fingerprints. */
  score: ArrayLike<number>;
}

export interface SelectOptions {
  maxVerbatim?: number;
  maxReworded?: number;
}

/**
 * The candidates among the `touched` ordinals: documents sharing at least one fingerprint (ranked by score,
 * then hits, then ordinal), then documents sharing only passage keys (ranked by how many).
 */
export function selectCandidates(touched: readonly number[], s: CandidateTally, opts: SelectOptions = {}): Candidate[] {
  // Top-K selections: no object per touched document, no full sort.
  const better = (a: number, b: number): boolean => {
    if (s.score[a] !== s.score[b]) return s.score[a] > s.score[b];
    if (s.fp[a] !== s.fp[b]) return s.fp[a] > s.fp[b];
    if (s.pk[a] !== s.pk[b]) return s.pk[a] > s.pk[b];
    return a < b;
  };
  const betterReworded = (a: number, b: number): boolean => (s.pk[a] !== s.pk[b] ? s.pk[a] > s.pk[b] : a < b);
  const maxV = opts.maxVerbatim ?? MAX_VERBATIM_CANDIDATES;
  const maxR = opts.maxReworded ?? MAX_REWORDED_CANDIDATES;
  const verbatim = topK(touched, (o) => s.fp[o] > 0, maxV, better);
  const multi = topK(touched, (o) => s.fp[o] === 0 && s.pk[o] > 1, maxR, betterReworded);
  const single = topK(touched, (o) => s.fp[o] === 0 && s.pk[o] === 1, MAX_SINGLE_HIT_REWORDED_CANDIDATES, betterReworded);
  const reworded = [...multi, ...single].slice(0, maxR);
  return [...verbatim, ...reworded].map((ord) => ({ ord, fingerprintHits: s.fp[ord], passageHits: s.pk[ord], score: s.score[ord] }));
}

/** The best `k` items of `items` passing `keep`, best first (`better(a, b)`: a ranks before b). */
function topK(items: readonly number[], keep: (x: number) => boolean, k: number, better: (a: number, b: number) => boolean): number[] {
  const top: number[] = [];
  if (k <= 0) return top;
  for (const x of items) {
    if (!keep(x)) continue;
    if (top.length === k && !better(x, top[k - 1])) continue;
    // Insert in order (k is small: 40 at most).
    let at = top.length < k ? top.length : k - 1;
    while (at > 0 && better(x, top[at - 1])) at--;
    if (top.length < k) top.splice(at, 0, x);
    else {
      top.pop();
      top.splice(at, 0, x);
    }
  }
  return top;
}
