/**
 * The check path: check-page answers as soon as the scan result exists, and the bookkeeping (the tab's
 * results in storage.session, the badge, the results cache's durable copy) follows in the tab's queue;
 * settings and results are kept in memory, with storage as the durable copy across worker restarts.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import type { TabResults } from '../../src/shared/messages';
import { DB_NAME } from '../../src/store/api';
import { openStore } from '../../src/store/open-store';
import { DEMO_RECORDS } from '../store/helpers';
import { contentScript, extensionPage, fakeBrowser, freshBackground, PAGE_TEXT, pageInfo, send, settle, startWorker } from './helpers';

const PAGE_URL = 'https://paper.example/2021/08/nato';

async function seedCorpus(): Promise<void> {
  const store = await openStore();
  await store.addRecords(DEMO_RECORDS, 'import');
  store.close();
}

async function storedResults(tabId: number): Promise<TabResults | undefined> {
  return (await fakeBrowser.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`];
}

/** Holds every storage.session write until `release()` (a slow storage), recording what was written. */
function holdSessionWrites(): { release: () => void; written: Array<Record<string, unknown>>; restore: () => void } {
  const area = fakeBrowser.storage.session;
  const original = area.set.bind(area);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const written: Array<Record<string, unknown>> = [];
  const spy = jest.spyOn(area, 'set').mockImplementation(async (items: Record<string, unknown>) => {
    written.push(items);
    await gate;
    return original(items);
  });
  return { release, written, restore: () => spy.mockRestore() };
}

/** Waits until `cond()` holds (fake IndexedDB works through timers). */
async function until(cond: () => boolean | Promise<boolean>, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}

describe('check path', () => {
  const rejections: unknown[] = [];
  const onRejection = (e: unknown): void => {
    rejections.push(e);
  };
  beforeAll(() => process.on('unhandledRejection', onRejection));
  afterAll(() => process.off('unhandledRejection', onRejection));
  beforeEach(async () => {
    rejections.length = 0;
    await freshBackground();
  });
  afterEach(async () => {
    await settle();
    expect(rejections).toEqual([]);
  });

  test('the answer comes before the tab results, badge and results cache are written', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    // Warm: the index is loaded (so no "checking" state is written before the scan either).
    await send('check-page', { page: pageInfo(PAGE_URL), text: `${PAGE_TEXT} Warm-up.` }, contentScript(tab));
    await settle();
    const held = holdSessionWrites();
    try {
      const answer = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
      expect(answer.status).toBe('done');
      expect(answer.result!.sourceCount).toBe(1);
      expect(answer.timings).toMatchObject({ cached: false, indexLoaded: false });
      // Not even started: the bookkeeping waits for the task after the answer's.
      expect(held.written).toEqual([]);
      // Nothing has landed: the stored results are still the warm-up's, the badge was not touched again.
      expect((await storedResults(tab.id))!.report!.text).toBe(`${PAGE_TEXT} Warm-up.`);
      expect(held.written.some((w) => Object.values(w).some((v) => (v as TabResults | undefined)?.status === 'checking'))).toBe(false);
      // The popup asking meanwhile waits for the queued results instead of reading the old ones.
      const popup = send('tab-results', { tabId: tab.id }, extensionPage());
      held.release();
      expect((await popup)!.report!.text).toBe(PAGE_TEXT);
      expect((await storedResults(tab.id))!).toMatchObject({ status: 'done', report: { text: PAGE_TEXT } });
      expect(fakeBrowser.action.__badge(tab.id).text).toBe('1');
      await until(async () => ((await fakeBrowser.storage.session.get('results-cache'))['results-cache'] ?? []).length === 2);
    } finally {
      held.restore();
    }
  });

  test('a newer check of the tab wins, whatever order the writes would land in', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    await send('check-page', { page: pageInfo(PAGE_URL), text: 'An unrelated warm-up text that loads the index, nothing more.' }, contentScript(tab));
    await settle();
    const held = holdSessionWrites();
    try {
      const older = send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
      const newer = send('check-page', { page: pageInfo(`${PAGE_URL}/next`), text: `${PAGE_TEXT} A newer ending.` }, contentScript(tab));
      const [a, b] = await Promise.all([older, newer]);
      expect(a.status).toBe('done');
      expect(b.status).toBe('done');
      held.release();
      await send('tab-results', { tabId: tab.id }, extensionPage());
      expect(await storedResults(tab.id)).toMatchObject({ status: 'done', page: { url: `${PAGE_URL}/next` } });
      // The older check's results were never written over the newer ones.
      const tabWrites = held.written.filter((w) => `tab:${tab.id}` in w).map((w) => (w[`tab:${tab.id}`] as TabResults).page?.url);
      expect(tabWrites).toEqual([`${PAGE_URL}/next`]);
    } finally {
      held.restore();
    }
  });

  test('the popup asking while a check is running gets that check\'s results, not the previous page\'s', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    await send('check-page', { page: pageInfo(PAGE_URL), text: 'An unrelated warm-up text that loads the index, nothing more.' }, contentScript(tab));
    await settle();
    const next = `${PAGE_URL}/next`;
    const checking = send('check-page', { page: pageInfo(next), text: PAGE_TEXT }, contentScript(tab));
    const popup = await send('tab-results', { tabId: tab.id }, extensionPage());
    // Either the finished check or (on a slow machine) its "checking" state; never the warm-up page.
    expect(popup!.page!.url).toBe(next);
    expect((await checking).status).toBe('done');
  });

  test('report-highlights waits for the check\'s results and attaches to them', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const held = holdSessionWrites();
    try {
      await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
      const reported = send('report-highlights', { url: PAGE_URL, highlighted: ['a passage'] }, contentScript(tab));
      held.release();
      await reported;
      expect(await storedResults(tab.id)).toMatchObject({ status: 'done', highlighted: ['a passage'] });
    } finally {
      held.restore();
    }
  });

  test('a checked page\'s results wait for its highlights and are stored with them in one write', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const writes: TabResults[] = [];
    fakeBrowser.storage.session.onChanged.addListener((changes: Record<string, { newValue?: unknown }>) => {
      const v = changes[`tab:${tab.id}`]?.newValue as TabResults | undefined;
      if (v) writes.push(v);
    });
    await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    await new Promise((r) => setTimeout(r, 20));
    expect(writes.filter((w) => w.status === 'done')).toEqual([]);
    await send('report-highlights', { url: PAGE_URL, highlighted: ['a passage'] }, contentScript(tab));
    expect(writes.filter((w) => w.status === 'done')).toEqual([expect.objectContaining({ highlighted: ['a passage'] })]);
    expect(fakeBrowser.action.__badge(tab.id).text).toBe('1');

    // No report (a content script that cannot draw): written all the same, a moment later.
    writes.length = 0;
    await send('check-page', { page: pageInfo(PAGE_URL), text: `${PAGE_TEXT} Another ending.` }, contentScript(tab));
    await until(() => writes.some((w) => w.status === 'done'));
    expect(writes.filter((w) => w.status === 'done')).toEqual([expect.objectContaining({ highlighted: [], report: expect.objectContaining({ text: `${PAGE_TEXT} Another ending.` }) })]);
  });

  test('a failing storage.session never fails the check nor leaves an unhandled rejection', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const spy = jest.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValue(new Error('quota'));
    const get = jest.spyOn(fakeBrowser.storage.session, 'get').mockRejectedValue(new Error('gone'));
    try {
      const answer = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
      expect(answer.status).toBe('done');
      await send('report-highlights', { url: PAGE_URL, highlighted: ['x'] }, contentScript(tab));
      expect(await send('tab-results', { tabId: tab.id }, extensionPage())).toBeNull();
      // Kept in memory all the same: the same text again is answered from the cache.
      const again = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
      expect(again.timings?.cached).toBe(true);
      await settle();
      expect(fakeBrowser.action.__badge(tab.id).text).toBe('1');
    } finally {
      spy.mockRestore();
      get.mockRestore();
    }
  });

  test('a check that loads the index shows "checking" first; a warm one writes no such state', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const statuses: string[] = [];
    fakeBrowser.storage.session.onChanged.addListener((changes: Record<string, { newValue?: unknown }>) => {
      const v = changes[`tab:${tab.id}`]?.newValue as TabResults | undefined;
      if (v) statuses.push(v.status);
    });
    await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    await send('tab-results', { tabId: tab.id }, extensionPage());
    expect(statuses).toEqual(['checking', 'done']);
    statuses.length = 0;
    await send('check-page', { page: pageInfo(PAGE_URL), text: `${PAGE_TEXT} Another ending.` }, contentScript(tab));
    await send('tab-results', { tabId: tab.id }, extensionPage());
    expect(statuses).toEqual(['done']);
  });

  test('settings are read once and kept until they change (storage.onChanged or settings-changed)', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const check = (text: string) => send('check-page', { page: pageInfo(PAGE_URL), text }, contentScript(tab));
    const reads = jest.spyOn(fakeBrowser.storage.local, 'get');
    try {
      await check(`${PAGE_TEXT} One.`);
      await check(`${PAGE_TEXT} Two.`);
      await check(`${PAGE_TEXT} Three.`);
      expect(reads.mock.calls.filter(([k]) => k === 'settings')).toHaveLength(1);

      // Another writer (the popup, a command): storage.onChanged drops the cache.
      await fakeBrowser.storage.local.set({ settings: { disabledSites: ['paper.example'] } });
      expect(await check(`${PAGE_TEXT} Four.`)).toEqual({ status: 'disabled', result: null });

      // A change storage.onChanged did not report (it fired before this worker listened): the options
      // page's settings-changed message drops the cache too.
      fakeBrowser.storage.local.data.set('settings', { disabledSites: [] });
      expect((await check(`${PAGE_TEXT} Five.`)).status).toBe('disabled');
      await send('settings-changed', {}, extensionPage());
      expect((await check(`${PAGE_TEXT} Five.`)).status).toBe('done');
    } finally {
      reads.mockRestore();
    }
  });

  test('the results cache survives a worker restart through storage.session', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const check = () => send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    const first = await check();
    expect(first.timings?.cached).toBe(false);
    // The durable copy is written behind the answer.
    await until(async () => ((await fakeBrowser.storage.session.get('results-cache'))['results-cache'] ?? []).length === 1);

    await startWorker(); // memory is gone; storage.session is not
    // Remove the source's row behind the store's back (the generation does not move): only a cached result
    // can still show the match.
    const db = await openDB(DB_NAME);
    await db.delete('records', 'seed-000');
    db.close();
    const second = await check();
    expect(second.timings?.cached).toBe(true);
    expect(second.result).toEqual(first.result);

    // Results stored after the restart keep the ones from before it.
    await send('check-page', { page: pageInfo(PAGE_URL), text: `${PAGE_TEXT} Later.` }, contentScript(tab));
    await until(async () => ((await fakeBrowser.storage.session.get('results-cache'))['results-cache'] ?? []).length === 2);

    // Removing the durable copy from outside (an extension page) drops the memory copy too.
    await fakeBrowser.storage.session.remove('results-cache');
    expect((await check()).timings?.cached).toBe(false);
    await settle();

    // settings-changed drops both copies.
    await send('settings-changed', {}, extensionPage());
    expect((await fakeBrowser.storage.session.get('results-cache'))['results-cache']).toBeUndefined();
    await startWorker();
    expect((await check()).timings?.cached).toBe(false);
  });
});
