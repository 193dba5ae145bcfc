/**
 * Maps match spans (UTF-16 offsets into the text that `extractArticle` built from a CLONE of the page) back onto
 * the LIVE page as DOM Ranges, so the content script can highlight them.
 *
 * The extracted text and the live DOM differ: Readability drops and reorders nodes, inline markup may split a
 * word (`Stol<span>ten</span>berg`), and characters may differ slightly (quotes, `&nbsp;`, whitespace). So the
 * mapping is by WORDS, with the engine's own tokenizer on both sides:
 *
 * 1. `indexLiveText` (live-text.ts; `indexLiveTextSliced` in live-text-sliced.ts) indexes the visible text of the
 *    live page once and tokenizes it.
 * 2. `mapSpans` (here) turns each span into the article's token sequence, locates it among the live tokens
 *    (span-locator.ts: anywhere on the page, or by its longest sub-runs when it was edited) and builds the
 *    Ranges over the text nodes those tokens lie in.
 *
 * This module is the content script's entry to the mapping: it re-exports the indexing API it builds on.
 * Never modifies the DOM. Uses no `document`/`window` globals: everything comes from `root.ownerDocument`.
 */
/* eslint no-restricted-globals: ["error", "document", "window"] */
import { tokenize, type Tokens, lowerBound } from '@wiretrace/engine';
import type { LiveText } from './live-text';
import { locateSpans, type SpanJob } from './span-locator';

export { indexLiveText, isSkippedElement, UI_HOST_ATTRIBUTE, type LiveText } from './live-text';
export { indexLiveTextSliced, joinTokens, tokenizeSliced, TOKENIZE_PIECE_CHARS, type Slicer } from './live-text-sliced';
export { CONTEXT_WORDS, MAX_SEED_CANDIDATES, MIN_FALLBACK_RUN_WORDS, SEED_WORDS } from './span-locator';

/** Separator between the covered texts of a partially mapped span's runs in `MappedSpan.text`. */
const RUN_JOINER = ' … ';

/** Whitespace runs, collapsed in `MappedSpan.text`. */
const WHITESPACE_RUN_RE = /\s+/g;

export interface MappedSpan {
  /** Index of the span in the array given to `mapSpans`. */
  index: number;
  /** One Range per contiguous matched run, in the span's word order. Empty when nothing matched. */
  ranges: Range[];
  /** The live text covered, whitespace collapsed; runs of a partial mapping are joined with " … ". */
  text: string;
  /**
   * Every word of the span is covered: the whole sequence was found, or (rarely) the fallback runs cover all of
   * it (for instance a span across two paragraphs that Readability reordered).
   */
  complete: boolean;
}

/** Index of the live text node holding character `pos` of `live.text` (pos never falls on a separator). */
function nodeAt(live: LiveText, pos: number): number {
  return Math.max(0, lowerBound(live.nodeStarts, pos + 1) - 1);
}

const notFound = (index: number): MappedSpan => ({ index, ranges: [], text: '', complete: false });

/**
 * Range over live tokens [c, c + n), or null if the DOM no longer allows it. (In jsdom, setStart/setEnd walk
 * the document to compare boundary points, so each cross-node Range costs O(page); browsers do it in
 * O(depth + siblings).)
 */
function makeRange(live: LiveText, c: number, n: number): Range | null {
  const lt = live.tokens;
  const from = lt.starts[c];
  const to = lt.ends[c + n - 1];
  const startNode = nodeAt(live, from);
  const endNode = nodeAt(live, to - 1);
  try {
    const range = live.doc.createRange();
    const sn = live.nodes[startNode];
    const en = live.nodes[endNode];
    range.setStart(sn, Math.min(from - live.nodeStarts[startNode], sn.length));
    range.setEnd(en, Math.min(to - live.nodeStarts[endNode], en.length));
    return range;
  } catch {
    return null; // the page changed since indexing (node shortened, removed from a shadow tree…)
  }
}

function runText(live: LiveText, c: number, n: number): string {
  return live.text.slice(live.tokens.starts[c], live.tokens.ends[c + n - 1]).replace(WHITESPACE_RUN_RE, ' ');
}

/**
 * Map spans of `articleText` onto the live page indexed by `live`. Returns one MappedSpan per usable span, in
 * input order; spans that are not objects with finite offsets, are empty, out of `articleText`'s range or hold
 * no word are skipped. A span covers the article words it overlaps (whole words). Never throws on bad input.
 */
export function mapSpans(
  live: LiveText,
  articleText: string,
  spans: Array<{ start: number; end: number }>,
  /** `tokenize(articleText)` when the caller has it already (tokenized in slices: see tokenizeSliced). */
  articleTokens?: Tokens,
): MappedSpan[] {
  if (typeof articleText !== 'string' || !Array.isArray(spans) || spans.length === 0) return [];
  const art = articleTokens !== undefined && articleTokens.text === articleText ? articleTokens : tokenize(articleText);

  // The spans as article token ranges.
  const jobs: SpanJob[] = [];
  for (let index = 0; index < spans.length; index++) {
    const s = spans[index] as { start?: unknown; end?: unknown } | null | undefined;
    if (s === null || typeof s !== 'object') continue;
    const { start, end } = s;
    if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end)) continue;
    if (start < 0 || end > articleText.length || start >= end) continue;
    const a = lowerBound(art.ends, start + 1); // first token ending after `start`
    const b = lowerBound(art.starts, end); // first token starting at or after `end`
    if (b > a) jobs.push({ index, a, b });
  }
  if (jobs.length === 0) return [];

  const results = new Map<number, MappedSpan>();
  for (const { job, whole, runs, covered } of locateSpans(art, live.tokens, jobs)) {
    const { index } = job;
    if (whole) {
      const [c, n] = runs[0];
      const range = makeRange(live, c, n);
      results.set(index, range ? { index, ranges: [range], text: runText(live, c, n), complete: true } : notFound(index));
      continue;
    }
    let complete = covered === job.b - job.a;
    const ranges: Range[] = [];
    const texts: string[] = [];
    for (const [rc, len] of runs) {
      const range = makeRange(live, rc, len);
      if (range === null) {
        complete = false; // the page changed
        continue;
      }
      ranges.push(range);
      texts.push(runText(live, rc, len));
    }
    results.set(index, { index, ranges, text: texts.join(RUN_JOINER), complete });
  }
  return jobs.map((j) => results.get(j.index)!);
}
