import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import type { TabResults } from '../../src/shared/messages';
import { message, MESSAGE_VERSION, TAB_RESULTS_VERSION } from '../../src/shared/messages';
import { DB_NAME } from '../../src/store/api';
import { openStore } from '../../src/store/open-store';
import { DEMO_RECORDS, syntheticRecords } from '../store/helpers';
import { contentScript, extensionPage, fakeBrowser, freshBackground, PAGE_TEXT, pageInfo, send, settle, startWorker } from './helpers';

async function seedCorpus(records = DEMO_RECORDS): Promise<void> {
  const store = await openStore();
  await store.addRecords(records, 'import');
  store.close();
}

/** The tab's stored results, once the bookkeeping that follows a check's answer has run. */
async function storedResults(tabId: number): Promise<TabResults | undefined> {
  await settle();
  return (await fakeBrowser.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`];
}

const PAGE_URL = 'https://paper.example/2021/08/nato';

describe('background messages', () => {
  beforeEach(() => freshBackground());

  test('check-page with an empty corpus answers no-corpus and stores it', async () => {
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL, active: true });
    const answer = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    expect(answer).toMatchObject({ status: 'no-corpus', result: null, error: expect.stringMatching(/corpus is empty/) });
    expect(await storedResults(tab.id)).toMatchObject({ v: TAB_RESULTS_VERSION, tabId: tab.id, status: 'no-corpus', report: null });
    expect(fakeBrowser.action.__badge(tab.id).text).toBe('');
  });

  test('check-page scans the text, stores TabResults under the sender tab and sets the badge', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL, active: true });
    const page = pageInfo(`${PAGE_URL}?utm=x`, { canonicalUrl: PAGE_URL });
    // A page cannot choose the tab: a tabId in the payload is ignored.
    const answer = await send('check-page', { page, text: PAGE_TEXT, tabId: 999 } as never, contentScript(tab));
    expect(answer.status).toBe('done');
    // The answer is the scan result: offsets into the text sent, never the text itself (the sender has it).
    const result = answer.result!;
    expect(Object.keys(result).sort()).toEqual(['facts', 'matches', 'sourceCount', 'words']);
    expect(JSON.stringify(answer)).not.toContain(PAGE_TEXT.slice(0, 200));
    expect(result.sourceCount).toBe(1);
    expect(result.matches[0].source.id).toBe('seed-000');
    expect(result.words).toBeGreaterThan(100);
    expect(result.facts).toMatchObject({ level: expect.any(String), sources: [{ id: 'seed-000' }] });

    const stored = await storedResults(tab.id);
    expect(stored).toMatchObject({ v: TAB_RESULTS_VERSION, tabId: tab.id, status: 'done', page, highlighted: [] });
    expect(stored!.report).toEqual({ page: PAGE_URL, title: 'A copied story', published: '2021-08-18', url: PAGE_URL, text: PAGE_TEXT, ...result });
    expect(stored!.checkedAt).toEqual(expect.any(String));
    expect(await storedResults(999)).toBeUndefined();

    const badge = fakeBrowser.action.__badge(tab.id);
    expect(badge.text).toBe('1');
    expect(badge.title).toBe(`WireTrace: 1 source, ${Math.round(result.facts.share * 100)} % of this article`);
  });

  test('sources from ignored outlets are dropped, and the page itself never matches', async () => {
    const [own] = syntheticRecords(1, 51, 'own');
    await seedCorpus([...DEMO_RECORDS, { ...own, outlet: 'Sister Title', id: 'sister', url: 'https://sister.example/a' }, { ...own, text: `${own.text} Extra words here.`, id: 'self', url: PAGE_URL }]);
    const text = `${PAGE_TEXT}\n\n${own.text}`;
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const first = await send('check-page', { page: pageInfo(PAGE_URL), text }, contentScript(tab));
    const ids = first.result!.matches.map((m) => m.source.id);
    expect(ids).toContain('sister');
    expect(ids).not.toContain('self');
    await fakeBrowser.storage.local.set({ settings: { ignoredOutlets: ['SISTER TITLE'] } });
    await send('settings-changed', {}, extensionPage());
    const second = await send('check-page', { page: pageInfo(PAGE_URL), text }, contentScript(tab));
    expect(second.result!.matches.map((m) => m.source.id)).toEqual(['seed-000']);
  });

  test('a content script may not ask for results or act for extension pages', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    const fromPage = contentScript(tab);
    await expect(send('tab-results', { tabId: tab.id }, fromPage)).rejects.toThrow(/only accepted from WireTrace's own pages/);
    await expect(send('check-text', { text: PAGE_TEXT }, fromPage)).rejects.toThrow(/only accepted/);
    await expect(send('corpus-changed', {}, fromPage)).rejects.toThrow(/only accepted/);
    await expect(send('show-in-page', { tabId: tab.id }, fromPage)).rejects.toThrow(/only accepted/);
    await expect(send('settings-changed', {}, fromPage)).rejects.toThrow(/only accepted/);
    // A page that pretends to be at an extension URL but is not ours.
    await expect(send('tab-results', { tabId: tab.id }, { ...extensionPage(), id: 'other-extension' })).rejects.toThrow(/unknown sender/);
    // The popup gets them.
    const results = await send('tab-results', { tabId: tab.id }, extensionPage());
    expect(results).toMatchObject({ status: 'done', tabId: tab.id });
    expect(await send('tab-results', { tabId: 12345 }, extensionPage())).toBeNull();
    // corpus-status is for anyone.
    expect(await send('corpus-status', {}, fromPage)).toEqual({ articles: 4, storageError: null });
  });

  test('checks from a sub-frame, malformed payloads and old message versions are refused', async () => {
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    await expect(send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab, 3))).rejects.toThrow(/top frame/);
    await expect(send('check-page', { page: { url: 42 }, text: PAGE_TEXT } as never, contentScript(tab))).rejects.toThrow(/malformed/);
    await expect(send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, extensionPage())).rejects.toThrow(/top frame of a tab/);
    const old = { ...message('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }), v: MESSAGE_VERSION + 1 };
    await expect(fakeBrowser.runtime.onMessage.__dispatchMessage(old, contentScript(tab))).rejects.toThrow(/reload this page/);
    // Someone else's message: no answer from the background.
    await expect(fakeBrowser.runtime.onMessage.__dispatchMessage({ type: 'hello' }, extensionPage())).rejects.toThrow(/Receiving end does not exist/);
    expect(await storedResults(tab.id)).toBeUndefined();
  });

  test('a switched-off site is not checked, even if its content script asks', async () => {
    await seedCorpus();
    await fakeBrowser.storage.local.set({ settings: { disabledSites: ['paper.example'] } });
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const answer = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    expect(answer).toEqual({ status: 'disabled', result: null });
    expect((await storedResults(tab.id))?.status).toBe('disabled');
  });

  test('a text over the size cap is not scanned', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const answer = await send('check-page', { page: pageInfo(PAGE_URL), text: 'word '.repeat(250_001) }, contentScript(tab));
    expect(answer.status).toBe('too-large');
    expect((await storedResults(tab.id))?.status).toBe('too-large');
  });

  test('results are cached by text, settings and generation', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const check = () => send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    const first = await check();
    expect(first.result!.sourceCount).toBe(1);
    // Remove the source's row behind the store's back (the generation does not move): only a cached
    // result can still show the match.
    const db = await openDB(DB_NAME);
    await db.delete('records', 'seed-000');
    db.close();
    const second = await check();
    expect(second.result).toEqual(first.result);
    // Another setting is another key: scanned again, and the missing row is skipped.
    await fakeBrowser.storage.local.set({ settings: { minWords: 15 } });
    const third = await check();
    expect(third.result!.matches.map((m) => m.source.id)).not.toContain('seed-000');
  });

  test('the cache keeps a bounded number of results', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const { MAX_CACHED_RESULTS, RESULTS_CACHE_KEY } = await import('../../src/background/results-cache');
    for (let i = 0; i < MAX_CACHED_RESULTS + 3; i++) {
      await send('check-page', { page: pageInfo(PAGE_URL), text: `${PAGE_TEXT} Variant ${i}.` }, contentScript(tab));
    }
    await settle();
    const cache = (await fakeBrowser.storage.session.get(RESULTS_CACHE_KEY))[RESULTS_CACHE_KEY];
    expect(cache).toHaveLength(MAX_CACHED_RESULTS);
  });

  test('the index is reloaded when another context changed the corpus (generation moved)', async () => {
    await seedCorpus();
    const [story] = syntheticRecords(1, 52, 'late');
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const text = `${story.text}\n\nAnd one more sentence that nobody else wrote before today.`;
    const before = await send('check-page', { page: pageInfo(PAGE_URL), text }, contentScript(tab));
    expect(before.result!.sourceCount).toBe(0);
    // The options page imports; its corpus-changed notice is lost (no message sent).
    await seedCorpus([story]);
    const after = await send('check-page', { page: pageInfo(PAGE_URL), text }, contentScript(tab));
    expect(after.result!.matches.map((m) => m.source.id)).toEqual(['late-0']);
  });

  test('corpus-changed reloads, answers the status and asks tabs to re-check', async () => {
    const a = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const b = fakeBrowser.tabs.__addTab({ url: 'chrome://settings' });
    const rechecked: number[] = [];
    fakeBrowser.tabs.__setTabHandler(a.id, (m) => {
      if (m.type === 'recheck') rechecked.push(a.id);
    });
    await seedCorpus();
    expect(await send('corpus-changed', {}, extensionPage())).toEqual({ articles: 4, storageError: null });
    expect(rechecked).toEqual([a.id]);
    // b has no content script: its failure is ignored.
    expect(fakeBrowser.tabs.__sent.filter((s) => s.message.type === 'recheck').map((s) => s.tabId).sort()).toEqual([a.id, b.id]);
  });

  test('settings-changed drops the results cache and asks tabs to re-check', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    await settle(); // the cache's storage copy is written behind the answer
    expect((await fakeBrowser.storage.session.get('results-cache'))['results-cache']).toHaveLength(1);
    await send('settings-changed', {}, extensionPage());
    expect((await fakeBrowser.storage.session.get('results-cache'))['results-cache']).toBeUndefined();
    expect(fakeBrowser.tabs.__sent).toContainEqual({ tabId: tab.id, message: message('recheck', {}) });
  });

  test('report-highlights attaches what was drawn, only to the same page', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    await send('report-highlights', { url: 'https://paper.example/other', highlighted: ['nope'] }, contentScript(tab));
    expect((await storedResults(tab.id))!.highlighted).toEqual([]);
    await send('report-highlights', { url: `${PAGE_URL}#section`, highlighted: ['passage one', 'passage two'] }, contentScript(tab));
    expect((await storedResults(tab.id))!.highlighted).toEqual(['passage one', 'passage two']);
  });

  test('page-restored makes a cached result the tab\'s results again, without a scan; malformed results are refused', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const first = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    const checked = (await storedResults(tab.id))!;
    await send('page-skipped', { url: 'https://paper.example/other', status: 'not-article' }, contentScript(tab));
    expect(fakeBrowser.action.__badge(tab.id).text).toBe('');
    const result = first.result!;
    await send('page-restored', { page: pageInfo(PAGE_URL), text: PAGE_TEXT, result }, contentScript(tab));
    const restored = (await storedResults(tab.id))!;
    expect(restored).toMatchObject({ status: 'done', page: { url: PAGE_URL } });
    expect(restored.report).toEqual(checked.report);
    expect(fakeBrowser.action.__badge(tab.id).text).toBe(String(result.sourceCount));
    const restore = (text: string, r: unknown) => send('page-restored', { page: pageInfo(PAGE_URL), text, result: r as never }, contentScript(tab));
    // A span outside the text, no text, facts that do not fit the matches or the thresholds: refused.
    const bad = { ...result, matches: [{ ...result.matches[0], spans: [{ ...result.matches[0].spans[0], end: PAGE_TEXT.length + 5 }] }] };
    await expect(restore(PAGE_TEXT, bad)).rejects.toThrow(/malformed/);
    await expect(restore(PAGE_TEXT.slice(0, 10), result)).rejects.toThrow(/malformed/);
    await expect(restore(PAGE_TEXT, { words: 1 })).rejects.toThrow(/malformed/);
    await expect(restore(PAGE_TEXT, { ...result, facts: undefined })).rejects.toThrow(/malformed/);
    await expect(restore(PAGE_TEXT, { ...result, facts: { ...result.facts, level: 'none' } })).rejects.toThrow(/malformed/);
    await expect(restore(PAGE_TEXT, { ...result, facts: { ...result.facts, sources: [] } })).rejects.toThrow(/malformed/);
    await expect(restore(PAGE_TEXT, { ...result, facts: { ...result.facts, share: 7 } })).rejects.toThrow(/malformed/);
    // A version 1 page-restored (a report instead of text and result) is refused too.
    await expect(send('page-restored', { page: pageInfo(PAGE_URL), report: checked.report } as never, contentScript(tab))).rejects.toThrow(/malformed/);
  });

  test('page-skipped stores why the page was not checked', async () => {
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    await send('page-skipped', { url: PAGE_URL, status: 'not-article' }, contentScript(tab));
    expect(await storedResults(tab.id)).toMatchObject({ status: 'not-article', report: null, page: { url: PAGE_URL } });
    await expect(send('page-skipped', { url: PAGE_URL, status: 'done' as never }, contentScript(tab))).rejects.toThrow(/malformed/);
  });

  test('check-text scans pasted text and keeps it for the compare page', async () => {
    await seedCorpus();
    const { report, error } = await send('check-text', { text: PAGE_TEXT }, extensionPage());
    expect(error).toBeUndefined();
    expect(report).toMatchObject({ page: 'pasted text', title: null, url: null, published: null, text: PAGE_TEXT, sourceCount: 1 });
    const kept = (await fakeBrowser.storage.session.get('check-text:last'))['check-text:last'];
    expect(kept.report).toEqual(report);
  });

  test('show-in-page relays to the tab and answers 0 when nobody listens', async () => {
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    fakeBrowser.tabs.__setTabHandler(tab.id, (m) => (m.type === 'show-passages' && m.payload.sourceId === 'seed-000' ? { shown: 3 } : { shown: 0 }));
    expect(await send('show-in-page', { tabId: tab.id, sourceId: 'seed-000' }, extensionPage())).toEqual({ shown: 3 });
    expect(await send('show-in-page', { tabId: 777 }, extensionPage())).toEqual({ shown: 0 });
  });

  test('per-tab results survive a worker restart; the index is reloaded lazily', async () => {
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    await settle(); // the results are stored behind the answer: a worker stopped before that would lose them
    await startWorker();
    expect(await send('tab-results', { tabId: tab.id }, extensionPage())).toMatchObject({ status: 'done' });
    const again = await send('check-page', { page: pageInfo(PAGE_URL), text: `${PAGE_TEXT} New ending sentence.` }, contentScript(tab));
    expect(again.result!.sourceCount).toBe(1);
  });
});

describe('background without IndexedDB', () => {
  let saved: IDBFactory;
  beforeEach(async () => {
    await freshBackground();
    saved = globalThis.indexedDB;
    (globalThis as { indexedDB?: unknown }).indexedDB = undefined;
  });
  afterEach(() => {
    globalThis.indexedDB = saved;
  });

  test('checks answer status error with the message; corpus-status reports it; nothing throws', async () => {
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    const answer = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    expect(answer).toMatchObject({ status: 'error', result: null, error: expect.stringMatching(/cannot use the browser storage/) });
    expect(await storedResults(tab.id)).toMatchObject({ status: 'error', error: answer.error });
    expect(fakeBrowser.action.__badge(tab.id).text).toBe('');
    expect(await send('corpus-status', {}, extensionPage())).toEqual({ articles: 0, storageError: answer.error });
    const checked = await send('check-text', { text: 'some pasted words' }, extensionPage());
    expect(checked).toMatchObject({ report: { sourceCount: 0, words: 3 }, error: answer.error });
    expect(await send('corpus-changed', {}, extensionPage())).toEqual({ articles: 0, storageError: answer.error });
  });

  test('a store that fails after opening degrades the same way', async () => {
    globalThis.indexedDB = saved;
    await seedCorpus();
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL });
    // The worker opens its connection first; then every transaction fails (as after an update closed it).
    expect(await send('corpus-status', {}, extensionPage())).toEqual({ articles: 4, storageError: null });
    const spy = jest.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(() => {
      throw new DOMException('The database connection is closing.', 'InvalidStateError');
    });
    try {
      const answer = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
      expect(answer).toMatchObject({ status: 'error', error: expect.stringMatching(/could not read its corpus/) });
    } finally {
      spy.mockRestore();
    }
    // The next check reopens the store and works.
    const again = await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
    expect(again.status).toBe('done');
    await settle();
  });
});
