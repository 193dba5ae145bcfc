/**
 * The reading history through page checks: one entry per page (found something or not), updated by a
 * re-check, never in private windows, on switched-off sites or while the reader has not turned it on.
 */
import 'fake-indexeddb/auto';
import { historyEntry, historyRefusal } from '../../src/background/history';
import { factsOfText } from '@wiretrace/engine';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings';
import { HISTORY_VERSION, type HistoryEntry } from '../../src/store/history/history-entry';
import { openStore } from '../../src/store/open-store';
import { DEMO_RECORDS } from '../store/helpers';
import { filler, rng } from '../../src/core/test/support/text-gen';
import { contentScript, extensionPage, fakeBrowser, freshBackground, historySettled, PAGE_TEXT, pageInfo, send, settle } from './helpers';

const ON: Settings = { ...DEFAULT_SETTINGS, history: true };
const COPY_URL = 'https://paper.example/2021/08/nato?utm_source=feed';
const CANONICAL = 'https://www.paper.example/2021/08/nato/';
/** A text of its own: nothing in the demo corpus matches it. */
const OWN_TEXT = filler(rng(77), 300);

async function seedCorpus(): Promise<void> {
  const store = await openStore();
  await store.addRecords(DEMO_RECORDS, 'import');
  store.close();
}

async function history(): Promise<HistoryEntry[]> {
  await settle();
  await historySettled();
  const store = await openStore();
  const entries = await store.listHistory();
  store.close();
  return entries;
}

async function turnOn(patch: Partial<Settings> = {}): Promise<void> {
  await fakeBrowser.storage.local.set({ settings: { ...ON, ...patch } });
  await send('settings-changed', {}, extensionPage());
}

describe('what is recorded', () => {
  test('refusals: off by default, private windows, switched-off sites, non-web pages', () => {
    const ctx = { pageUrl: 'https://x.example/a', incognito: false };
    expect(historyRefusal(DEFAULT_SETTINGS, ctx)).toBe('off');
    expect(DEFAULT_SETTINGS.history).toBe(false);
    expect(historyRefusal(ON, ctx)).toBeNull();
    expect(historyRefusal(ON, { ...ctx, incognito: true })).toBe('private');
    expect(historyRefusal({ ...ON, disabledSites: ['x.example'] }, ctx)).toBe('site-off');
    expect(historyRefusal(ON, { ...ctx, pageUrl: 'file:///a' })).toBe('not-web');
  });

  test('the entry: comparable canonical URL as key, outlet from the host when og:site_name is missing, top 5 sources, union share', () => {
    const match = (i: number, sharedWords: number) => ({
      source: { id: `s${i}`, title: `Source ${i}`, outlet: `Outlet ${i}`, url: `https://s${i}.example/x`, published: null },
      coverage: sharedWords / 100,
      sharedWords,
      spans: [{ start: i * 10, end: i * 10 + 9, sourceStart: 0, sourceEnd: 9, kind: 'verbatim' as const, quote: false, others: [] }],
      group: `s${i}`,
    });
    const text = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    const matches = [6, 5, 4, 3, 2, 1].map((n, i) => match(i, n));
    const report = { words: 100, sourceCount: 6, matches, facts: factsOfText(text, matches, 6) };
    const e = historyEntry(pageInfo(COPY_URL, { canonicalUrl: CANONICAL, outlet: null }), report, COPY_URL, new Date('2024-05-01T10:00:00Z'))!;
    expect(e).toMatchObject({
      v: HISTORY_VERSION,
      key: 'paper.example/2021/08/nato',
      url: CANONICAL,
      title: 'A copied story',
      outlet: 'paper.example',
      checkedAt: '2024-05-01T10:00:00.000Z',
      words: 100,
      sourceCount: 6,
      share: report.facts.share,
      level: 'some',
    });
    // Six spans of 9 characters at 0, 10, … 50 of "w0 w1 … w99": 4, 3, 3, 3, 2, 2 words start in them.
    expect(report.facts.reusedWords).toBe(17);
    expect(e.sources.map((s) => [s.id, s.share])).toEqual([
      ['s0', 0.06],
      ['s1', 0.05],
      ['s2', 0.04],
      ['s3', 0.03],
      ['s4', 0.02],
    ]);
    // A canonical URL that is not a web address is ignored; a page that is not one is not recorded.
    expect(historyEntry(pageInfo(COPY_URL, { canonicalUrl: 'javascript:alert(1)' }), report, COPY_URL)!.url).toBe(COPY_URL);
    expect(historyEntry(pageInfo('file:///a.html'), report, 'file:///a.html')).toBeNull();
  });
});

describe('history through page checks', () => {
  beforeEach(async () => {
    await freshBackground();
    await seedCorpus();
  });

  test('off by default: checking records nothing', async () => {
    const tab = fakeBrowser.tabs.__addTab({ url: COPY_URL });
    const answer = await send('check-page', { page: pageInfo(COPY_URL), text: PAGE_TEXT }, contentScript(tab));
    expect(answer.status).toBe('done');
    expect(await history()).toEqual([]);
  });

  test('one entry per page, with or without reuse; a re-check (another address of the same page) updates it', async () => {
    await turnOn();
    const a = fakeBrowser.tabs.__addTab({ url: COPY_URL });
    const first = await send('check-page', { page: pageInfo(COPY_URL, { canonicalUrl: CANONICAL }), text: PAGE_TEXT }, contentScript(a));
    expect(first.result!.sourceCount).toBeGreaterThan(0);
    const b = fakeBrowser.tabs.__addTab({ url: 'https://other.example/own' });
    const own = await send('check-page', { page: pageInfo('https://other.example/own', { outlet: 'Other' }), text: OWN_TEXT }, contentScript(b));
    expect(own.result!.sourceCount).toBe(0);

    let entries = await history();
    expect(entries).toHaveLength(2);
    const copied = entries.find((e) => e.key === 'paper.example/2021/08/nato')!;
    const facts = first.result!.facts;
    expect(copied).toMatchObject({ url: CANONICAL, outlet: 'The Paper', sourceCount: first.result!.sourceCount, share: facts.share, level: facts.level });
    expect(copied.sources[0]).toMatchObject({ id: 'seed-000', url: DEMO_RECORDS[0].url });
    expect(copied.share).toBeGreaterThan(0.2);
    expect(entries.find((e) => e.key === 'other.example/own')).toMatchObject({ sourceCount: 0, share: 0, level: 'none', sources: [], outlet: 'Other' });

    // The same page again, reached under its canonical address (a reload, a re-check): still one entry, newer.
    const c = fakeBrowser.tabs.__addTab({ url: CANONICAL });
    await send('check-page', { page: pageInfo(CANONICAL, { canonicalUrl: CANONICAL }), text: PAGE_TEXT }, contentScript(c));
    entries = await history();
    expect(entries).toHaveLength(2);
    expect(entries[0].key).toBe('paper.example/2021/08/nato');
    expect(entries[0].checkedAt > copied.checkedAt || entries[0].checkedAt === copied.checkedAt).toBe(true);
  });

  test('never in private windows nor on switched-off sites; no entry for a page with nothing to compare with', async () => {
    await turnOn({ disabledSites: ['off.example'] });
    const priv = fakeBrowser.tabs.__addTab({ url: COPY_URL, incognito: true } as never);
    expect((await send('check-page', { page: pageInfo(COPY_URL), text: PAGE_TEXT }, contentScript(priv))).status).toBe('done');
    const off = fakeBrowser.tabs.__addTab({ url: 'https://off.example/a' });
    expect((await send('check-page', { page: pageInfo('https://off.example/a'), text: PAGE_TEXT }, contentScript(off))).status).toBe('disabled');
    expect(await history()).toEqual([]);
    // With an empty corpus nothing was compared: the page is not counted as read-and-clean.
    const store = await openStore();
    await store.clear();
    store.close();
    await send('corpus-changed', {}, extensionPage());
    const empty = fakeBrowser.tabs.__addTab({ url: 'https://paper.example/new' });
    expect((await send('check-page', { page: pageInfo('https://paper.example/new'), text: OWN_TEXT }, contentScript(empty))).status).toBe('no-corpus');
    expect(await history()).toEqual([]);
  });

  test('turned off again: nothing more is recorded, what was recorded stays until cleared', async () => {
    await turnOn();
    const a = fakeBrowser.tabs.__addTab({ url: COPY_URL });
    await send('check-page', { page: pageInfo(COPY_URL), text: PAGE_TEXT }, contentScript(a));
    expect(await history()).toHaveLength(1);
    await turnOn({ history: false });
    const b = fakeBrowser.tabs.__addTab({ url: 'https://other.example/own' });
    await send('check-page', { page: pageInfo('https://other.example/own'), text: OWN_TEXT }, contentScript(b));
    expect(await history()).toHaveLength(1);
  });
});
