import 'fake-indexeddb/auto';
import { openStore } from '../../src/store/open-store';
import { message, type TabResults } from '../../src/shared/messages';
import { DEMO_RECORDS } from '../store/helpers';
import { contentScript, extensionPage, fakeBrowser, freshBackground, PAGE_TEXT, pageInfo, send, settle } from './helpers';

const PAGE_URL = 'https://paper.example/2021/08/nato';

async function storedResults(tabId: number): Promise<TabResults | undefined> {
  await settle(); // bookkeeping runs behind the answers
  return (await fakeBrowser.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`];
}

async function checkedTab() {
  const store = await openStore();
  await store.addRecords(DEMO_RECORDS);
  store.close();
  const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL, active: true });
  await send('check-page', { page: pageInfo(PAGE_URL), text: PAGE_TEXT }, contentScript(tab));
  await settle(); // the badge is set behind the answer
  expect(fakeBrowser.action.__badge(tab.id).text).toBe('1');
  return tab;
}

describe('tab lifecycle', () => {
  beforeEach(() => freshBackground());

  test('navigating to another page resets the badge and drops the results', async () => {
    const tab = await checkedTab();
    await fakeBrowser.tabs.update(tab.id, { url: 'https://paper.example/next-story' });
    await settle();
    expect(await storedResults(tab.id)).toBeUndefined();
    expect(fakeBrowser.action.__badge(tab.id).text).toBe('');
    expect(await send('tab-results', { tabId: tab.id }, extensionPage())).toBeNull();
  });

  test('a reload (loading without a URL change) resets too; the content script checks again', async () => {
    const tab = await checkedTab();
    fakeBrowser.tabs.onUpdated.__dispatch(tab.id, { status: 'loading' }, { ...tab });
    await settle();
    expect(await storedResults(tab.id)).toBeUndefined();
    expect(fakeBrowser.action.__badge(tab.id).text).toBe('');
  });

  test('a loading event for the URL just checked (an SPA whose new check came first) keeps the results', async () => {
    const tab = await checkedTab();
    fakeBrowser.tabs.onUpdated.__dispatch(tab.id, { status: 'loading', url: `${PAGE_URL}#comments` }, { ...tab });
    fakeBrowser.tabs.onUpdated.__dispatch(tab.id, { title: 'New title' }, { ...tab });
    await settle();
    expect((await storedResults(tab.id))?.status).toBe('done');
    expect(fakeBrowser.action.__badge(tab.id).text).toBe('1');
  });

  test('closing the tab deletes its results', async () => {
    const tab = await checkedTab();
    await fakeBrowser.tabs.remove(tab.id);
    await settle();
    expect(await storedResults(tab.id)).toBeUndefined();
  });
});

describe('commands', () => {
  beforeEach(() => freshBackground());

  test('toggle-highlights flips the setting and tells the active tab', async () => {
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL, active: true });
    fakeBrowser.tabs.__setTabHandler(tab.id, () => ({ visible: false }));
    fakeBrowser.commands.onCommand.__dispatch('toggle-highlights');
    await settle();
    expect((await fakeBrowser.storage.local.get('settings')).settings.highlights).toBe(false);
    expect(fakeBrowser.tabs.__sent).toEqual([{ tabId: tab.id, message: message('toggle-highlights', { visible: false }) }]);
    fakeBrowser.commands.onCommand.__dispatch('toggle-highlights', { ...tab });
    await settle();
    expect((await fakeBrowser.storage.local.get('settings')).settings.highlights).toBe(true);
  });

  test('next and previous passage step in the active tab; no content script is not an error', async () => {
    const other = fakeBrowser.tabs.__addTab({ url: 'https://elsewhere.example/' });
    const tab = fakeBrowser.tabs.__addTab({ url: PAGE_URL, active: true });
    fakeBrowser.tabs.__setTabHandler(tab.id, () => ({ index: 0, total: 2 }));
    fakeBrowser.commands.onCommand.__dispatch('next-passage');
    await settle();
    fakeBrowser.commands.onCommand.__dispatch('previous-passage', { ...tab });
    await settle();
    fakeBrowser.commands.onCommand.__dispatch('next-passage', { ...other });
    await settle();
    expect(fakeBrowser.tabs.__sent.map((s) => [s.tabId, s.message.type, s.message.payload.direction])).toEqual([
      [tab.id, 'step-passage', 1],
      [tab.id, 'step-passage', -1],
      [other.id, 'step-passage', 1],
    ]);
  });
});

describe('install and startup', () => {
  // Node 21+ has a global navigator (without storage); keep whatever is there.
  const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  beforeEach(async () => {
    await freshBackground();
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
  });
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'navigator', original);
    else delete (globalThis as { navigator?: unknown }).navigator;
  });

  test('a first install opens the welcome page; an update does not', async () => {
    fakeBrowser.runtime.onInstalled.__dispatch({ reason: 'update', previousVersion: '0.0.9' });
    await settle();
    expect(fakeBrowser.tabs.__created).toEqual([]);
    fakeBrowser.runtime.onInstalled.__dispatch({ reason: 'install' });
    await settle();
    expect(fakeBrowser.tabs.__created).toEqual([{ url: fakeBrowser.runtime.getURL('src/ui/welcome/index.html') }]);
  });

  test('asks for persistent storage and records the answer; no API is fine', async () => {
    fakeBrowser.runtime.onStartup.__dispatch();
    await settle();
    expect(await fakeBrowser.storage.local.get('persisted')).toEqual({});
    Object.defineProperty(globalThis, 'navigator', { value: { storage: { persist: jest.fn().mockResolvedValue(true) } }, configurable: true });
    fakeBrowser.runtime.onStartup.__dispatch();
    await settle();
    expect(await fakeBrowser.storage.local.get('persisted')).toEqual({ persisted: true });
    Object.defineProperty(globalThis, 'navigator', { value: { storage: { persist: jest.fn().mockRejectedValue(new Error('no')) } }, configurable: true });
    fakeBrowser.runtime.onInstalled.__dispatch({ reason: 'update' });
    await settle();
    expect(await fakeBrowser.storage.local.get('persisted')).toEqual({ persisted: true });
  });
});
