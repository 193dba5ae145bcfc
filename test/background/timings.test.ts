/**
 * The checks' timings are instrumentation for the browser benchmark, built in only with
 * `__WIRETRACE_TIMINGS__` (src/shared/timings.ts). The unit tests are built with it (jest.config.cjs); here the
 * worker is also started without it, as the extension is shipped.
 */
import 'fake-indexeddb/auto';
import type { PageTimings } from '../../src/shared/timings';
import { contentScript, fakeBrowser, freshBackground, PAGE_TEXT, pageInfo, seedCorpus, send, storedResults } from './helpers';

const PAGE_URL = 'https://paper.example/2021/08/nato';
const flags = globalThis as { __WIRETRACE_TIMINGS__?: boolean };

/** What a content script built with timings sends with its highlights. */
function pageTimings(check: PageTimings['check']): PageTimings {
  return { startAt: 50, settingsMs: 1, gateMs: 2, extractMs: 3, checkMs: check.totalMs + 1, mapMs: 4, drawMs: 5, totalMs: check.totalMs + 16, check };
}

afterEach(() => {
  flags.__WIRETRACE_TIMINGS__ = true;
});

test('with timings: a fresh check is timed phase by phase, a cached one is marked so, and the page’s timings are kept', async () => {
  await freshBackground();
  await seedCorpus();
  const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
  const first = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
  const t = first.timings!;
  expect(t).toMatchObject({ cached: false, indexLoaded: true });
  const phases = t.prepareMs + t.indexMs + t.analyzeMs + t.candidatesMs + t.recordsMs + t.alignMs + t.publishMs;
  expect(phases).toBeCloseTo(t.totalMs, 6);
  for (const ms of [t.prepareMs, t.indexMs, t.analyzeMs, t.candidatesMs, t.recordsMs, t.alignMs, t.publishMs]) expect(ms).toBeGreaterThanOrEqual(0);

  const again = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
  expect(again.timings).toMatchObject({ cached: true, indexLoaded: false, indexMs: 0, alignMs: 0 });
  expect(again.timings!.prepareMs + again.timings!.publishMs).toBeCloseTo(again.timings!.totalMs, 6);

  await send('report-highlights', { url: PAGE_URL, highlighted: ['x'], timings: pageTimings(t) }, contentScript(tab));
  expect((await storedResults(tab.id))?.timings).toEqual(pageTimings(t));
});

test('without timings (the shipped build): no answer carries them, and timings a page sends are dropped', async () => {
  flags.__WIRETRACE_TIMINGS__ = false;
  await freshBackground();
  await seedCorpus();
  const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
  const answer = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
  expect(answer.status).toBe('done');
  expect(answer).not.toHaveProperty('timings');
  const cached = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
  expect(cached).not.toHaveProperty('timings');
  const forged = pageTimings({ cached: false, indexLoaded: false, workerAgeMs: 1, prepareMs: 1, indexMs: 1, analyzeMs: 1, candidatesMs: 1, recordsMs: 1, alignMs: 1, publishMs: 1, totalMs: 7 });
  await send('report-highlights', { url: PAGE_URL, highlighted: ['x'], timings: forged }, contentScript(tab));
  const stored = await storedResults(tab.id);
  expect(stored?.highlighted).toEqual(['x']);
  expect(stored).not.toHaveProperty('timings');
});
