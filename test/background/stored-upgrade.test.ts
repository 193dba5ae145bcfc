/**
 * Stored records written before the page facts (issue 11): per-tab results of version 1 in storage.session
 * keep being read (their report gains the facts the engine gives its text and matches), and results-cache
 * entries of the old shape are misses (scanned anew), never misread.
 */
import 'fake-indexeddb/auto';
import { RESULTS_CACHE_KEY } from '../../src/background/results-cache';
import { TAB_RESULTS_VERSION, type TabResults } from '../../src/shared/messages';
import { openStore } from '../../src/store/open-store';
import { DEMO_RECORDS } from '../store/helpers';
import { contentScript, extensionPage, fakeBrowser, freshBackground, PAGE_TEXT, pageInfo, send, settle, startWorker } from './helpers';

const PAGE_URL = 'https://paper.example/2021/08/nato';

async function seedCorpus(): Promise<void> {
  const store = await openStore();
  await store.addRecords(DEMO_RECORDS, 'import');
  store.close();
}

/** A tab's results as version 1 wrote them: v 1, and a report without facts. */
function asVersion1(results: TabResults): Record<string, unknown> {
  const { facts: _facts, ...report } = results.report!;
  return { ...results, v: 1, report };
}

beforeEach(async () => {
  await freshBackground();
  await seedCorpus();
});

test('per-tab results of version 1 are read, with the facts a fresh check gives', async () => {
  const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
  await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
  await settle();
  const key = `tab:${tab.id}`;
  const current = (await fakeBrowser.storage.session.get(key))[key] as TabResults;
  expect(current.v).toBe(TAB_RESULTS_VERSION);
  expect(current.report!.facts.sources.length).toBeGreaterThan(0);

  await fakeBrowser.storage.session.set({ [key]: asVersion1(current) });
  await startWorker(); // a worker of the new version reading what the old one stored
  const read = await send('tab-results', { tabId: tab.id }, extensionPage());
  expect(read).toEqual(current);

  // Writing to them again (the content script reports its highlights) stores the current version.
  await fakeBrowser.storage.session.set({ [key]: asVersion1(current) });
  await send('report-highlights', { url: PAGE_URL, highlighted: ['a passage'] }, contentScript(tab));
  await settle();
  expect((await fakeBrowser.storage.session.get(key))[key]).toEqual({ ...current, highlighted: ['a passage'] });
});

test('a version 1 result with nothing checked yet, and results of no known version', async () => {
  const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
  const key = `tab:${tab.id}`;
  const checking = { v: 1, tabId: tab.id, status: 'checking', page: null, report: null, highlighted: [], checkedAt: null };
  await fakeBrowser.storage.session.set({ [key]: checking });
  expect(await send('tab-results', { tabId: tab.id }, extensionPage())).toEqual({ ...checking, v: TAB_RESULTS_VERSION });
  await fakeBrowser.storage.session.set({ [key]: { ...checking, v: 99 } });
  expect(await send('tab-results', { tabId: tab.id }, extensionPage())).toBeNull();
});

test('results-cache entries of the old shape are misses: the page is scanned anew, with facts', async () => {
  const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
  const check = () => send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
  const first = await check();
  await settle();
  const stored = (await fakeBrowser.storage.session.get(RESULTS_CACHE_KEY))[RESULTS_CACHE_KEY] as Array<{ v: number; key: string; result: Record<string, unknown> }>;
  expect(stored).toHaveLength(1);
  // What version 1 stored under the same key: no `v`, a result without facts.
  const { facts: _facts, ...oldResult } = stored[0].result;
  await fakeBrowser.storage.session.set({ [RESULTS_CACHE_KEY]: [{ key: stored[0].key, result: oldResult }] });
  await startWorker();
  const second = await check();
  expect(second.timings?.cached).toBe(false);
  expect(second.result).toEqual(first.result);
  // The entry was rewritten in the current shape, and is a hit from now on.
  await settle();
  expect(((await fakeBrowser.storage.session.get(RESULTS_CACHE_KEY))[RESULTS_CACHE_KEY] as Array<{ v: number }>)[0].v).toBe(2);
  expect((await check()).timings?.cached).toBe(true);
});
