import fc from 'fast-check';
import { capturedToEvict, type CapturedEntry } from '../../src/store/corpus/capture-limits';
import type { CaptureLimits } from '../../src/shared/settings';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-04T12:00:00Z');
const at = (daysAgo: number): string => new Date(NOW - daysAgo * DAY).toISOString();
const entry = (id: string, daysAgo: number, textBytes = 1000): CapturedEntry => ({ id, addedAt: at(daysAgo), textBytes });
const LOOSE: CaptureLimits = { articles: 1000, days: 1000, megabytes: 1000 };

test('nothing goes while every limit holds', () => {
  expect(capturedToEvict([entry('a', 1), entry('b', 2)], LOOSE, NOW)).toEqual([]);
});

test('articles older than the day limit go, oldest first', () => {
  expect(capturedToEvict([entry('new', 1), entry('old', 40), entry('older', 50)], { ...LOOSE, days: 30 }, NOW)).toEqual(['older', 'old']);
});

test('over the count, the oldest go until the limit holds', () => {
  const entries = [entry('a', 5), entry('b', 4), entry('c', 3), entry('d', 2), entry('e', 1)];
  expect(capturedToEvict(entries, { ...LOOSE, articles: 2 }, NOW)).toEqual(['a', 'b', 'c']);
});

test('over the size, the oldest go until the text fits', () => {
  const MB = 1024 * 1024;
  const entries = [entry('a', 3, MB), entry('b', 2, MB), entry('c', 1, MB)];
  expect(capturedToEvict(entries, { ...LOOSE, megabytes: 2 }, NOW)).toEqual(['a']);
  expect(capturedToEvict(entries, { ...LOOSE, megabytes: 1 }, NOW)).toEqual(['a', 'b']);
});

test('an unreadable time counts as oldest', () => {
  expect(capturedToEvict([entry('a', 1), { id: 'bad', addedAt: 'not a date', textBytes: 10 }], { ...LOOSE, articles: 1 }, NOW)).toEqual(['bad']);
});

/** The rule said plainly: keep the newest articles that satisfy all three limits, as a prefix of newest-first. */
function reference(entries: readonly CapturedEntry[], limits: CaptureLimits, now: number): string[] {
  const t = (e: CapturedEntry) => (Number.isFinite(Date.parse(e.addedAt)) ? Date.parse(e.addedAt) : -Infinity);
  const newestFirst = [...entries].sort((a, b) => t(b) - t(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const kept = new Set<string>();
  let bytes = 0;
  for (const e of newestFirst) {
    if (t(e) < now - limits.days * DAY || kept.size >= limits.articles || bytes + e.textBytes > limits.megabytes * 1024 * 1024) break;
    kept.add(e.id);
    bytes += e.textBytes;
  }
  return newestFirst.filter((e) => !kept.has(e.id)).reverse().map((e) => e.id);
}

test('property: same ids as the plain reference, and what stays is within every limit', () => {
  const entries = fc.uniqueArray(
    fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), daysAgo: fc.integer({ min: 0, max: 400 }), textBytes: fc.integer({ min: 0, max: 3 * 1024 * 1024 }) }),
    { selector: (e) => e.id, maxLength: 60 },
  );
  const limits = fc.record({ articles: fc.integer({ min: 1, max: 80 }), days: fc.integer({ min: 1, max: 500 }), megabytes: fc.integer({ min: 1, max: 50 }) });
  fc.assert(
    fc.property(entries, limits, (raw, lim) => {
      const list = raw.map((e) => entry(e.id, e.daysAgo, e.textBytes));
      const evicted = capturedToEvict(list, lim, NOW);
      expect(evicted).toEqual(reference(list, lim, NOW));
      const gone = new Set(evicted);
      const kept = list.filter((e) => !gone.has(e.id));
      expect(kept.length).toBeLessThanOrEqual(lim.articles);
      expect(kept.reduce((n, e) => n + e.textBytes, 0)).toBeLessThanOrEqual(lim.megabytes * 1024 * 1024);
      for (const e of kept) expect(Date.parse(e.addedAt)).toBeGreaterThanOrEqual(NOW - lim.days * DAY);
    }),
    { numRuns: 500, seed: 6 },
  );
});
