/** @jest-environment jsdom */
import browser from 'webextension-polyfill';
import Papa from 'papaparse';
import { factsOfText, type Match, type PageReport } from '@wiretrace/engine';
import { message, MESSAGE_VERSION, TAB_RESULTS_VERSION, type TabResults, type TabStatus } from '../../../src/shared/messages';
import { DEFAULT_DENY_LIST } from '../../../src/shared/site-lists';
import { Popup } from '../../../src/ui/popup/popup-app';
import { makeReport } from '../fixtures';
import { loadPage } from '../load-page';

jest.mock('webextension-polyfill', () => {
  const local: Record<string, unknown> = {};
  return {
    __esModule: true,
    default: {
      runtime: {
        sendMessage: jest.fn(),
        getURL: jest.fn((path: string) => `chrome-extension://ext-id/${path}`),
        openOptionsPage: jest.fn(async () => undefined),
        // The default build: host access from install, so no per-site controls (per-site.test.ts has those).
        getManifest: jest.fn(() => ({ host_permissions: ['http://*/*', 'https://*/*'] })),
      },
      tabs: { query: jest.fn(async () => [{ id: 42 }]), create: jest.fn(async () => ({})) },
      storage: {
        local: {
          get: jest.fn(async (key: string) => (key in local ? { [key]: local[key] } : {})),
          set: jest.fn(async (items: Record<string, unknown>) => void Object.assign(local, items)),
          clear: () => {
            for (const k of Object.keys(local)) delete local[k];
          },
        },
      },
    },
  };
});

type Handler = (payload: any) => unknown;
const sendMessage = browser.runtime.sendMessage as unknown as jest.Mock;
const local = browser.storage.local as unknown as { set: jest.Mock; clear(): void };

/** The settings of the last save (a save also records its sync outcome, in a write of its own). */
function savedSettings(): { disabledSites: string[]; allowedSites: string[] } {
  const calls = local.set.mock.calls.filter(([items]) => 'settings' in (items as object));
  return (calls.at(-1)![0] as { settings: { disabledSites: string[]; allowedSites: string[] } }).settings;
}
let handlers: Record<string, Handler>;
let popup: Popup | null = null;

function results(status: TabStatus, report: PageReport | null = null, extra: Partial<TabResults> = {}): TabResults {
  return {
    v: TAB_RESULTS_VERSION,
    tabId: 7,
    status,
    page: { url: 'https://www.news.example/local/bridge', canonicalUrl: null, title: 'Bridge to close', outlet: 'News', byline: null, published: null, lang: 'en' },
    report,
    highlighted: report ? ['highlighted passage'] : [],
    checkedAt: null,
    ...extra,
  };
}

/** The report with other matches, and the source count and page facts the engine gives them. */
function withMatches(report: PageReport, matches: Match[]): PageReport {
  const sourceCount = new Set(matches.map((m) => m.group)).size;
  return { ...report, matches, sourceCount, facts: factsOfText(report.text, matches, sourceCount) };
}

function background(tab: TabResults | null, articles = 3, storageError: string | null = null): void {
  handlers = {
    'tab-results': () => tab,
    'corpus-status': () => ({ articles, storageError }),
    'show-in-page': () => ({ shown: 2 }),
    'settings-changed': () => undefined,
  };
}

async function open(search = '?tab=7', opts: { pollIntervalMs?: number; pollLimitMs?: number } = {}): Promise<Popup> {
  popup = new Popup({ search, pollIntervalMs: 5, pollLimitMs: 200, ...opts });
  await popup.start();
  return popup;
}

const empty = (): HTMLElement => document.getElementById('empty')!;
const items = (): HTMLLIElement[] => [...document.querySelectorAll<HTMLLIElement>('#sources > li.source')];
const button = (root: ParentNode, text: string): HTMLButtonElement => {
  const b = [...root.querySelectorAll('button')].find((x) => x.textContent === text);
  if (!b) throw new Error(`no button "${text}"`);
  return b;
};
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  loadPage('src/ui/popup/index.html');
  local.clear();
  jest.clearAllMocks();
  sendMessage.mockImplementation(async (msg: { v: number; type: string; payload: unknown }) => {
    expect(msg.v).toBe(MESSAGE_VERSION);
    const handler = handlers[msg.type];
    if (!handler) throw new Error(`unexpected message ${msg.type}`);
    return handler(msg.payload);
  });
  jest.spyOn(window, 'close').mockImplementation(() => undefined);
});

afterEach(() => {
  popup?.stop();
  popup = null;
});

describe('the list of sources', () => {
  test('ranks the sources as the report does, with their details', async () => {
    const report = makeReport();
    background(results('done', report));
    await open();
    expect(sendMessage).toHaveBeenCalledWith(message('tab-results', { tabId: 7 }));
    expect(items().map((li) => li.dataset.sourceId)).toEqual(['wire-1', 'buses-3']);
    expect(empty().hidden).toBe(true);

    const [wire, buses] = items();
    const link = wire.querySelector('h3 a')!;
    expect(link.getAttribute('href')).toBe('https://wire.example/bridge');
    expect(link.textContent).toBe('Harbour bridge to close for 18 months');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(wire.querySelector('.outlet')!.textContent).toBe('Wire Agency');
    expect(wire.querySelector('time')!.textContent).toBe('4 Mar 2024');
    expect(wire.querySelector('.hint')!.textContent).toBe('earlier than this page');
    expect(buses.querySelector('.hint')!.textContent).toBe('later than this page');
    const m = report.matches[0];
    expect(wire.querySelector('.source-stats')!.textContent).toBe(`${Math.round(m.coverage * 100)} % of the article · ${m.sharedWords} words shared`);
    expect([...wire.querySelectorAll('.kind')].map((k) => [k.textContent, k.className])).toEqual([
      ['verbatim', 'kind kind-verbatim'],
      ['quote', 'kind kind-quote'],
      ['reworded', 'kind kind-reworded'],
    ]);
    expect([...wire.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Show in page', 'Compare']);
    expect(wire.querySelector('button')!.getAttribute('aria-describedby')).toBe(wire.querySelector('h3')!.id);

    const copied = Math.round(report.facts.share * 100);
    expect(document.getElementById('summary')!.textContent).toBe(`2 sources · ${copied} % of this article copied`);
    expect(document.getElementById('summary')!.getAttribute('aria-live')).toBe('polite');
    expect(document.getElementById('page-title')!.textContent).toBe('Bridge to close for repairs');
  });

  test('shows other versions of a story under its representative', async () => {
    const report = makeReport();
    const version = { ...report.matches[1], source: { ...report.matches[1].source, id: 'copy-2', outlet: 'Daily Copy' }, group: 'wire-1', sharedWords: 1 };
    background(results('done', withMatches(report, [...report.matches, version])));
    await open();
    expect(items().map((li) => li.dataset.sourceId)).toEqual(['wire-1', 'copy-2', 'buses-3']);
    expect(items()[0].querySelector('.source-versions')!.textContent).toBe('Also in Daily Copy');
    expect(items()[1].classList.contains('version')).toBe(true);
    expect(items()[1].querySelector('.source-versions')!.textContent).toBe('Another version of “Harbour bridge to close for 18 months”');
  });

  test('untrusted titles, links and bidi controls are shown as text only', async () => {
    const report = makeReport();
    const evil = {
      ...report.matches[0],
      source: {
        id: 'evil"><script>',
        title: '<img src=x onerror=alert(1)> \u202Egnp.exe',
        outlet: '<b>Bold</b>\u2066',
        url: 'javascript:alert(1)',
        published: '<i>2024</i>',
      },
      group: 'evil"><script>',
    };
    background(results('done', withMatches(report, [evil])));
    await open();
    const li = items()[0];
    expect(li.dataset.sourceId).toBe('evil"><script>');
    expect(document.querySelector('#sources img, #sources script, #sources b, #sources i')).toBeNull();
    expect(li.querySelector('a')).toBeNull();
    expect(li.querySelector('h3')!.textContent).toBe('<img src=x onerror=alert(1)> gnp.exe');
    expect(li.querySelector('.outlet')!.textContent).toBe('<b>Bold</b>');
    expect(li.textContent).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(li.querySelector('.hint')).toBeNull();
  });

  test('"Show in page" asks the background and keeps a ?tab= popup open', async () => {
    background(results('done', makeReport()));
    await open();
    button(items()[1], 'Show in page').click();
    await flush();
    expect(sendMessage).toHaveBeenCalledWith(message('show-in-page', { tabId: 7, sourceId: 'buses-3' }));
    expect(window.close).not.toHaveBeenCalled();
  });

  test('the real popup shows the active tab and closes after "Show in page"', async () => {
    background({ ...results('done', makeReport()), tabId: 42 });
    await open('');
    expect(browser.tabs.query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    expect(sendMessage).toHaveBeenCalledWith(message('tab-results', { tabId: 42 }));
    button(items()[0], 'Show in page').click();
    await flush();
    expect(sendMessage).toHaveBeenCalledWith(message('show-in-page', { tabId: 42, sourceId: 'wire-1' }));
    expect(window.close).toHaveBeenCalled();
  });

  test('"Compare" opens the compare page for the tab and source', async () => {
    const report = makeReport();
    const renamed = { ...report.matches[0], source: { ...report.matches[0].source, id: 'a b/c?d=1&e' }, group: 'a b/c?d=1&e' };
    background(results('done', withMatches(report, [renamed, ...report.matches.slice(1)])));
    await open();
    button(items()[0], 'Compare').click();
    await flush();
    expect(browser.runtime.getURL).toHaveBeenCalledWith('src/ui/compare/index.html');
    expect(browser.tabs.create).toHaveBeenCalledWith({ url: 'chrome-extension://ext-id/src/ui/compare/index.html?tab=7&source=a%20b%2Fc%3Fd%3D1%26e' });
  });
});

describe('empty states', () => {
  const cases: Array<[TabStatus, RegExp]> = [
    ['not-article', /doesn't look like a news article/],
    ['too-large', /too large to check/],
    ['checking', /Checking this page/],
  ];
  test.each(cases)('%s', async (status, text) => {
    background(results(status));
    await open('?tab=7', { pollLimitMs: 10_000, pollIntervalMs: 10_000 });
    expect(empty().dataset.reason).toBe(status);
    expect(empty().hidden).toBe(false);
    expect(empty().textContent).toMatch(text);
    expect(items()).toHaveLength(0);
    expect(document.getElementById('sources')!.hidden).toBe(true);
  });

  test('no matches names the size of the collection', async () => {
    background(results('done', withMatches(makeReport(), [])), 1234);
    await open();
    expect(empty().dataset.reason).toBe('done');
    expect(empty().textContent).toBe('Nothing on this page matches your 1,234 articles.');
  });

  test('no corpus offers the import in the options page', async () => {
    background(results('no-corpus'), 0);
    await open();
    expect(empty().dataset.reason).toBe('no-corpus');
    expect(empty().textContent).toMatch(/no articles to compare with/);
    button(empty(), 'Import articles').click();
    expect(browser.runtime.openOptionsPage).toHaveBeenCalled();
  });

  test('a disabled site can be turned back on', async () => {
    await browser.storage.local.set({ settings: { v: 2, disabledSites: ['news.example', 'other.example'] } });
    background(results('disabled'));
    await open();
    expect(empty().dataset.reason).toBe('disabled');
    expect(empty().textContent).toMatch(/turned off for news\.example/);
    expect((document.getElementById('site-toggle') as HTMLInputElement).checked).toBe(false);
    // After the switch the background checks the page again.
    handlers['tab-results'] = () => results('done', makeReport());
    button(empty(), 'Turn it back on').click();
    await new Promise((r) => setTimeout(r, 50));
    const saved = savedSettings();
    expect(saved.disabledSites).toEqual(['other.example']);
    expect(sendMessage).toHaveBeenCalledWith(message('settings-changed', {}));
    expect(items()).toHaveLength(2);
  });

  test('an error shows its message', async () => {
    background(results('error', null, { error: 'The worker stopped <b>unexpectedly</b>' }));
    await open();
    expect(empty().dataset.reason).toBe('error');
    expect(empty().textContent).toBe('Something went wrong while checking: The worker stopped <b>unexpectedly</b>');
    expect(empty().querySelector('b')).toBeNull();
  });

  test('a storage error from corpus-status says storage cannot be used', async () => {
    background(results('no-corpus'), 0, 'IndexedDB is not available in private windows');
    await open();
    expect(empty().dataset.reason).toBe('storage-error');
    expect(empty().textContent).toMatch(/can't use the browser's storage.*private windows/);
    // Said once: the warning line stays hidden when the empty state already explains it.
    expect(document.getElementById('storage-warning')!.hidden).toBe(true);
  });

  test('a storage error next to results of an earlier check shows the warning line', async () => {
    background(results('done', makeReport()), 0, 'IndexedDB is not available in private windows');
    await open();
    expect(document.getElementById('storage-warning')!.hidden).toBe(false);
    expect(document.getElementById('storage-warning')!.textContent).toMatch(/private windows/);
  });

  test('a tab without results says it was not checked', async () => {
    background(null);
    await open();
    expect(empty().dataset.reason).toBe('not-checked');
    expect(document.getElementById('site-row')!.hidden).toBe(true);
  });

  test('checking: asks again until the results are in', async () => {
    let asked = 0;
    background(null);
    handlers['tab-results'] = () => (++asked < 3 ? results('checking') : results('done', makeReport()));
    await open();
    expect(empty().dataset.reason).toBe('checking');
    expect(empty().textContent).toBe('Checking this page…');
    await popup!.settled();
    expect(asked).toBe(3);
    expect(empty().hidden).toBe(true);
    expect(items()).toHaveLength(2);
  });

  test('checking: gives up after the time limit and says so', async () => {
    background(results('checking'));
    await open('?tab=7', { pollIntervalMs: 5, pollLimitMs: 30 });
    await popup!.settled();
    expect(empty().dataset.reason).toBe('checking');
    expect(empty().textContent).toMatch(/still being checked/);
  });
});

describe('footer', () => {
  test('the site switch turns the current site off', async () => {
    background(results('done', makeReport()));
    await open();
    const toggle = document.getElementById('site-toggle') as HTMLInputElement;
    expect(document.getElementById('site-row')!.hidden).toBe(false);
    expect(document.getElementById('site-toggle-label')!.textContent).toBe('Check articles on news.example');
    expect(toggle.checked).toBe(true);
    toggle.checked = false;
    toggle.dispatchEvent(new Event('change'));
    await new Promise((r) => setTimeout(r, 20));
    const saved = savedSettings();
    expect(saved.disabledSites).toEqual([...DEFAULT_DENY_LIST, 'news.example']);
    expect(sendMessage).toHaveBeenCalledWith(message('settings-changed', {}));
    expect(empty().dataset.reason).toBe('disabled');
  });

  test('Options opens the options page', async () => {
    background(results('done', makeReport()));
    await open();
    button(document, 'Options').click();
    expect(browser.runtime.openOptionsPage).toHaveBeenCalled();
  });
});

describe('Check text', () => {
  test('shows the pasted text’s sources in the same list, compared via text=last', async () => {
    background(results('not-article'));
    const report = { ...makeReport(), page: '-', title: null, url: null, published: null };
    handlers['check-text'] = (payload: { text: string }) => {
      expect(payload.text).toBe(report.text);
      return { report };
    };
    await open();
    expect(document.querySelector('label[for="check-text"]')!.textContent).toBe('Check text');
    (document.getElementById('check-text') as HTMLTextAreaElement).value = report.text;
    button(document, 'Check').click();
    await flush();
    await flush();
    expect(items().map((li) => li.dataset.sourceId)).toEqual(['wire-1', 'buses-3']);
    expect([...items()[0].querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Compare']);
    expect(document.getElementById('summary')!.textContent).toMatch(/^2 sources · \d+ % of the pasted text copied$/);
    button(items()[0], 'Compare').click();
    await flush();
    expect(browser.tabs.create).toHaveBeenCalledWith({ url: 'chrome-extension://ext-id/src/ui/compare/index.html?text=last&source=wire-1' });
    button(document, 'Back to this page').click();
    expect(empty().dataset.reason).toBe('not-article');
  });

  test('asks for text when the box is empty, and shows errors', async () => {
    background(results('not-article'));
    handlers['check-text'] = () => ({ report: makeReport(), error: 'No corpus to check against' });
    await open();
    button(document, 'Check').click();
    await flush();
    expect(document.getElementById('check-status')!.textContent).toMatch(/Paste an article/);
    (document.getElementById('check-text') as HTMLTextAreaElement).value = 'some text';
    button(document, 'Check').click();
    await flush();
    await flush();
    expect(document.getElementById('check-status')!.textContent).toBe('Could not check the text: No corpus to check against');
    expect(items()).toHaveLength(0);
  });
});

describe('export', () => {
  let blobs: Blob[];
  beforeEach(() => {
    blobs = [];
    URL.createObjectURL = jest.fn((b: Blob) => {
      blobs.push(b);
      return `blob:test/${blobs.length}`;
    });
    URL.revokeObjectURL = jest.fn();
  });

  async function blobText(b: Blob): Promise<string> {
    return new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(b);
    });
  }

  test('JSON: the report with what was highlighted; CSV: one row per span', async () => {
    const report = makeReport();
    background(results('done', report));
    await open();
    const clicked: HTMLAnchorElement[] = [];
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    button(document, 'Export JSON').click();
    button(document, 'Export CSV').click();
    expect(clicked.map((a) => a.download)).toEqual([expect.stringMatching(/^wiretrace-news\.example-\d{4}-\d\d-\d\d\.json$/), expect.stringMatching(/\.csv$/)]);
    const json = JSON.parse(await blobText(blobs[0]));
    expect(json.highlighted).toEqual(['highlighted passage']);
    expect(json.matches.map((m: any) => m.source.id)).toEqual(['wire-1', 'buses-3']);
    const rows = Papa.parse<Record<string, string>>(await blobText(blobs[1]), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(report.matches.reduce((n, m) => n + m.spans.length, 0));
    expect(rows[0].source_id).toBe('wire-1');
    expect(rows[0].passage).toBe(report.text.slice(report.matches[0].spans[0].start, report.matches[0].spans[0].end));
    expect(document.querySelector('a[download]')).toBeNull();
  });

  test('export buttons are disabled without results', async () => {
    background(results('not-article'));
    await open();
    expect(button(document, 'Export JSON').disabled).toBe(true);
    expect(button(document, 'Export CSV').disabled).toBe(true);
  });
});

test('the page entry starts the popup for ?tab=', async () => {
  background(results('done', makeReport()));
  window.history.replaceState(null, '', '/popup/index.html?tab=7');
  await import('../../../src/ui/popup/popup');
  for (let i = 0; i < 20 && items().length === 0; i++) await flush();
  expect(items().map((li) => li.dataset.sourceId)).toEqual(['wire-1', 'buses-3']);
});
