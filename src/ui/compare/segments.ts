/**
 * Pure text segmentation for the compare page: a text cut into plain and passage runs from a match's spans
 * (on either side), paragraphs, and which passage answers which on the other side. No DOM here.
 */
import type { Match } from '@wiretrace/engine';
import { passageKind, type PassageKind } from '../../shared/passage-kind';

export interface PassageRange {
  start: number;
  end: number;
  /** 1-based number of the passage in page order; the same number on both sides. */
  passage: number;
  kind: PassageKind;
}

export interface Run {
  start: number;
  end: number;
  passage: number | null;
  kind: PassageKind | null;
}

/** One aligned pair: the passage's range in the page and in the source. */
export interface PassagePair {
  passage: number;
  kind: PassageKind;
  page: { start: number; end: number };
  source: { start: number; end: number };
}

/** The spans of a match as numbered pairs, in page order, with offsets clamped to the texts' lengths. */
export function passagePairs(match: Pick<Match, 'spans'>, pageLength: number, sourceLength: number): PassagePair[] {
  const clamp = (x: number, len: number): number => Math.max(0, Math.min(len, Math.trunc(Number.isFinite(x) ? x : 0)));
  return [...match.spans]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((s, i) => ({
      passage: i + 1,
      kind: passageKind(s),
      page: { start: clamp(s.start, pageLength), end: clamp(s.end, pageLength) },
      source: { start: clamp(s.sourceStart, sourceLength), end: clamp(s.sourceEnd, sourceLength) },
    }));
}

/**
 * Sorted, non-overlapping ranges: where ranges overlap, the earlier-starting one keeps the shared stretch and
 * the later one is cut to begin where it ends (and is dropped when nothing is left). Within one side the
 * engine never overlaps spans, but the source side can: one source passage copied twice into the page.
 */
export function clipRanges(ranges: readonly PassageRange[]): PassageRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || b.end - a.end || a.passage - b.passage);
  const out: PassageRange[] = [];
  let reached = 0;
  for (const r of sorted) {
    const start = Math.max(r.start, reached);
    if (start >= r.end) continue;
    out.push({ ...r, start });
    reached = r.end;
  }
  return out;
}

/** The whole text [0, length) as runs: passage runs from `ranges` (clipped) and plain runs between them. */
export function segmentText(length: number, ranges: readonly PassageRange[]): Run[] {
  const runs: Run[] = [];
  let pos = 0;
  for (const r of clipRanges(ranges)) {
    const start = Math.min(r.start, length);
    const end = Math.min(r.end, length);
    if (start >= end) continue;
    if (start > pos) runs.push({ start: pos, end: start, passage: null, kind: null });
    runs.push({ start, end, passage: r.passage, kind: r.kind });
    pos = end;
  }
  if (pos < length) runs.push({ start: pos, end: length, passage: null, kind: null });
  return runs;
}

/** [start, end) of each line holding more than white space; a paragraph per line keeps huge texts cheap to lay out. */
export function paragraphBounds(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (/\S/.test(text.slice(start, end))) out.push([start, end]);
    start = end + 1;
  }
  return out;
}

/**
 * The passage to show on a side for passage `n`: `n` itself when that side drew it, else the drawn passage
 * covering the counterpart's start (its range was merged into an overlapping one), else null.
 */
export function counterpart(drawn: readonly PassageRange[], n: number, at: number): number | null {
  if (drawn.some((r) => r.passage === n)) return n;
  const covering = drawn.find((r) => r.start <= at && at < r.end);
  return covering ? covering.passage : null;
}
