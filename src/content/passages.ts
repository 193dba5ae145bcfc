/**
 * Passages: one per span of the scan result that was found on the page, in document order (the order of the
 * keyboard's next/previous), with the live Ranges that the overlay draws. The step logic is pure.
 */
import type { Match, MatchSpan, ScanResult } from '@wiretrace/engine';

export { passageKind, type PassageKind };
import { passageKind, type PassageKind } from '../shared/passage-kind';
import type { MappedSpan } from './dom-map';
import { yieldToMain } from './scheduling';

export interface Passage {
  match: Match;
  span: MatchSpan;
  kind: PassageKind;
  /** Live Ranges of the passage (one unless the page differs from the extracted text inside it). */
  ranges: Range[];
  /** The live page text that is highlighted: the Ranges' text, joined with RUN_JOINER when there are several. */
  text: string;
}

/** Between the texts of a passage's Ranges when the page holds it in pieces (as dom-map's `MappedSpan.text`). */
export const RUN_JOINER = ' … ';

/** A span of the result with where it came from: `result.matches[match].spans[span]`. */
export interface SpanRef {
  match: number;
  span: number;
}

/** Every span of every match, flattened in result order (the order `mapSpans` is given them). */
export function flattenSpans(result: Pick<ScanResult, 'matches'>): { refs: SpanRef[]; spans: MatchSpan[] } {
  const refs: SpanRef[] = [];
  const spans: MatchSpan[] = [];
  result.matches.forEach((m, match) => {
    m.spans.forEach((s, span) => {
      refs.push({ match, span });
      spans.push(s);
    });
  });
  return { refs, spans };
}

/**
 * Passages are built in chunks of this many, yielding to the page between chunks: `Range.toString` and the
 * document-order comparisons walk the DOM, and a page with thousands of spans must not block input for long.
 */
export const PASSAGE_CHUNK = 200;

/** Range.START_TO_START, as a literal so that Ranges of any window (the page's, jsdom's) compare. */
const START_TO_START = 0;

/** Document order of two Ranges by their starts; 0 when they cannot be compared (a node left the document). */
export function compareRanges(a: Range, b: Range): number {
  try {
    return a.compareBoundaryPoints(START_TO_START, b);
  } catch {
    return 0;
  }
}

/**
 * The passages that were found on the page (`mapped` from `mapSpans(…, spans)` with `refs` from `flattenSpans`),
 * sorted in document order. `isCurrent` is asked between chunks: when it turns false (a newer check started),
 * building stops and null is returned.
 */
export async function buildPassages(
  result: Pick<ScanResult, 'matches'>,
  refs: readonly SpanRef[],
  mapped: readonly MappedSpan[],
  isCurrent: () => boolean = () => true,
): Promise<Passage[] | null> {
  const out: Passage[] = [];
  for (let i = 0; i < mapped.length; i++) {
    if (i > 0 && i % PASSAGE_CHUNK === 0) {
      await yieldToMain();
      if (!isCurrent()) return null;
    }
    const m = mapped[i];
    if (m.ranges.length === 0) continue;
    const ref = refs[m.index];
    const match = result.matches[ref.match];
    const span = match.spans[ref.span];
    out.push({ match, span, kind: passageKind(span), ranges: m.ranges, text: m.text });
  }
  if (out.length > PASSAGE_CHUNK) {
    await yieldToMain();
    if (!isCurrent()) return null;
  }
  out.sort((a, b) => compareRanges(a.ranges[0], b.ranges[0]));
  return out;
}

/** The passage after (1) or before (−1) `current` among `total`, wrapping around; -1 when there are none. */
export function stepIndex(current: number, direction: 1 | -1, total: number): number {
  if (total <= 0) return -1;
  if (current < 0 || current >= total) return direction === 1 ? 0 : total - 1;
  return (current + direction + total) % total;
}

/**
 * Where the first step goes when no passage was visited yet: the first passage whose top is at or below `y`
 * (the top of the viewport) going forward, the last one above it going back; wrapping around when none is.
 * `tops` are the passages' tops in document order (NaN when a passage has no box).
 */
export function firstStep(tops: readonly number[], y: number, direction: 1 | -1): number {
  if (tops.length === 0) return -1;
  if (direction === 1) {
    const i = tops.findIndex((t) => t >= y);
    return i < 0 ? 0 : i;
  }
  for (let i = tops.length - 1; i >= 0; i--) if (tops[i] < y) return i;
  return tops.length - 1;
}
