import 'fake-indexeddb/auto';
import { capturedRecord, captureRefusal, MIN_CAPTURE_WORDS } from '../../src/background/capture';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings';
import { openStore } from '../../src/store/open-store';
import { DEMO_RECORDS, syntheticRecords } from '../store/helpers';
import { capturesSettled, contentScript, extensionPage, fakeBrowser, freshBackground, pageInfo, send } from './helpers';

const ON: Settings = { ...DEFAULT_SETTINGS, capture: true };
const LONG_TEXT = DEMO_RECORDS[2].text;

describe('what is captured', () => {
  test('the record: canonical URL as id and url, outlet from og:site_name or the host, byline and date kept', () => {
    const page = pageInfo('https://www.wire.example/story?utm_source=x', { canonicalUrl: 'https://wire.example/story/', outlet: null, byline: 'By A. Writer' });
    expect(capturedRecord(page, 'text', 'https://www.wire.example/story?utm_source=x')).toEqual({
      id: 'seen:wire.example/story',
      title: 'A copied story',
      outlet: 'wire.example',
      url: 'https://wire.example/story/',
      published: '2021-08-18',
      byline: 'By A. Writer',
      text: 'text',
    });
    expect(capturedRecord(pageInfo('https://x.example/a', { outlet: 'The X' }), 't', 'https://x.example/a')!.outlet).toBe('The X');
    // A canonical URL that is not a web address is not trusted; a page that is not one is not captured.
    expect(capturedRecord(pageInfo('https://x.example/a', { canonicalUrl: 'javascript:alert(1)' }), 't', 'https://x.example/a')!.url).toBe('https://x.example/a');
    expect(capturedRecord(pageInfo('file:///tmp/a.html'), 't', 'file:///tmp/a.html')).toBeNull();
  });

  test('refusals: off by default, private windows, switched-off sites, non-web pages, short texts', () => {
    const ctx = { pageUrl: 'https://x.example/a', incognito: false };
    expect(captureRefusal(DEFAULT_SETTINGS, ctx, LONG_TEXT)).toBe('off');
    expect(captureRefusal(ON, ctx, LONG_TEXT)).toBeNull();
    expect(captureRefusal(ON, { ...ctx, incognito: true }, LONG_TEXT)).toBe('private');
    expect(captureRefusal({ ...ON, disabledSites: ['x.example'] }, ctx, LONG_TEXT)).toBe('site-off');
    expect(captureRefusal(ON, { ...ctx, pageUrl: 'file:///a' }, LONG_TEXT)).toBe('not-web');
    expect(captureRefusal(ON, ctx, Array.from({ length: MIN_CAPTURE_WORDS - 1 }, () => 'word').join(' '))).toBe('too-short');
  });
});

describe('capture through page checks', () => {
  beforeEach(() => freshBackground());

  async function captured(): Promise<{ id: string; origin: string; url: string | null; addedAt: string }[]> {
    await capturesSettled();
    const store = await openStore();
    const { records } = await store.list({ limit: 100 });
    store.close();
    return records.map((r) => ({ id: r.id, origin: r.origin, url: r.url, addedAt: r.addedAt }));
  }

  async function turnOn(patch: Partial<Settings> = {}): Promise<void> {
    await fakeBrowser.storage.local.set({ settings: { ...ON, ...patch } });
    await send('settings-changed', {}, extensionPage());
  }

  test('off by default: reading adds nothing', async () => {
    const tab = fakeBrowser.tabs.__addTab({ url: 'https://wire.example/a' });
    await send('check-page', { page: pageInfo('https://wire.example/a'), text: DEMO_RECORDS[0].text }, contentScript(tab));
    expect(await captured()).toEqual([]);
  });

  test('page A read, then page B that copies it is flagged "seen before" with A\'s url and time; A never matches itself', async () => {
    await turnOn();
    const a = fakeBrowser.tabs.__addTab({ url: 'https://wire.example/a' });
    const first = await send('check-page', { page: pageInfo('https://wire.example/a', { outlet: 'Wire' }), text: DEMO_RECORDS[0].text }, contentScript(a));
    expect(first.status).toBe('no-corpus'); // nothing to compare with yet, but it is remembered
    const stored = await captured();
    expect(stored).toEqual([{ id: 'seen:wire.example/a', origin: 'capture', url: 'https://wire.example/a', addedAt: expect.any(String) }]);

    const b = fakeBrowser.tabs.__addTab({ url: 'https://local.example/b' });
    const copied = await send('check-page', { page: pageInfo('https://local.example/b'), text: DEMO_RECORDS[1].text }, contentScript(b));
    expect(copied.status).toBe('done');
    // The capture brought the worker's index up to date itself: this check did not reload it.
    expect(copied.timings?.indexLoaded).toBe(false);
    const match = copied.result!.matches.find((m) => m.source.id === 'seen:wire.example/a');
    expect(match?.source).toMatchObject({ url: 'https://wire.example/a', outlet: 'Wire', seenAt: stored[0].addedAt });
    // B is remembered too.
    expect((await captured()).map((r) => r.id).sort()).toEqual(['seen:local.example/b', 'seen:wire.example/a']);

    // A read again (another address of it: tracking parameters) neither matches itself nor is added twice.
    const again = await send('check-page', { page: pageInfo('https://wire.example/a?utm_medium=mail'), text: DEMO_RECORDS[0].text }, contentScript(a));
    expect(again.result!.matches.map((m) => m.source.id)).not.toContain('seen:wire.example/a');
    expect(await captured()).toHaveLength(2);
  });

  test('a private window is never captured', async () => {
    await turnOn();
    const tab = fakeBrowser.tabs.__addTab({ url: 'https://wire.example/a', incognito: true } as never);
    await send('check-page', { page: pageInfo('https://wire.example/a'), text: DEMO_RECORDS[0].text }, contentScript(tab));
    expect(await captured()).toEqual([]);
  });

  test('the limits apply at each capture, oldest first; imported articles are never evicted', async () => {
    const store = await openStore();
    await store.addRecords([DEMO_RECORDS[3]], 'import');
    store.close();
    await turnOn({ captureLimits: { articles: 10, days: 180, megabytes: 50 } });
    // The minimum of the limit is 10: read 12 pages.
    const texts = syntheticRecords(12, 3, 'p').map((r, i) => `${r.text} ${syntheticRecords(1, 100 + i, 'q')[0].text}`);
    for (let i = 0; i < texts.length; i++) {
      const url = `https://site.example/${i}`;
      const tab = fakeBrowser.tabs.__addTab({ url });
      await send('check-page', { page: pageInfo(url), text: texts[i] }, contentScript(tab));
      await capturesSettled();
    }
    const all = await captured();
    expect(all.filter((r) => r.origin === 'capture').map((r) => r.id).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `seen:site.example/${i + 2}`).sort(),
    );
    expect(all.filter((r) => r.origin === 'import')).toHaveLength(1);
  }, 60_000);
});
