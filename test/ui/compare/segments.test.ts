import { clipRanges, counterpart, paragraphBounds, passagePairs, segmentText, type PassageRange } from '../../../src/ui/compare/segments';
import { diffPair, MAX_EDIT_TOKENS, wordTokens } from '../../../src/ui/compare/word-diff';

const r = (start: number, end: number, passage: number, kind: PassageRange['kind'] = 'verbatim'): PassageRange => ({ start, end, passage, kind });

describe('segmentText', () => {
  test('covers the whole text with plain and passage runs', () => {
    expect(segmentText(20, [r(5, 10, 1), r(12, 15, 2, 'reworded')])).toEqual([
      { start: 0, end: 5, passage: null, kind: null },
      { start: 5, end: 10, passage: 1, kind: 'verbatim' },
      { start: 10, end: 12, passage: null, kind: null },
      { start: 12, end: 15, passage: 2, kind: 'reworded' },
      { start: 15, end: 20, passage: null, kind: null },
    ]);
  });

  test('adjacent passages stay separate, with no empty run between them', () => {
    expect(segmentText(10, [r(0, 4, 1), r(4, 10, 2, 'quote')])).toEqual([
      { start: 0, end: 4, passage: 1, kind: 'verbatim' },
      { start: 4, end: 10, passage: 2, kind: 'quote' },
    ]);
  });

  test('overlapping passages: the earlier keeps the overlap, a swallowed one disappears', () => {
    const runs = segmentText(30, [r(10, 20, 2), r(0, 15, 1), r(12, 18, 3), r(18, 25, 4)]);
    expect(runs).toEqual([
      { start: 0, end: 15, passage: 1, kind: 'verbatim' },
      { start: 15, end: 20, passage: 2, kind: 'verbatim' },
      { start: 20, end: 25, passage: 4, kind: 'verbatim' },
      { start: 25, end: 30, passage: null, kind: null },
    ]);
  });

  test('drops empty ranges and clamps to the text', () => {
    expect(segmentText(8, [r(3, 3, 1), r(6, 40, 2)])).toEqual([
      { start: 0, end: 6, passage: null, kind: null },
      { start: 6, end: 8, passage: 2, kind: 'verbatim' },
    ]);
    expect(segmentText(0, [])).toEqual([]);
  });

  test('clipRanges sorts by start and keeps ranges disjoint', () => {
    const out = clipRanges([r(5, 9, 2), r(0, 6, 1), r(7, 8, 3)]);
    expect(out.map((x) => [x.start, x.end, x.passage])).toEqual([
      [0, 6, 1],
      [6, 9, 2],
    ]);
  });
});

describe('passagePairs', () => {
  test('numbers spans in page order, classifies them, clamps offsets', () => {
    const pairs = passagePairs(
      {
        spans: [
          { start: 50, end: 60, sourceStart: 5, sourceEnd: 15, kind: 'reworded', quote: false, others: [] },
          { start: 0, end: 10, sourceStart: 90, sourceEnd: 120, kind: 'verbatim', quote: true, others: [] },
        ],
      },
      55,
      100,
    );
    expect(pairs).toEqual([
      { passage: 1, kind: 'quote', page: { start: 0, end: 10 }, source: { start: 90, end: 100 } },
      { passage: 2, kind: 'reworded', page: { start: 50, end: 55 }, source: { start: 5, end: 15 } },
    ]);
  });
});

test('paragraphBounds: one paragraph per non-blank line', () => {
  const text = 'One.\n\n  \nTwo two.\nThree\n';
  expect(paragraphBounds(text).map(([s, e]) => text.slice(s, e))).toEqual(['One.', 'Two two.', 'Three']);
  expect(paragraphBounds('')).toEqual([]);
});

test('counterpart falls back to the passage drawn over a swallowed one', () => {
  const drawn = clipRanges([r(0, 20, 1), r(5, 10, 2), r(30, 40, 3)]);
  expect(counterpart(drawn, 3, 30)).toBe(3);
  expect(counterpart(drawn, 2, 5)).toBe(1);
  expect(counterpart(drawn, 9, 25)).toBeNull();
});

describe('word differences', () => {
  test('identical passages have none', () => {
    expect(diffPair('The same words here.', 'The same words here.')).toEqual({ page: [], source: [] });
  });

  test('marks words only on one side, with exact offsets', () => {
    const page = 'shop owners said they were worried about losing customers';
    const source = 'shop owners said they feared losing customers';
    const d = diffPair(page, source)!;
    expect(d.page.map(([s, e]) => page.slice(s, e))).toEqual(['were worried about']);
    expect(d.source.map(([s, e]) => source.slice(s, e))).toEqual(['feared']);
  });

  test('quote style and dash kinds are not differences', () => {
    expect(diffPair('He said “it’s over” – finally', 'He said "it\'s over" - finally')).toEqual({ page: [], source: [] });
  });

  test('punctuation and case changes are', () => {
    const d = diffPair('Council voted, on Tuesday', 'council voted on Tuesday')!;
    expect(d.page.map(([s, e]) => 'Council voted, on Tuesday'.slice(s, e))).toEqual(['Council', ',']);
    expect(d.source.map(([s, e]) => 'council voted on Tuesday'.slice(s, e))).toEqual(['council']);
  });

  test('gives up on passages too different to mark', () => {
    const a = Array.from({ length: MAX_EDIT_TOKENS + 10 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: MAX_EDIT_TOKENS + 10 }, (_, i) => `b${i}`).join(' ');
    expect(diffPair(a, b)).toBeNull();
  });

  test('tokens are words and single punctuation marks', () => {
    expect(wordTokens("Afghanistan’s 3 U.S. leaders.").map((t) => t.key)).toEqual(["Afghanistan's", '3', 'U', '.', 'S', '.', 'leaders', '.']);
  });
});
