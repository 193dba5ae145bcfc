/** @jest-environment jsdom */
import Papa from 'papaparse';
import { HISTORY_VERSION, type HistoryEntry } from '../../../src/store/history/history-entry';
import { reuseLevel } from '@wiretrace/engine';
import { HISTORY_PAGE_SIZE } from '../../../src/ui/options/history-panel';
import { startOptionsPage } from '../../../src/ui/options/options-page';
import { resetBrowserFake, storageData } from './browser-fake';
import { FakeStore, storedRecord } from './fake-store';
import { click, installBrowserApis, loadPage, text, waitFor } from './page-env';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: jest.requireActual('./browser-fake').browserFake }));

beforeAll(installBrowserApis);
beforeEach(resetBrowserFake);

const input = (id: string): HTMLInputElement => document.getElementById(id) as HTMLInputElement;

function entry(i: number, patch: Partial<HistoryEntry> = {}): HistoryEntry {
  const e: Omit<HistoryEntry, 'level'> & Partial<HistoryEntry> = {
    v: HISTORY_VERSION,
    key: `paper.example/${i}`,
    url: `https://paper.example/${i}`,
    title: `Story ${i}`,
    outlet: 'The Paper',
    checkedAt: new Date(Date.UTC(2024, 4, 1, 10, 0, i)).toISOString(),
    words: 300,
    sourceCount: 0,
    share: 0,
    sources: [],
    ...patch,
  };
  // The level the scan of such a page had (as the background records it), unless the test sets one.
  return { level: reuseLevel(e.share, e.sourceCount), ...e };
}

const copied = (i: number, patch: Partial<HistoryEntry> = {}): HistoryEntry =>
  entry(i, {
    sourceCount: 1,
    share: 0.62,
    sources: [{ id: 'seed-000', title: 'Wire story', outlet: 'Wire Service', url: 'https://wire.example/a', share: 0.62 }],
    ...patch,
  });

async function start(store: FakeStore) {
  loadPage('src/ui/options/index.html');
  return startOptionsPage({ openStore: async () => store });
}

/** The blobs handed to downloadBlob, with their file names. */
function captureDownloads(): Array<{ name: string; blob: Blob }> {
  const got: Array<{ name: string; blob: Blob }> = [];
  jest.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    got.push({ name: '', blob: b as Blob });
    return 'blob:fake';
  });
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    got[got.length - 1].name = this.download;
  });
  return got;
}

/** jsdom's Blob has no text(). */
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

afterEach(() => jest.restoreAllMocks());

test('the switch is off by default and saved as the `history` setting', async () => {
  const page = await start(new FakeStore());
  expect(input('history-on').checked).toBe(false);
  input('history-on').checked = true;
  input('history-on').dispatchEvent(new Event('change', { bubbles: true }));
  await page.settings.idle();
  expect((storageData.settings as { history: boolean }).history).toBe(true);
  expect(text('history-status')).toMatch(/No pages in the history yet/);
});

test('lists pages with reuse by default (newest first), all pages on demand; links only http(s), untrusted text as text', async () => {
  const store = new FakeStore();
  await store.putHistory(entry(1));
  await store.putHistory(copied(2, { title: '<img src=x onerror=alert(1)>' }));
  await store.putHistory(copied(3, { url: 'javascript:alert(1)', sources: [{ id: 's', title: null, outlet: null, url: 'javascript:x', share: 0.3 }] }));
  await start(store);
  const rows = () => [...document.querySelectorAll('#history-rows tr')];
  expect(rows()).toHaveLength(2);
  expect(text('history-status')).toMatch(/3 pages in the history, 2 with reuse/);
  const [third, second] = rows();
  // A javascript: page or source link is no link at all.
  expect(third.querySelector('a')?.hasAttribute('href')).toBe(false);
  expect(third.querySelectorAll('a[href]')).toHaveLength(0);
  expect(second.querySelector('img')).toBeNull();
  expect(second.textContent).toContain('<img src=x onerror=alert(1)>');
  expect(second.querySelector('a')!.getAttribute('href')).toBe('https://paper.example/2');
  expect(second.querySelector('ul a')!.getAttribute('href')).toBe('https://wire.example/a');
  expect(second.textContent).toContain('Wire Service');
  expect(second.querySelector('td.num')!.textContent).toBe('62 %');

  click(input('history-reuse-only'));
  expect(input('history-reuse-only').checked).toBe(false);
  expect(rows()).toHaveLength(3);
  expect(rows()[2].textContent).toContain('none found');
});

test('capped: "Show more" adds a page of rows', async () => {
  const store = new FakeStore();
  for (let i = 0; i < HISTORY_PAGE_SIZE + 5; i++) await store.putHistory(copied(i));
  await start(store);
  expect(document.querySelectorAll('#history-rows tr')).toHaveLength(HISTORY_PAGE_SIZE);
  expect(input('history-more').hidden).toBe(false);
  click(input('history-more'));
  expect(document.querySelectorAll('#history-rows tr')).toHaveLength(HISTORY_PAGE_SIZE + 5);
  expect(input('history-more').hidden).toBe(true);
});

test('the outlet report and both CSV exports', async () => {
  const store = new FakeStore();
  await store.putHistory(copied(1));
  await store.putHistory(entry(2));
  await store.putHistory(copied(3, { outlet: 'Herald', url: 'https://herald.example/3', key: 'herald.example/3', share: 0.1 }));
  await start(store);
  const outletRows = [...document.querySelectorAll('#outlet-rows tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
  expect(outletRows).toEqual([
    ['The Paper', '2', '1', '50 %', 'Wire Service (1)'],
    ['Herald', '1', '0', '0 %', ''],
  ]);
  expect(text('outlet-hint')).toContain('20 %');

  const downloads = captureDownloads();
  click(input('history-export'));
  click(input('outlet-export'));
  expect(downloads.map((d) => d.name)).toEqual([expect.stringMatching(/^wiretrace-history-\d{4}-\d\d-\d\d\.csv$/), expect.stringMatching(/^wiretrace-outlets-\d{4}-\d\d-\d\d\.csv$/)]);
  const [history, outlets] = await Promise.all(downloads.map((d) => blobText(d.blob)));
  // Only the pages listed (with reuse), newest first.
  expect(Papa.parse<string[]>(history.trim()).data.slice(1).map((r) => [r[2], r[6]])).toEqual([
    ['Story 3', '0.100'],
    ['Story 1', '0.620'],
  ]);
  expect(Papa.parse<string[]>(outlets.trim()).data.slice(1)).toEqual([
    ['The Paper', '2', '1', '0.500', 'Wire Service (1)'],
    ['Herald', '1', '0', '0.000', ''],
  ]);
});

test('"Clear history" asks first, then empties the list and the report; the corpus stays', async () => {
  const store = new FakeStore([storedRecord({ id: 'kept' })]);
  await store.putHistory(copied(1));
  await start(store);
  click(input('history-clear'));
  const dialog = document.getElementById('history-dialog') as HTMLDialogElement;
  expect(dialog.open).toBe(true);
  expect(text('history-dialog-text')).toMatch(/1 page will be forgotten/);
  click(input('history-cancel'));
  expect(store.history.size).toBe(1);
  click(input('history-clear'));
  click(input('history-confirm'));
  await waitFor(() => store.history.size === 0 && text('history-status').includes('1 page forgotten'));
  expect(document.querySelectorAll('#history-rows tr, #outlet-rows tr')).toHaveLength(0);
  expect(input('history-clear').disabled).toBe(true);
  expect(store.records.has('kept')).toBe(true);
});
