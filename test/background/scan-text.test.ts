/**
 * scanText's bound on source metadata: a record's title, outlet or url of megabytes (a hostile or broken
 * corpus file) must not reach the tab's results, which live in storage.session (10 MB for the whole
 * extension): a 10 MB title once made them unstorable, so the popup never showed the page's sources.
 */
import { boundSourceFields } from '../../src/background/scan-text';
import { MAX_FIELD_CHARS } from '../../src/background/validate';
import { pageFacts, type ScanResult } from '@wiretrace/engine';

function result(source: Partial<ScanResult['matches'][number]['source']>): ScanResult {
  const matches: ScanResult['matches'] = [
      {
        source: { id: 'r1', title: null, outlet: null, url: null, published: null, ...source },
        coverage: 0.5,
        sharedWords: 50,
        spans: [{ start: 0, end: 10, sourceStart: 0, sourceEnd: 10, kind: 'verbatim', quote: false, others: [] }],
        group: 'r1',
      },
  ];
  return { words: 100, sourceCount: 1, matches, facts: pageFacts(Uint32Array.from({ length: 100 }, (_, i) => i * 2), matches, 1) };
}

test('a 10 MB title and outlet are cut to MAX_FIELD_CHARS; an over-long url is dropped, not cut', () => {
  const huge = 'W'.repeat(10 * 1024 * 1024);
  const bounded = boundSourceFields(result({ title: huge, outlet: huge, url: `https://example.com/${huge}`, published: huge }));
  const s = bounded.matches[0].source;
  expect(s.title).toBe(huge.slice(0, MAX_FIELD_CHARS));
  expect(s.outlet).toHaveLength(MAX_FIELD_CHARS);
  expect(s.published).toHaveLength(MAX_FIELD_CHARS);
  // A cut URL would point at another page.
  expect(s.url).toBeNull();
  expect(JSON.stringify(bounded).length).toBeLessThan(4 * MAX_FIELD_CHARS + 1_000);
});

test('ordinary fields, ids, spans and figures pass unchanged', () => {
  const r = result({ title: 'Storm hits coast', outlet: 'AP', url: 'https://apnews.com/a', published: '2024-03-01' });
  expect(boundSourceFields(r)).toEqual(r);
  const atLimit = result({ title: 'T'.repeat(MAX_FIELD_CHARS), url: `https://x.example/${'p'.repeat(MAX_FIELD_CHARS - 18)}` });
  expect(boundSourceFields(atLimit)).toEqual(atLimit);
});
