/** @jest-environment jsdom */
import browser from 'webextension-polyfill';
import type { PageReport } from '@wiretrace/engine';
import { TAB_RESULTS_VERSION, type TabResults } from '../../../src/shared/messages';
import { SCHEMA_VERSION, type StoredRecord } from '../../../src/store/api';
import { parseCompareQuery, startCompare, type CompareStore } from '../../../src/ui/compare/compare-app';
import { makeReport, RECORDS } from '../fixtures';
import { loadPage } from '../load-page';

jest.mock('webextension-polyfill', () => ({
  __esModule: true,
  default: {
    runtime: { sendMessage: jest.fn() },
    storage: { session: { get: jest.fn(async () => ({})) } },
  },
}));

const mockOpenStore = jest.fn();
jest.mock('../../../src/store/open-store', () => ({ openStore: () => mockOpenStore() }));

const sendMessage = browser.runtime.sendMessage as unknown as jest.Mock;
const sessionGet = browser.storage.session.get as unknown as jest.Mock;

function stored(id: string, patch: Partial<StoredRecord> = {}): StoredRecord {
  const r = RECORDS.find((x) => x.id === id)!;
  return { ...r, v: SCHEMA_VERSION, origin: 'import', importId: 'imp-1', addedAt: '2024-03-07T00:00:00Z', words: 0, ...patch };
}

function fakeStore(records: StoredRecord[]): { openStore: () => Promise<CompareStore>; closed: () => number } {
  let closed = 0;
  return {
    openStore: async () => ({
      getRecord: async (id: string) => records.find((r) => r.id === id),
      close: () => void closed++,
    }),
    closed: () => closed,
  };
}

function tabResults(report: PageReport | null): TabResults {
  return {
    v: TAB_RESULTS_VERSION,
    tabId: 7,
    status: report ? 'done' : 'checking',
    page: { url: report?.url ?? 'https://news.example/', canonicalUrl: null, title: null, outlet: 'The Local News', byline: null, published: null, lang: 'en' },
    report,
    highlighted: [],
    checkedAt: null,
  };
}

const pane = (id: 'page-pane' | 'source-pane'): HTMLElement => document.getElementById(id)!;
const marks = (id: 'page-pane' | 'source-pane', n?: number): HTMLElement[] => [
  ...pane(id).querySelectorAll<HTMLElement>(n === undefined ? 'mark.passage' : `mark.passage[data-passage="${n}"]`),
];
const status = (): string => document.getElementById('status')!.textContent!;

let report: PageReport;

beforeEach(() => {
  loadPage('src/ui/compare/index.html');
  jest.clearAllMocks();
  report = makeReport();
  sendMessage.mockImplementation(async (msg: { type: string; payload: { tabId: number } }) => {
    expect(msg.type).toBe('tab-results');
    return msg.payload.tabId === 7 ? tabResults(report) : null;
  });
});

test('parses its query', () => {
  expect(parseCompareQuery('?tab=7&source=a%20b')).toEqual({ source: 'a b', from: { tab: 7 } });
  expect(parseCompareQuery('?text=last&source=x')).toEqual({ source: 'x', from: { text: 'last' } });
  expect(parseCompareQuery('?tab=-1&source=x')).toBeNull();
  expect(parseCompareQuery('?tab=7')).toBeNull();
});

describe('a tab’s page against a source', () => {
  test('numbers and highlights the aligned passages on both sides', async () => {
    const store = fakeStore([stored('wire-1')]);
    await startCompare('?tab=7&source=wire-1', store);
    expect(store.closed()).toBe(1);
    const wire = report.matches.find((m) => m.source.id === 'wire-1')!;
    const n = wire.spans.length;
    expect(status()).toBe(`${n} passages shared. Select a passage to see its counterpart.`);

    const pageNumbers = new Set(marks('page-pane').map((m) => m.dataset.passage));
    const sourceNumbers = new Set(marks('source-pane').map((m) => m.dataset.passage));
    expect([...pageNumbers]).toEqual(Array.from({ length: n }, (_, i) => String(i + 1)));
    expect([...sourceNumbers].sort()).toEqual([...pageNumbers].sort());
    expect(marks('page-pane').every((m) => /^passage (verbatim|quote|reworded)$/.test(m.className))).toBe(true);

    // Each page passage holds exactly the span's text (pieces across line breaks joined).
    wire.spans.forEach((s, i) => {
      const text = marks('page-pane', i + 1).map((m) => m.textContent).join('');
      expect(text).toBe(report.text.slice(s.start, s.end).replace(/\n+/g, ''));
    });
    expect(marks('page-pane', 1)[0].className).toBe('passage verbatim');
    expect(marks('page-pane', 2)[0].className).toBe('passage quote');
    expect(marks('page-pane', n)[0].className).toBe('passage reworded');
    // Only the first piece of a passage is numbered and focusable.
    expect(marks('page-pane').filter((m) => m.hasAttribute('data-first'))).toHaveLength(n);

    // Headers: the page's and the source's title, outlet, date, link.
    expect(document.getElementById('page-head')!.textContent).toContain('Bridge to close for repairs');
    expect(document.getElementById('page-head')!.textContent).toContain('The Local News');
    const sourceHead = document.getElementById('source-head')!;
    expect(sourceHead.textContent).toContain('Harbour bridge to close for 18 months');
    expect(sourceHead.textContent).toContain('Wire Agency');
    expect(sourceHead.querySelector('time')!.textContent).toBe('4 Mar 2024');
    expect(sourceHead.querySelector('a')!.getAttribute('href')).toBe('https://wire.example/bridge');
  });

  test('a passage across a paragraph break is drawn as pieces with the same number', async () => {
    await startCompare('?tab=7&source=wire-1', fakeStore([stored('wire-1')]));
    const wire = report.matches[0];
    const i = wire.spans.findIndex((s) => report.text.slice(s.start, s.end).includes('\n'));
    expect(i).toBeGreaterThanOrEqual(0);
    const pieces = marks('page-pane', i + 1);
    expect(pieces.length).toBe(2);
    expect(pieces[0].parentElement).not.toBe(pieces[1].parentElement);
  });

  test('word differences show as <del> in the source and <ins> in the page, only where words differ', async () => {
    await startCompare('?tab=7&source=wire-1', fakeStore([stored('wire-1')]));
    const ins = [...pane('page-pane').querySelectorAll('ins')].map((e) => e.textContent);
    const del = [...pane('source-pane').querySelectorAll('del')].map((e) => e.textContent);
    expect(ins).toContain('were worried about');
    expect(del).toContain('feared');
    expect(pane('page-pane').querySelector('del')).toBeNull();
    expect(pane('source-pane').querySelector('ins')).toBeNull();
    // Marks sit inside passages, never in plain text.
    for (const el of document.querySelectorAll('#page-pane ins, #source-pane del')) expect(el.closest('mark.passage')).not.toBeNull();
    // The exact passages (1: verbatim, 2: quote) show no differences.
    for (const n of [1, 2]) {
      expect(marks('page-pane', n).some((m) => m.querySelector('ins'))).toBe(false);
      expect(marks('source-pane', n).some((m) => m.querySelector('del'))).toBe(false);
    }
    // The reworded passage has differences on both sides.
    const last = report.matches[0].spans.length;
    expect(marks('page-pane', last).some((m) => m.querySelector('ins'))).toBe(true);
    expect(marks('source-pane', last).some((m) => m.querySelector('del'))).toBe(true);
  });

  test('selecting a passage brings its counterpart into view', async () => {
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = jest.fn(function (this: Element) {
      scrolled.push(this);
    });
    await startCompare('?tab=7&source=wire-1', fakeStore([stored('wire-1')]));
    marks('page-pane', 2)[0].click();
    expect(scrolled).toEqual([marks('source-pane', 2)[0]]);
    expect(document.activeElement).toBe(marks('source-pane', 2)[0]);
    expect(marks('source-pane', 2)[0].classList.contains('flash')).toBe(true);
    marks('source-pane', 1)[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(scrolled[1]).toBe(marks('page-pane', 1)[0]);
  });

  test('a source deleted from the collection is said plainly; the page side still shows', async () => {
    await startCompare('?tab=7&source=wire-1', fakeStore([]));
    expect(status()).toMatch(/no longer in your collection/);
    expect(document.getElementById('source-missing')!.textContent).toMatch(/no longer in your collection/);
    expect(marks('page-pane').length).toBeGreaterThan(0);
    expect(marks('source-pane')).toHaveLength(0);
    // The header falls back to the match's own description of the source.
    expect(document.getElementById('source-head')!.textContent).toContain('Wire Agency');
  });

  test('a store that cannot be opened is reported', async () => {
    await startCompare('?tab=7&source=wire-1', {
      openStore: async () => {
        throw new Error('IndexedDB is blocked');
      },
    });
    expect(status()).toMatch(/could not be read from storage: IndexedDB is blocked/);
  });

  test('a source no longer among the matches, or a closed tab, is said plainly', async () => {
    await startCompare('?tab=7&source=nope', fakeStore([]));
    expect(status()).toMatch(/no longer among the matches/);
    loadPage('src/ui/compare/index.html');
    await startCompare('?tab=8&source=wire-1', fakeStore([]));
    expect(status()).toMatch(/no results for this tab/);
    loadPage('src/ui/compare/index.html');
    await startCompare('?source=wire-1', fakeStore([]));
    expect(status()).toMatch(/incomplete/);
  });

  test('hostile source metadata and text render as text', async () => {
    const evil = stored('wire-1', {
      title: '<img src=x onerror=alert(1)>\u202E',
      outlet: '<script>alert(1)</script>',
      url: 'javascript:alert(1)',
      text: stored('wire-1').text.replace('city council', '<b>city</b> council'),
    });
    await startCompare('?tab=7&source=wire-1', fakeStore([evil]));
    const head = document.getElementById('source-head')!;
    expect(head.querySelector('img, script, a')).toBeNull();
    expect(head.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(head.textContent).not.toContain('\u202E');
    expect(pane('source-pane').querySelector('b')).toBeNull();
    expect(pane('source-pane').textContent).toContain('<b>city</b> council');
  });
});

test('pasted text: reads the last check from storage.session', async () => {
  const pasted = { ...report, page: '-', title: null, url: null, published: null };
  sessionGet.mockImplementation(async (key: string) => (key === 'check-text:last' ? { [key]: { report: pasted } } : {}));
  await startCompare('?text=last&source=buses-3', fakeStore([stored('buses-3')]));
  expect(sendMessage).not.toHaveBeenCalled();
  expect(document.getElementById('page-head')!.textContent).toContain('The pasted text');
  expect(marks('page-pane', 1)[0].textContent).toBe(report.text.slice(report.matches[1].spans[0].start, report.matches[1].spans[0].end));
  expect(marks('source-pane', 1)[0].textContent).toBe(marks('page-pane', 1)[0].textContent);
});

test('pasted text that is gone is said plainly', async () => {
  sessionGet.mockImplementation(async () => ({}));
  await startCompare('?text=last&source=buses-3', fakeStore([]));
  expect(status()).toMatch(/no longer available/);
});

test('a long article renders in reasonable time', async () => {
  const paragraph = RECORDS[0].text.split('\n\n')[3];
  const filler = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} of unrelated local reporting about the weather and the markets.`).join('\n\n');
  const text = `${filler}\n\n${paragraph}\n\n${filler}`;
  report = makeReport(text);
  expect(text.length).toBeGreaterThan(60_000);
  const t0 = Date.now();
  await startCompare('?tab=7&source=wire-1', fakeStore([stored('wire-1')]));
  expect(Date.now() - t0).toBeLessThan(3000);
  expect(marks('page-pane')).toHaveLength(1);
  expect(document.querySelectorAll('#page-text > p')).toHaveLength(801);
});

describe('the page entry', () => {
  test('opens the real store module and draws the comparison from the URL', async () => {
    mockOpenStore.mockImplementation(fakeStore([stored('wire-1')]).openStore);
    window.history.replaceState(null, '', '/compare/index.html?tab=7&source=wire-1');
    await import('../../../src/ui/compare/compare');
    for (let i = 0; i < 20 && marks('source-pane').length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(mockOpenStore).toHaveBeenCalled();
    expect(marks('source-pane').length).toBeGreaterThan(0);
  });
});
