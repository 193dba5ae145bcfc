/**
 * Running the background against the fake browser and fake IndexedDB. `startWorker()` loads
 * src/background/main.ts in a fresh module registry, as a service worker (re)start does: module state is
 * new, listeners are registered again, storage and the database survive.
 */
import { IDBFactory } from 'fake-indexeddb';
import { message, type BackgroundMessages, type PayloadOf, type ResponseOf, type TabResults } from '../../src/shared/messages';
import { openStore } from '../../src/store/open-store';
import { fakeBrowser, type FakeSender, type FakeTab } from '../mocks/webextension-polyfill';
import { DEMO_RECORDS } from '../store/helpers';
import { filler, rng } from '../../src/core/test/support/text-gen';

export { fakeBrowser };

/** Fresh fake browser and an empty IndexedDB, then a started worker. */
export async function freshBackground(): Promise<void> {
  // The previous test's worker may still have bookkeeping queued behind its answers (a real worker that stops
  // loses it; this one would write into the next test's storage): let it finish first.
  await settle();
  fakeBrowser.__reset();
  globalThis.indexedDB = new IDBFactory();
  await startWorker();
}

/** The running worker's own capture module (its module state: scheduled captures). */
let workerCapture: typeof import('../../src/background/capture') | null = null;
/** The running worker's own history module (its module state: scheduled history writes). */
let workerHistory: typeof import('../../src/background/history') | null = null;

export async function startWorker(): Promise<void> {
  fakeBrowser.__clearListeners();
  await jest.isolateModulesAsync(async () => {
    await import('../../src/background/main');
    workerCapture = await import('../../src/background/capture');
    workerHistory = await import('../../src/background/history');
  });
}

/** Resolves once the running worker's scheduled captures have finished. */
export async function capturesSettled(): Promise<void> {
  await workerCapture?.capturesSettled();
}

/** Resolves once the running worker's scheduled history writes have finished. */
export async function historySettled(): Promise<void> {
  await workerHistory?.historySettled();
}

export const POPUP_URL = fakeBrowser.runtime.getURL('src/ui/popup/index.html');

export function extensionPage(url = POPUP_URL): FakeSender {
  return { id: fakeBrowser.runtime.id, url };
}

/** A content script's sender: the tab, its top frame, the page URL. */
export function contentScript(tab: FakeTab, frameId = 0): FakeSender {
  return { id: fakeBrowser.runtime.id, url: tab.url, tab: { ...tab }, frameId, origin: tab.url ? new URL(tab.url).origin : undefined };
}

export function send<K extends keyof BackgroundMessages>(type: K, payload: PayloadOf<BackgroundMessages, K>, sender: FakeSender): Promise<ResponseOf<BackgroundMessages, K>> {
  return fakeBrowser.runtime.onMessage.__dispatchMessage(message(type, payload), sender) as Promise<ResponseOf<BackgroundMessages, K>>;
}

/**
 * Lets fire-and-forget listeners (tabs.onUpdated, commands…) and the bookkeeping that follows a check's answer
 * finish their storage work. Asking for every tab's results (as the popup does) waits for the tab's queue,
 * including a checked page's results that wait for their highlights (tab-ledger.ts, REPORT_WAIT_MS).
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  for (const tab of await fakeBrowser.tabs.query({})) {
    if (typeof tab.id === 'number') await send('tab-results', { tabId: tab.id }, extensionPage()).catch(() => null);
  }
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

/** Imports `records` (the demo corpus by default) into the worker's IndexedDB. */
export async function seedCorpus(records = DEMO_RECORDS): Promise<void> {
  const store = await openStore();
  await store.addRecords(records, 'import');
  store.close();
}

/** The tab's stored results, once the bookkeeping that follows a check's answer has run. */
export async function storedResults(tabId: number): Promise<TabResults | undefined> {
  await settle();
  return (await fakeBrowser.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`];
}

const rand = rng(41);
/** A page that copies three paragraphs of the demo's seed-000 between new text. */
export const PAGE_TEXT = [filler(rand, 40), DEMO_RECORDS[0].text.split('\n\n').slice(1, 4).join('\n\n'), filler(rand, 40)].join('\n\n');

export function pageInfo(url: string, extra: Partial<BackgroundMessages['check-page']['payload']['page']> = {}): BackgroundMessages['check-page']['payload']['page'] {
  return { url, canonicalUrl: null, title: 'A copied story', outlet: 'The Paper', byline: null, published: '2021-08-18', lang: 'en', ...extra };
}
