/**
 * Verbatim alignment of a page against one source: the exact shared word runs, chained across small
 * edits into passages, as token ranges in both texts.
 *
 * 1. Seed: every 5-word shingle the page shares with the source gives a diagonal; extend it word by word
 *    into a maximal exact run (words compared, so a hash collision never makes a match).
 * 2. Select: longest runs first, each page word used once. Runs are found independently of their order,
 *    so reordered paragraphs align, and a page that repeats a passage matches it each time.
 * 3. Chain: consecutive runs (in both texts) separated by at most MAX_GAP_WORDS words on each side merge
 *    into one passage: an edited word or two does not split a copied paragraph.
 * 4. Keep: a passage is verbatim only if it holds an exact run of at least `minWords` words (its anchor).
 */
import type { Analysis, TextAnalysis } from './analysis';
import { SHINGLE_WORDS } from './shingle';

/** An exact shared run: page tokens [p, p + len) equal source tokens [s, s + len). */
export interface ExactRun {
  p: number;
  s: number;
  len: number;
  /**
   * Length of the maximal exact run this one was cut from by `selectRuns` (when other runs claimed part
   * of its page words); absent when it is the whole run.
   */
  full?: number;
}

/** A verbatim passage: page tokens [pStart, pEnd) ~ source tokens [sStart, sEnd). */
export interface Passage {
  pStart: number;
  pEnd: number;
  sStart: number;
  sEnd: number;
  /** The exact runs inside, in page order. */
  runs: ExactRun[];
  /** Length of the longest exact run (before `selectRuns` cut it, see ExactRun.full). */
  anchor: number;
}

/**
 * Default minimum verbatim passage, in words (its longest exact run). Twelve words is a sentence's worth:
 * on the 181 unrelated AEB news pages, the shared runs between different outlets' texts that are not
 * quotes or boilerplate stay below it (see docs/ARCHITECTURE.md), while copied sentences clear it. It is
 * also the winnowing guarantee (WINNOW_WINDOW + SHINGLE_WORDS − 1), so every such run is a candidate.
 */
export const DEFAULT_MIN_WORDS = 12;

/**
 * The minimum a reader may choose, in the options page and with the CLI's `--min-words`: below 8 words,
 * chance overlaps of stock phrases between unrelated texts start to be reported; above 60, only long unbroken
 * copies show.
 */
export const MIN_WORDS_RANGE = { min: 8, max: 60 } as const;

/** Largest edit, in words on either side, that does not split a passage. */
export const MAX_GAP_WORDS = 4;

/** A shingle occurring more often than this in one source is skipped as a seed (repetitive text). */
const MAX_SEED_POSITIONS = 32;

/**
 * All maximal exact runs of at least SHINGLE_WORDS words shared by page and source. `pageShingles`: the set
 * of `page.shingles`, when the caller aligns the page with several sources (only the source shingles the
 * page has are looked up anyway, so the others are not recorded; the result is the same).
 */
export function exactRuns(page: TextAnalysis, source: TextAnalysis, boilerplate?: Int8Array, pageShingles?: ReadonlySet<number>): ExactRun[] {
  const k = SHINGLE_WORDS;
  const pw = page.tokens.words;
  const sw = source.tokens.words;
  const positions = new Map<number, number | number[]>();
  const ss = source.shingles;
  for (let j = 0; j < ss.length; j++) {
    if (pageShingles && !pageShingles.has(ss[j])) continue;
    const cur = positions.get(ss[j]);
    if (cur === undefined) positions.set(ss[j], j);
    else if (typeof cur === 'number') positions.set(ss[j], [cur, j]);
    else if (cur.length < MAX_SEED_POSITIONS) cur.push(j);
  }
  if (positions.size === 0) return [];
  const reached = new Map<number, number>();
  const runs: ExactRun[] = [];
  const ps = page.shingles;
  for (let i = 0; i < ps.length; i++) {
    const found = positions.get(ps[i]);
    if (found === undefined) continue;
    const list = typeof found === 'number' ? [found] : found;
    for (const j of list) {
      const diagonal = j - i;
      if ((reached.get(diagonal) ?? -1) > i) continue;
      let ok = true;
      for (let t = 0; t < k; t++) {
        if (pw[i + t] !== sw[j + t]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      let len = k;
      while (i + len < pw.length && j + len < sw.length && pw[i + len] === sw[j + len]) len++;
      reached.set(diagonal, i + len);
      runs.push({ p: i, s: j, len });
    }
  }
  if (!boilerplate) return runs;
  // A run whose indexed fingerprints are all boilerplate (very common in the corpus) is not evidence of
  // copying. Runs of 12+ words always hold at least one fingerprint (the winnowing guarantee).
  return runs.filter((r) => {
    let common = false;
    for (let i = r.p; i + k <= r.p + r.len; i++) {
      if (boilerplate[i] === 0) return true;
      if (boilerplate[i] === 1) common = true;
    }
    return !common;
  });
}

/**
 * Per page shingle: 1 when it is a fingerprint too common in the corpus (boilerplate), 0 when it is an
 * ordinary fingerprint, −1 when it is not a fingerprint (unknown frequency).
 */
export function boilerplateMask(page: Analysis, isCommon: (fingerprint: number) => boolean): Int8Array {
  const mask = new Int8Array(page.shingles.length).fill(-1);
  for (const pos of page.winnowPositions) mask[pos] = isCommon(page.shingles[pos]) ? 1 : 0;
  return mask;
}

/**
 * Longest-first selection of runs so that each page word belongs to at most one run. A run partly claimed
 * by a longer one keeps its unclaimed pieces, however short: they are still part of an exact shared run
 * of `full` words (which anchors them), at another place in the source.
 */
export function selectRuns(runs: ExactRun[], pageLength: number): ExactRun[] {
  const claimed = new Uint8Array(pageLength);
  const sorted = [...runs].sort((a, b) => b.len - a.len || a.p - b.p || a.s - b.s);
  const chosen: ExactRun[] = [];
  for (const r of sorted) {
    let i = r.p;
    const end = r.p + r.len;
    while (i < end) {
      while (i < end && claimed[i]) i++;
      const from = i;
      while (i < end && !claimed[i]) i++;
      if (i > from) {
        const full = r.full ?? r.len;
        chosen.push(i - from === full ? { p: from, s: r.s + (from - r.p), len: full } : { p: from, s: r.s + (from - r.p), len: i - from, full });
        claimed.fill(1, from, i);
      }
    }
  }
  return chosen.sort((a, b) => a.p - b.p);
}

/** Chain selected runs into passages and keep those anchored by a run of at least `minWords` words. */
export function chainRuns(runs: ExactRun[], minWords: number): Passage[] {
  const passages: Passage[] = [];
  let cur: Passage | null = null;
  for (const r of runs) {
    if (
      cur &&
      r.p >= cur.pEnd &&
      r.p - cur.pEnd <= MAX_GAP_WORDS &&
      r.s >= cur.sEnd &&
      r.s - cur.sEnd <= MAX_GAP_WORDS
    ) {
      cur.pEnd = r.p + r.len;
      cur.sEnd = r.s + r.len;
      cur.runs.push(r);
      cur.anchor = Math.max(cur.anchor, r.full ?? r.len);
      continue;
    }
    if (cur) passages.push(cur);
    cur = { pStart: r.p, pEnd: r.p + r.len, sStart: r.s, sEnd: r.s + r.len, runs: [r], anchor: r.full ?? r.len };
  }
  if (cur) passages.push(cur);
  return passages.filter((p) => p.anchor >= minWords);
}

/** Verbatim passages of `page` found in `source`. */
export function alignVerbatim(
  page: TextAnalysis,
  source: TextAnalysis,
  minWords: number = DEFAULT_MIN_WORDS,
  boilerplate?: Int8Array,
  pageShingles?: ReadonlySet<number>,
): Passage[] {
  const runs = selectRuns(exactRuns(page, source, boilerplate, pageShingles), page.tokens.length);
  return chainRuns(runs, minWords);
}

/** Source token aligned with page token `t` inside a passage (the nearest run's mapping in gaps). */
export function mapToSource(passage: Passage, t: number): number {
  let best = passage.runs[0];
  for (const r of passage.runs) {
    if (r.p <= t) best = r;
    else break;
  }
  if (t < best.p + best.len) return best.s + (t - best.p);
  return best.s + best.len - 1;
}
