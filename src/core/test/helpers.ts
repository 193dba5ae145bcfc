/** Shared helpers of the engine tests: the text generators and checks of scan results. */
import { normalizeWord, tokenize } from '../tokenize';

export { rng, randInt, pick, WORDS, sentence, filler, paragraphs, excerptPages } from './support/text-gen';

/** The comparison forms of the words of `text` (the engine's view of it). */
export function wordsOf(text: string): string[] {
  return tokenize(text).words;
}

/** Normalised words of a slice of text. */
export function sliceWords(text: string, start: number, end: number): string[] {
  return tokenize(text.slice(start, end)).words;
}

export { normalizeWord };

/**
 * Structural checks every scan result must pass: spans sorted and non-overlapping (within a match and
 * across matches, since each page word has one owner), offsets inside both texts, sharedWords and
 * coverage consistent with the spans, and (when `exact`) verbatim spans whose page words equal the
 * source slice's words.
 */
export function checkScanResult(
  result: import('../types').ScanResult,
  pageText: string,
  sourceText: (id: string) => string,
  opts: { exact?: boolean } = {},
): void {
  const page = tokenize(pageText);
  expect(result.words).toBe(page.length);
  const all: Array<[number, number]> = [];
  for (const m of result.matches) {
    expect(m.spans.length).toBeGreaterThan(0);
    let prevEnd = -1;
    let words = 0;
    const src = sourceText(m.source.id);
    for (const s of m.spans) {
      expect(s.start).toBeGreaterThanOrEqual(prevEnd);
      expect(s.end).toBeGreaterThan(s.start);
      expect(s.end).toBeLessThanOrEqual(pageText.length);
      expect(s.sourceEnd).toBeGreaterThan(s.sourceStart);
      expect(s.sourceEnd).toBeLessThanOrEqual(src.length);
      expect(s.others).not.toContain(m.source.id);
      prevEnd = s.end;
      all.push([s.start, s.end]);
      const pw = sliceWords(pageText, s.start, s.end);
      words += pw.length;
      // A span starts and ends on token boundaries.
      expect(Array.from(page.starts)).toContain(s.start);
      expect(Array.from(page.ends)).toContain(s.end);
      if (s.kind === 'verbatim' && opts.exact !== false) expect(pw).toEqual(sliceWords(src, s.sourceStart, s.sourceEnd));
    }
    expect(m.sharedWords).toBe(words);
    expect(m.coverage).toBeCloseTo(words / page.length, 12);
  }
  all.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < all.length; i++) expect(all[i][0]).toBeGreaterThanOrEqual(all[i - 1][1]);
  expect(result.sourceCount).toBe(new Set(result.matches.map((m) => m.group)).size);
  for (let i = 1; i < result.matches.length; i++) {
    expect(result.matches[i].sharedWords).toBeLessThanOrEqual(result.matches[i - 1].sharedWords);
  }
}
