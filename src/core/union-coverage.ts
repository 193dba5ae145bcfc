/**
 * The share of an article copied from any source. Each match's coverage counts its own spans; sources can
 * share passages, so summing coverages double-counts (and can pass 100 %). This counts the page words that
 * lie in the union of all spans, the way the engine counts `sharedWords` (a word counts when it starts
 * inside a span).
 */
import { tokenize } from './tokenize';
import { lowerBound } from './sorted';
import type { PageReport } from './types';

export type Range = readonly [start: number, end: number];

/** Sorted, merged ranges: overlapping and touching ranges become one; empty ones are dropped. */
export function mergeRanges(ranges: Iterable<Range>): Array<[number, number]> {
  const sorted = [...ranges].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Page words in the union of every match's spans. */
export function unionWords(report: Pick<PageReport, 'text' | 'matches'>): number {
  const merged = mergeRanges(report.matches.flatMap((m) => m.spans.map((s): Range => [s.start, s.end])));
  if (merged.length === 0) return 0;
  const starts = tokenize(report.text).starts;
  let words = 0;
  for (const [s, e] of merged) words += lowerBound(starts, e) - lowerBound(starts, s);
  return words;
}

/** unionWords ÷ the page's words, 0..1. */
export function unionCoverage(report: Pick<PageReport, 'text' | 'matches' | 'words'>): number {
  if (report.words <= 0) return 0;
  return Math.min(1, unionWords(report) / report.words);
}
