/**
 * @jest-environment jsdom
 *
 * The content script end to end in jsdom, against a fake background (webextension-polyfill mocked): gate,
 * extraction, check-page, mapping, drawing, report-highlights, the hover card, keyboard messages, SPA
 * navigation, growth and the cache.
 */
import { ContentApp } from '../../src/content/app';
import { MAX_ELEMENTS } from '../../src/content/gate';
import { HOST_TAG } from '../../src/content/overlay';
import { factsOfText, type Match, type MatchSpan, type ScanResult } from '@wiretrace/engine';
import { message, MESSAGE_VERSION, type ContentMessages, type PayloadOf } from '../../src/shared/messages';
import { sendToBackground } from '../../src/shared/send';
import { loadSettings } from '../../src/shared/settings';
import { captureShadowRoots, frames, loadTrickyPage, ROW_HEIGHT, spanOf, stubRangeLayout } from './content-helpers';

type Sent = { v: number; type: string; payload: any };

interface MockBrowser {
  sent: Sent[];
  stored: unknown;
  respond: (msg: Sent) => unknown;
  runtime: { sendMessage: jest.Mock<Promise<unknown>, [Sent]>; onMessage: { addListener: jest.Mock } };
  storage: { local: { get: jest.Mock<Promise<Record<string, unknown>>, []> } };
  i18n: { getMessage: () => string };
}

const mockBrowser: MockBrowser = {
  sent: [] as Sent[],
  stored: {} as unknown,
  respond: (_msg: Sent): unknown => undefined,
  runtime: {
    sendMessage: jest.fn(async (msg: Sent) => {
      mockBrowser.sent.push(msg);
      return mockBrowser.respond(msg);
    }),
    onMessage: { addListener: jest.fn() },
  },
  storage: { local: { get: jest.fn(async () => ({ settings: mockBrowser.stored })) } },
  i18n: { getMessage: () => '' },
};
jest.mock('webextension-polyfill', () => ({
  __esModule: true,
  get default() {
    return mockBrowser;
  },
}));

/** Passages of the tricky page that the fake engine finds, by source. */
const FOUND: Array<{ id: string; phrase: string; extra?: Partial<MatchSpan> }> = [
  { id: 'wire', phrase: 'Jens Stoltenberg said on Tuesday that the alliance had been surprised' },
  { id: 'wire', phrase: 'He said the “tragedy” unfolding in Kabul', extra: { quote: true } },
  { id: 'wire', phrase: 'that allied forces had done everything they could' },
  { id: 'agency', phrase: 'Staff from Western embassies have relocated to the city airport', extra: { kind: 'reworded', others: ['x', 'y'] } },
  { id: 'agency', phrase: 'Hidden notes sit between the words of this paragraph' },
];

/** What the page shows for each of FOUND, in document order (Range.toString: no-break spaces, hidden text). */
/**
 * What the script reports as highlighted: the visible page text of each passage, whitespace (and &nbsp;)
 * collapsed; the hidden note inside the fourth passage is not drawn, so it is not in the string.
 */
const HIGHLIGHTED = [
  'Jens Stoltenberg said on Tuesday that the alliance had been surprised',
  'He said the “tragedy” unfolding in Kabul',
  'that allied forces had done everything they could',
  'Hidden notes sit between the words of this paragraph',
  'Staff from Western embassies have relocated to the city airport',
];

/** The fake background's answer to check-page: FOUND phrases that are in the text. */
function fakeResult(text: string): ScanResult {
  const matches: Match[] = [];
  for (const id of ['wire', 'agency']) {
    const spans = FOUND.filter((f) => f.id === id && text.includes(f.phrase)).map((f) => ({
      ...spanOf(text, f.phrase), sourceStart: 0, sourceEnd: 1, kind: 'verbatim' as const, quote: false, others: [], ...f.extra,
    }));
    if (spans.length === 0) continue;
    spans.sort((a, b) => a.start - b.start);
    matches.push({
      source: { id, title: `The ${id} story`, outlet: id === 'wire' ? 'Wire Service' : 'Agency', url: `https://${id}.example/story`, published: '2021-08-17' },
      coverage: id === 'wire' ? 0.42 : 0.2,
      sharedWords: 20,
      spans,
      group: id,
    });
  }
  return { words: 200, sourceCount: matches.length, matches, facts: factsOfText(text, matches, matches.length) };
}

const ofType = (type: string): Sent[] => mockBrowser.sent.filter((m) => m.type === type);

let restoreLayout: () => void;
let shadows: ReturnType<typeof captureShadowRoots>;
let app: ContentApp | null = null;
const scrollTo = jest.fn();

beforeEach(() => {
  history.replaceState(null, '', '/world/nato-afghanistan');
  loadTrickyPage();
  mockBrowser.sent = [];
  mockBrowser.stored = {};
  mockBrowser.respond = (msg) => (msg.type === 'check-page' ? { status: 'done', result: fakeResult(msg.payload.text) } : undefined);
  restoreLayout = stubRangeLayout();
  shadows = captureShadowRoots();
  window.scrollTo = scrollTo as unknown as typeof window.scrollTo;
  scrollTo.mockClear();
});

afterEach(() => {
  app?.dispose();
  app = null;
  shadows.restore();
  restoreLayout();
});

async function startApp(debounceMs?: number): Promise<{ app: ContentApp; root: ShadowRoot }> {
  app = new ContentApp({ win: window, send: sendToBackground, loadSettings, debounceMs });
  await app.start();
  return { app, root: shadows.roots[0].root };
}

const send = <K extends keyof ContentMessages>(a: ContentApp, type: K, payload: PayloadOf<ContentMessages, K>): Promise<unknown> | undefined => a.handle(message(type, payload));

describe('checking a page', () => {
  test('check-page with the text and the page metadata, then report-highlights with what was drawn', async () => {
    const before = document.body.innerHTML;
    const { root } = await startApp();
    expect(mockBrowser.sent.map((m) => m.type)).toEqual(['check-page', 'report-highlights']);
    const check = ofType('check-page')[0];
    expect(check.v).toBe(MESSAGE_VERSION);
    expect(check.payload.page).toEqual({
      url: 'http://localhost/world/nato-afghanistan',
      canonicalUrl: 'https://news.example/world/nato-afghanistan',
      title: 'NATO chief blames Afghan leaders', // Readability's pick: <title> without the site name
      outlet: 'Example News',
      byline: null,
      published: '2021-08-18T09:00:00Z',
      lang: 'en',
    });
    expect(check.payload.text).toContain('He said the “tragedy” unfolding in Kabul');
    expect(check.payload.text).not.toContain('should never be counted');
    expect(ofType('report-highlights')[0].payload).toEqual({ url: 'http://localhost/world/nato-afghanistan', highlighted: HIGHLIGHTED });
    expect(Array.from(root.querySelectorAll('.box')).map((b) => b.className)).toEqual([
      'box k-verbatim', 'box k-quote', 'box k-verbatim', 'box k-verbatim', 'box k-reworded',
    ]);
    // The page itself is untouched; the one host has a closed shadow root.
    expect(document.body.innerHTML).toBe(before);
    expect(document.querySelector('mark')).toBeNull();
    const host = document.querySelector(HOST_TAG)!;
    expect(host.shadowRoot).toBeNull();
    expect(shadows.roots.map((s) => s.init.mode)).toEqual(['closed']);
  });

  test('the live text indexed while the check is out is taken again when the page changed meanwhile', async () => {
    // The page changes while the background works: the index taken before the answer is stale.
    mockBrowser.respond = (msg) => {
      if (msg.type !== 'check-page') return undefined;
      // Later than the send (the content script indexes the page meanwhile): text edited in place, so that
      // offsets taken before the edit point at other characters.
      return new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
        const jens = document.querySelector('#p1 a')!.firstChild as Text;
        jens.data = `Update, live: ${jens.data}`;
        return { status: 'done', result: fakeResult(msg.payload.text) };
      });
    };
    const { app: a, root } = await startApp();
    expect(ofType('report-highlights')[0].payload.highlighted).toEqual(HIGHLIGHTED);
    expect(root.querySelectorAll('.box').length).toBeGreaterThanOrEqual(5);
    // The Ranges cover the passages in the page as it is now.
    const passages = (a as unknown as { passages: Array<{ ranges: Range[] }> }).passages;
    expect(passages[0].ranges[0].toString().replace(/\s+/g, ' ')).toBe(HIGHLIGHTED[0]);
  });

  test('highlights off in the settings: mapped (the keyboard still works) but not drawn; reports []', async () => {
    mockBrowser.stored = { highlights: false };
    const { app: a, root } = await startApp();
    expect(ofType('report-highlights')[0].payload.highlighted).toEqual([]);
    expect(root.querySelectorAll('.box')).toHaveLength(0);
    expect(await send(a, 'step-passage', { direction: 1 })).toEqual({ index: 0, total: 5 });
  });

  test('a page over the element cap is checked through its <article> alone, and highlighted', async () => {
    // A mega-menu of MAX_ELEMENTS links before the story: the page is over the cap, its <article> is not.
    const nav = document.createElement('nav');
    nav.innerHTML = '<a href="/s">Section</a>'.repeat(MAX_ELEMENTS);
    document.body.prepend(nav);
    const { root } = await startApp();
    expect(mockBrowser.sent.map((m) => m.type)).toEqual(['check-page', 'report-highlights']);
    const text: string = ofType('check-page')[0].payload.text;
    expect(text).toContain('He said the “tragedy” unfolding in Kabul');
    expect(text).not.toContain('Section');
    expect(ofType('check-page')[0].payload.page.outlet).toBe('Example News'); // the <head>'s metadata still read
    expect(ofType('report-highlights')[0].payload.highlighted).toEqual(HIGHLIGHTED);
    expect(root.querySelectorAll('.box')).toHaveLength(5);
  });

  test('a page over the caps with no article element under them: page-skipped "too-large", nothing parsed', async () => {
    document.getElementById('story')!.insertAdjacentHTML('beforeend', '<span>x</span>'.repeat(MAX_ELEMENTS));
    await startApp();
    expect(mockBrowser.sent.map((m) => [m.type, m.payload.status])).toEqual([['page-skipped', 'too-large']]);
  });

  test('a disabled site: page-skipped "disabled", no check, the host exists all the same', async () => {
    mockBrowser.stored = { disabledSites: ['localhost'] };
    await startApp();
    expect(mockBrowser.sent.map((m) => [m.type, m.payload])).toEqual([['page-skipped', { url: 'http://localhost/world/nato-afghanistan', status: 'disabled' }]]);
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(1);
  });

  test('not an article: page-skipped "not-article"', async () => {
    document.body.innerHTML = '<form><input name="q"><button>Search</button></form>';
    await startApp();
    expect(mockBrowser.sent.map((m) => [m.type, m.payload.status])).toEqual([['page-skipped', 'not-article']]);
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(1);
  });

  test('no corpus / error replies draw nothing and report nothing', async () => {
    mockBrowser.respond = (msg) => (msg.type === 'check-page' ? { status: 'no-corpus', result: null } : undefined);
    const { root } = await startApp();
    expect(mockBrowser.sent.map((m) => m.type)).toEqual(['check-page']);
    expect(root.querySelectorAll('.box')).toHaveLength(0);
  });

  test('an orphaned script (extension updated) removes everything it added', async () => {
    mockBrowser.respond = () => {
      throw new Error('Extension context invalidated.');
    };
    await startApp();
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(0);
  });
});

describe('hover card', () => {
  const move = (x: number, y: number): void => void window.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y }));

  test('hovering a passage shows its source; leaving hides it; Escape hides it', async () => {
    const { root } = await startApp();
    move(20, 4 * ROW_HEIGHT + 5); // passage "Staff from Western embassies…" (p4)
    await frames();
    const card = root.querySelector('.card')!;
    expect(card).not.toBeNull();
    expect(card.querySelector('.outlet')!.textContent).toBe('Agency');
    expect(card.querySelector('a')!.getAttribute('href')).toBe('https://agency.example/story');
    expect(card.querySelector('.kind')!.textContent).toBe('Reworded');
    expect(card.querySelector('.share')!.textContent).toBe('20% of this article comes from this source');
    expect(card.querySelector('.others')!.textContent).toBe('Also in 2 other source(s)');

    move(20, 4 * ROW_HEIGHT + 60); // off every passage
    await frames(400);
    expect(root.querySelector('.card')).toBeNull();

    move(20, ROW_HEIGHT + 5);
    await frames();
    expect(root.querySelector('.card .outlet')!.textContent).toBe('Wire Service');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(root.querySelector('.card')).toBeNull();
  });

  test('mousemove is throttled to one hit-test per frame', async () => {
    const { root } = await startApp();
    const spy = jest.spyOn(Element.prototype, 'getBoundingClientRect');
    for (let i = 0; i < 50; i++) move(20 + i, 2 * ROW_HEIGHT + 5);
    expect(spy).not.toHaveBeenCalled();
    await frames();
    expect(spy.mock.calls.length).toBeLessThanOrEqual(6); // one frame's hit-test and card placement
    expect(root.querySelector('.card .kind')!.textContent).toBe('Same quotation, verbatim');
    spy.mockRestore();
  });
});

describe('keyboard and popup messages', () => {
  test('step-passage goes through the passages in document order and wraps around', async () => {
    const { app: a, root } = await startApp();
    const steps = [];
    for (let k = 0; k < 6; k++) steps.push(await send(a, 'step-passage', { direction: 1 }));
    expect(steps).toEqual([0, 1, 2, 3, 4, 0].map((index) => ({ index, total: 5 })));
    expect(await send(a, 'step-passage', { direction: -1 })).toEqual({ index: 4, total: 5 });
    expect(root.querySelector('.card .outlet')!.textContent).toBe('Agency'); // passage 4: p4, the agency's
    expect(Array.from(root.querySelectorAll('.box.flash')).map((b) => b.className)).toEqual(['box k-reworded flash']);
    expect(scrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ behavior: 'smooth' }));
  });

  test('step-passage with nothing found: index -1, total 0', async () => {
    mockBrowser.respond = (msg) => (msg.type === 'check-page' ? { status: 'done', result: { ...fakeResult(''), matches: [] } } : undefined);
    const { app: a } = await startApp();
    expect(await send(a, 'step-passage', { direction: 1 })).toEqual({ index: -1, total: 0 });
  });

  test('toggle-highlights hides and shows, and reports what is drawn', async () => {
    const { app: a, root } = await startApp();
    expect(await send(a, 'toggle-highlights', { visible: false })).toEqual({ visible: false });
    expect(root.querySelectorAll('.box')).toHaveLength(0);
    await frames(0);
    expect(ofType('report-highlights').at(-1)!.payload.highlighted).toEqual([]);
    expect(await send(a, 'toggle-highlights', { visible: true })).toEqual({ visible: true });
    expect(root.querySelectorAll('.box')).toHaveLength(5);
    await frames(0);
    expect(ofType('report-highlights').at(-1)!.payload.highlighted).toEqual(HIGHLIGHTED);
  });

  test('show-passages scrolls to the first passage of a source and flashes them all', async () => {
    const { app: a, root } = await startApp();
    expect(await send(a, 'show-passages', { sourceId: 'wire' })).toEqual({ shown: 3 });
    expect(root.querySelectorAll('.box.flash')).toHaveLength(3);
    expect(scrollTo).toHaveBeenCalledTimes(1);
    expect(await send(a, 'show-passages', {})).toEqual({ shown: 5 });
    expect(await send(a, 'show-passages', { sourceId: 'nobody' })).toEqual({ shown: 0 });
  });

  test('recheck drops the cache and checks again', async () => {
    const { app: a } = await startApp();
    await send(a, 'recheck', {});
    expect(ofType('check-page')).toHaveLength(2);
  });
});

describe('SPA navigation, growth and the cache', () => {
  const DEBOUNCE = 30;
  const settle = (): Promise<void> => frames(DEBOUNCE * 4);

  test('navigating away and back: a check for the new route, none for the cached one', async () => {
    const { app: a } = await startApp(DEBOUNCE);
    const original = document.body.innerHTML;
    // Route 2: another article.
    history.pushState(null, '', '/world/other-story');
    document.getElementById('p1')!.textContent = `A different opening paragraph about another story entirely, with enough words to count. ${'More text here. '.repeat(12)}`;
    await settle();
    await a.idle();
    expect(ofType('check-page')).toHaveLength(2);
    expect(ofType('check-page')[1].payload.page.url).toBe('http://localhost/world/other-story');
    expect(ofType('report-highlights').at(-1)!.payload.highlighted).toEqual(HIGHLIGHTED.slice(1));
    // Back to route 1, re-rendered: same URL and text → served from the cache, but drawn and reported again.
    history.back();
    await frames(20);
    document.body.innerHTML = original;
    await settle();
    await a.idle();
    expect(window.location.pathname).toBe('/world/nato-afghanistan');
    expect(ofType('check-page')).toHaveLength(2);
    // The background is told the tab shows the first page again (badge, popup): its text and cached result.
    expect(ofType('page-restored')).toHaveLength(1);
    const restored = ofType('page-restored')[0].payload;
    expect(restored.page.url).toBe('http://localhost/world/nato-afghanistan');
    expect(restored.text).toBe(ofType('check-page')[0].payload.text);
    expect(restored.result).toEqual(fakeResult(restored.text));
    expect(ofType('report-highlights').at(-1)!.payload).toEqual({ url: 'http://localhost/world/nato-afghanistan', highlighted: HIGHLIGHTED });
  });

  test('a re-render of the same article (nodes replaced) maps again from the cache, without a message', async () => {
    const { app: a, root } = await startApp(DEBOUNCE);
    const html = document.getElementById('story')!.innerHTML;
    document.getElementById('story')!.innerHTML = html; // same text, new nodes: the old Ranges are dead
    await settle();
    await a.idle();
    expect(ofType('check-page')).toHaveLength(1);
    expect(ofType('report-highlights')).toHaveLength(2);
    expect(ofType('report-highlights')[1].payload.highlighted).toEqual(HIGHLIGHTED);
    expect(root.querySelectorAll('.box')).toHaveLength(5);
  });

  test('an article re-rendered over and over is re-mapped ever less often (back-off), never every debounce', async () => {
    const { app: a } = await startApp(DEBOUNCE);
    const story = document.getElementById('story')!;
    const html = story.innerHTML;
    // 40 debounces of a page that re-renders its article (same text, new nodes) every few milliseconds.
    const end = Date.now() + DEBOUNCE * 40;
    while (Date.now() < end) {
      story.innerHTML = html;
      await new Promise((r) => setTimeout(r, 3));
    }
    await a.idle();
    const maps = ofType('report-highlights').length;
    // Waits of 1, 2, 4, 8, 16… debounces: at most 6 re-maps in 40 debounces (without the back-off: ≈40).
    expect(maps).toBeGreaterThanOrEqual(3);
    expect(maps).toBeLessThanOrEqual(7);
    expect(ofType('check-page')).toHaveLength(1); // same text: from the cache
    // Once the page is quiet, the last re-render is mapped after the (backed-off) wait: highlights are back.
    const quietUntil = Date.now() + DEBOUNCE * 80;
    while (Date.now() < quietUntil && ofType('report-highlights').at(-1)!.payload.highlighted.length < HIGHLIGHTED.length) await frames(5);
    await a.idle();
    expect(ofType('report-highlights').at(-1)!.payload.highlighted).toEqual(HIGHLIGHTED);
  });

  test('many mutations: no re-check while the text grows a little, one when it grows by more than 20 %', async () => {
    const { app: a } = await startApp(DEBOUNCE);
    const story = document.getElementById('story')!;
    for (let i = 0; i < 100; i++) story.append(document.createTextNode(' '));
    await settle();
    expect(ofType('check-page')).toHaveLength(1);
    const extra = document.createElement('p');
    extra.textContent = `${'The story continues with many more words appended by infinite scroll. '.repeat(60)}`;
    for (let i = 0; i < 20; i++) story.append(extra.cloneNode(true));
    await settle();
    await a.idle();
    expect(ofType('check-page')).toHaveLength(2);
  });
});

describe('main.ts', () => {
  test('registers one message listener that answers valid content messages only', async () => {
    mockBrowser.runtime.onMessage.addListener.mockClear();
    await jest.isolateModulesAsync(async () => {
      await import('../../src/content/main');
    });
    expect(mockBrowser.runtime.onMessage.addListener).toHaveBeenCalledTimes(1);
    const listener = mockBrowser.runtime.onMessage.addListener.mock.calls[0][0] as (m: unknown) => unknown;
    expect(listener({ type: 'step-passage', payload: { direction: 1 } })).toBeUndefined(); // no version
    expect(listener(message('corpus-status', {}))).toBeUndefined(); // not a content message
    expect(listener({ ...message('step-passage', { direction: 1 }), v: MESSAGE_VERSION - 1 })).toBeUndefined(); // an older version
    await expect(listener(message('step-passage', { direction: 2 as 1 }))).rejects.toThrow(/malformed step-passage/);
    expect(listener(null)).toBeUndefined();
    await frames(200);
    const got = await (listener(message('step-passage', { direction: 1 })) as Promise<unknown>);
    expect(got).toEqual({ index: 0, total: 5 });
  });
});
