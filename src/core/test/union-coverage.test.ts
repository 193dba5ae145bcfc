import type { Match } from '../types';
import { mergeRanges, unionCoverage, unionWords } from '../union-coverage';

/** A match of source `id` with the given page spans (its other fields do not count here). */
function matchWith(id: string, sharedWords: number, ranges: Array<[number, number]>): Match {
  const spans = ranges.map(([start, end]) => ({ start, end, sourceStart: 0, sourceEnd: end - start, kind: 'verbatim' as const, quote: false, others: [] }));
  return { source: { id, title: null, outlet: null, url: null, published: null }, coverage: 0, sharedWords, spans, group: id };
}

test('merges overlapping and touching ranges', () => {
  expect(mergeRanges([[10, 20], [0, 5], [5, 8], [15, 30], [40, 40]])).toEqual([[0, 8], [10, 30]]);
});

test('counts a word shared by two sources once', () => {
  const text = 'one two three four five six seven eight nine ten';
  // "three … six" from A, "five … eight" from B: 6 distinct words, not 4 + 4.
  const a = matchWith('a', 4, [[8, 27]]);
  const b = matchWith('b', 4, [[19, 39]]);
  expect(text.slice(8, 27)).toBe('three four five six');
  expect(text.slice(19, 39)).toBe('five six seven eight');
  const report = { text, words: 10, matches: [a, b] };
  expect(unionWords(report)).toBe(6);
  expect(unionCoverage(report)).toBeCloseTo(0.6);
  expect(a.sharedWords + b.sharedWords).toBe(8);
});

test('is 0 for an empty page', () => {
  expect(unionCoverage({ text: '', words: 0, matches: [] })).toBe(0);
});
