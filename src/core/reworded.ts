/**
 * Reworded passages: a page sentence that says what a source sentence says, with substitutions and
 * reordering ("This failure of the Afghan leadership led to the tragedy we are witnessing today" →
 * "Afghan leadership failure resulted in the tragedy we are witnessing today").
 *
 * Sentences are compared as sets of content stems (see content-words.ts). A pair is reworded when they
 * share at least MIN_SHARED_STEMS stems, their Dice coefficient is at least MIN_DICE, and at least
 * MIN_SHARED_PAIRS pairs of stems that are adjacent in both (in either order) — the last condition keeps
 * two unrelated sentences about the same people ("Trump", "China", "trade") from passing.
 */
import type { SentenceInfo, TextAnalysis } from './analysis';
import { MIN_PASSAGE_CONTENT_WORDS } from './analysis';
import { combineUnordered } from './hash';

/** Shared distinct content stems needed. */
export const MIN_SHARED_STEMS = 4;
/** Dice coefficient (2|A∩B| / (|A| + |B|)) of the two content-stem sets needed. */
export const MIN_DICE = 0.6;
/** Adjacent content-stem pairs (unordered) shared by both sentences needed. */
export const MIN_SHARED_PAIRS = 2;
/**
 * Shortest page sentence (in words) considered for rewording. Shorter sentences are too generic to be
 * evidence ("Click here to get the Fox News app" is shared by every Fox News page), and a short one
 * that is copied word for word is a verbatim passage below the minimum, not a rewrite.
 */
export const MIN_REWORDED_WORDS = 10;
/** Share of a page sentence already matched verbatim above which it is not also checked for rewording. */
const MAX_VERBATIM_SHARE = 0.5;

const URL_RE = /https?:\/\/|www\.|\.(?:html?|php|aspx?)\b/i;

export interface RewordedPair {
  /** Page sentence tokens [pStart, pEnd). */
  pStart: number;
  pEnd: number;
  /** Source sentence tokens [sStart, sEnd). */
  sStart: number;
  sEnd: number;
  dice: number;
}

function pairSet(stems: number[]): Set<number> {
  const out = new Set<number>();
  for (let i = 1; i < stems.length; i++) out.add(combineUnordered(stems[i - 1], stems[i]));
  return out;
}

/** A page sentence that can be reworded from some source (see `rewordedPageSentences`). */
export interface RewordedPageSentence {
  sentence: SentenceInfo;
  /** Its distinct content stems. */
  set: Set<number>;
  /** Its adjacent stem pairs, computed on first use. */
  pairs: Set<number> | null;
}

/**
 * The page sentences worth comparing with any source: not flagged in `skip`, long enough, not a link, and
 * not mostly covered verbatim (`covered`). They depend on the page only, so a scan computes them once for
 * all its candidate sources.
 */
export function rewordedPageSentences(page: TextAnalysis, covered: Uint8Array, skip?: Uint8Array): RewordedPageSentence[] {
  const out: RewordedPageSentence[] = [];
  for (const [pi, ps] of page.sentences.entries()) {
    if (skip?.[pi]) continue;
    const set = new Set(ps.stems);
    if (set.size < MIN_PASSAGE_CONTENT_WORDS || ps.tokenEnd - ps.tokenStart < MIN_REWORDED_WORDS) continue;
    // A link is not a sentence: URL words ("news", "article", "php") say nothing about rewording.
    const raw = page.tokens.text.slice(page.tokens.starts[ps.tokenStart], page.tokens.ends[ps.tokenEnd - 1]);
    if (URL_RE.test(raw)) continue;
    let coveredWords = 0;
    for (let t = ps.tokenStart; t < ps.tokenEnd; t++) coveredWords += covered[t];
    if (coveredWords > MAX_VERBATIM_SHARE * (ps.tokenEnd - ps.tokenStart)) continue;
    out.push({ sentence: ps, set, pairs: null });
  }
  return out;
}

/**
 * Reworded sentence pairs between page and source. `covered` marks page tokens already matched
 * verbatim (by any source); sentences mostly covered are skipped, and so are the page sentences flagged
 * in `skip` (boilerplate, by index in `page.sentences`). `prepared`: `rewordedPageSentences(page, covered,
 * skip)`, when the caller compares the page with several sources (the same result, computed once).
 */
export function findReworded(
  page: TextAnalysis,
  source: TextAnalysis,
  covered: Uint8Array,
  skip?: Uint8Array,
  prepared: RewordedPageSentence[] = rewordedPageSentences(page, covered, skip),
): RewordedPair[] {
  if (prepared.length === 0) return [];
  const bySource = new Map<number, number[]>();
  const srcSets: Array<Set<number>> = [];
  source.sentences.forEach((s, idx) => {
    const set = new Set(s.stems);
    srcSets.push(set);
    if (set.size < MIN_PASSAGE_CONTENT_WORDS) return;
    for (const h of set) {
      const list = bySource.get(h);
      if (list) list.push(idx);
      else bySource.set(h, [idx]);
    }
  });
  const srcPairs = new Map<number, Set<number>>();
  const pairsOf = (idx: number, s: SentenceInfo): Set<number> => {
    let p = srcPairs.get(idx);
    if (!p) srcPairs.set(idx, (p = pairSet(s.stems)));
    return p;
  };

  const out: RewordedPair[] = [];
  for (const prep of prepared) {
    const ps = prep.sentence;
    const set = prep.set;
    const shared = new Map<number, number>();
    for (const h of set) for (const idx of bySource.get(h) ?? []) shared.set(idx, (shared.get(idx) ?? 0) + 1);
    let best: RewordedPair | null = null;
    for (const [idx, n] of shared) {
      if (n < MIN_SHARED_STEMS) continue;
      const dice = (2 * n) / (set.size + srcSets[idx].size);
      if (dice < MIN_DICE || (best && dice <= best.dice)) continue;
      const pagePairs = (prep.pairs ??= pairSet(ps.stems));
      let sharedPairs = 0;
      for (const p of pairsOf(idx, source.sentences[idx])) if (pagePairs.has(p)) sharedPairs++;
      if (sharedPairs < MIN_SHARED_PAIRS) continue;
      const ss = source.sentences[idx];
      best = { pStart: ps.tokenStart, pEnd: ps.tokenEnd, sStart: ss.tokenStart, sEnd: ss.tokenEnd, dice };
    }
    if (best) out.push(best);
  }
  return out;
}
