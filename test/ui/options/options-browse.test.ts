/** @jest-environment jsdom */
import { startOptionsPage } from '../../../src/ui/options/options-page';
import { resetBrowserFake, sentTypes, storageData } from './browser-fake';
import { FakeStore, storedRecord } from './fake-store';
import { click, installBrowserApis, loadPage, text, waitFor } from './page-env';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: jest.requireActual('./browser-fake').browserFake }));

async function start(store: FakeStore) {
  loadPage('src/ui/options/index.html');
  return startOptionsPage({ openStore: async () => store });
}

function rowTitles(): string[] {
  return [...document.querySelectorAll('#records-body tr')].map((tr) => tr.querySelector('.title-cell')?.firstChild?.textContent ?? '');
}

function setValue(id: string, value: string, event: 'input' | 'change' = 'change'): void {
  const el = document.getElementById(id) as HTMLInputElement | HTMLSelectElement;
  el.value = value;
  el.dispatchEvent(new Event(event, { bubbles: true }));
}

function manyRecords(n: number) {
  return Array.from({ length: n }, (_, i) =>
    storedRecord({ id: `r${i}`, title: `Story ${String(i).padStart(4, '0')}`, outlet: i % 2 ? 'AP' : 'Reuters', published: `2024-01-${String((i % 28) + 1).padStart(2, '0')}` }),
  );
}

beforeAll(installBrowserApis);
beforeEach(resetBrowserFake);

describe('options page: corpus figures', () => {
  test('"1 article" and "2,345 articles", with thousands separators', async () => {
    await start(new FakeStore([storedRecord({ id: 'one', outlet: 'AP' })]));
    expect(text('corpus-total')).toBe('1 article');
    expect(text('corpus-outlets')).toBe('1 outlet');
    await start(new FakeStore(manyRecords(2345)));
    expect(text('corpus-total')).toBe('2,345 articles');
    expect(text('corpus-outlets')).toBe('2 outlets');
  });

  test('storage used and persistence are shown when known', async () => {
    const nav = navigator as any;
    const saved = nav.storage;
    Object.defineProperty(navigator, 'storage', { configurable: true, value: { estimate: async () => ({ usage: 12.3 * 1024 * 1024, quota: 1e10 }), persisted: async () => false } });
    storageData.persisted = true;
    try {
      await start(new FakeStore());
      await waitFor(() => text('storage-used') === '12.3 MB');
      expect(document.getElementById('storage-used-row')!.hidden).toBe(false);
      // The background's record wins over the browser's own answer.
      await waitFor(() => text('storage-persisted').startsWith('Persistent'));
    } finally {
      Object.defineProperty(navigator, 'storage', { configurable: true, value: saved });
    }
  });
});

describe('options page: browse and search', () => {
  test('lists records 50 per page, with paging', async () => {
    await start(new FakeStore(manyRecords(60)));
    expect(document.querySelectorAll('#records-body tr')).toHaveLength(50);
    expect(text('browse-status')).toBe('Showing 1–50 of 60');
    expect(text('page-info')).toBe('Page 1 of 2');
    expect((document.getElementById('page-prev') as HTMLButtonElement).disabled).toBe(true);
    click(document.getElementById('page-next')!);
    await waitFor(() => document.querySelectorAll('#records-body tr').length === 10);
    expect(text('browse-status')).toBe('Showing 51–60 of 60');
    expect((document.getElementById('page-next') as HTMLButtonElement).disabled).toBe(true);
  });

  test('search, outlet filter, dates and sort build the store query', async () => {
    const store = new FakeStore([
      storedRecord({ id: 'a', title: 'Storm hits coast', outlet: 'AP', published: '2024-03-01T18:00:00.000Z', url: 'https://ap.example/storm' }),
      storedRecord({ id: 'b', title: 'Budget passes', outlet: 'Reuters', published: '2024-02-10' }),
      storedRecord({ id: 'c', title: 'Storm warning', outlet: 'Reuters', published: '2024-03-05' }),
    ]);
    const list = jest.spyOn(store, 'list');
    await start(store);
    expect(rowTitles()).toEqual(['Storm warning', 'Storm hits coast', 'Budget passes']);
    // The outlet filter offers the store's outlets with counts.
    const options = [...(document.getElementById('browse-outlet') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(['All outlets', 'Reuters (2)', 'AP (1)']);

    setValue('browse-search', 'storm', 'input');
    await waitFor(() => rowTitles().length === 2);
    expect(text('browse-status')).toBe('1–2 of 2 matching (3 articles in all)');
    setValue('browse-outlet', 'Reuters');
    await waitFor(() => rowTitles().length === 1);
    expect(rowTitles()).toEqual(['Storm warning']);

    setValue('browse-search', '', 'input');
    setValue('browse-outlet', '');
    setValue('browse-from', '2024-03-01');
    setValue('browse-to', '2024-03-01');
    await waitFor(() => rowTitles().join() === 'Storm hits coast');
    setValue('browse-from', '');
    setValue('browse-to', '');
    setValue('browse-sort', 'title');
    await waitFor(() => rowTitles().join() === 'Budget passes,Storm hits coast,Storm warning');
    expect(list).toHaveBeenLastCalledWith({ sort: 'title', offset: 0, limit: 50 });
    expect(list).toHaveBeenCalledWith(expect.objectContaining({ search: 'storm', outlet: 'Reuters' }));
    expect(list).toHaveBeenCalledWith(expect.objectContaining({ from: '2024-03-01', to: '2024-03-01' }));
  });

  test('deletes selected records and single rows, then updates the total', async () => {
    const store = new FakeStore(manyRecords(5));
    await start(store);
    const deleteSelected = document.getElementById('delete-selected') as HTMLButtonElement;
    expect(deleteSelected.disabled).toBe(true);
    const boxes = [...document.querySelectorAll<HTMLInputElement>('#records-body input[type=checkbox]')];
    boxes[0].checked = true;
    boxes[0].dispatchEvent(new Event('change'));
    boxes[1].checked = true;
    boxes[1].dispatchEvent(new Event('change'));
    expect(deleteSelected.textContent).toBe('Delete selected (2)');
    expect((document.getElementById('select-page') as HTMLInputElement).indeterminate).toBe(true);
    click(deleteSelected);
    await waitFor(() => text('corpus-total') === '3 articles');
    expect(store.deleteCalls[0]).toHaveLength(2);
    expect(text('browse-status')).toContain('Deleted 2 articles.');
    expect(sentTypes()).toContain('corpus-changed');

    const rowDelete = document.querySelector<HTMLButtonElement>('#records-body button.row-delete')!;
    expect(rowDelete.getAttribute('aria-label')).toMatch(/^Delete “Story \d{4}”$/);
    click(rowDelete);
    await waitFor(() => text('corpus-total') === '2 articles');
    await waitFor(() => document.querySelectorAll('#records-body tr').length === 2);
    expect(store.deleteCalls[1]).toHaveLength(1);

    // Select all on the page.
    const all = document.getElementById('select-page') as HTMLInputElement;
    all.checked = true;
    all.dispatchEvent(new Event('change'));
    expect(deleteSelected.textContent).toBe('Delete selected (2)');
  });

  test('"Clear all" asks in a dialog with the count; Cancel keeps the corpus, Delete all clears it', async () => {
    const store = new FakeStore(manyRecords(1234));
    await start(store);
    const dialog = document.getElementById('clear-dialog') as HTMLDialogElement;
    click(document.getElementById('clear-all')!);
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain('All 1,234 articles will be deleted');
    click(document.getElementById('clear-cancel')!);
    expect(dialog.open).toBe(false);
    expect(store.clearCalls).toBe(0);

    click(document.getElementById('clear-all')!);
    click(document.getElementById('clear-confirm')!);
    await waitFor(() => text('corpus-total') === '0 articles');
    expect(store.clearCalls).toBe(1);
    expect(sentTypes()).toContain('corpus-changed');
    expect(text('records-body')).toContain('No articles yet');
    expect((document.getElementById('clear-all') as HTMLButtonElement).disabled).toBe(true);
    expect((document.getElementById('export-jsonl') as HTMLButtonElement).disabled).toBe(true);
  });

  test('"Export JSONL" downloads the whole corpus as one file', async () => {
    const store = new FakeStore([storedRecord({ id: 'a', title: 'A', text: 'Alpha text.' }), storedRecord({ id: 'b', title: 'B', text: 'Beta text.' })]);
    await start(store);
    const createUrl = URL.createObjectURL as jest.Mock;
    createUrl.mockClear();
    const clicked: HTMLAnchorElement[] = [];
    const anchorClick = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    click(document.getElementById('export-jsonl')!);
    await waitFor(() => clicked.length === 1);
    anchorClick.mockRestore();
    expect(clicked[0].download).toMatch(/^wiretrace-corpus-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const blob = createUrl.mock.calls[0][0] as Blob;
    const content = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(blob);
    });
    expect(content.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['a', 'b']);
    await waitFor(() => text('browse-status') === 'Exported 2 articles.');
  });

  test('reads the corpus again when shown after a change made elsewhere', async () => {
    const store = new FakeStore(manyRecords(2));
    await start(store);
    const list = jest.spyOn(store, 'list');
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((r) => setTimeout(r, 20));
    // Nothing changed: nothing is read again.
    expect(list).not.toHaveBeenCalled();
    await store.addRecords([{ id: 'new', title: 'Captured page', outlet: null, url: null, published: null, text: 'Captured text.' }]);
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => text('corpus-total') === '3 articles');
    await waitFor(() => rowTitles().includes('Captured page'));
  });

  test('hostile titles, outlets and links render as inert text', async () => {
    const hostile = '<img src=x onerror="globalThis.pwned=1"><script>globalThis.pwned=1</script>';
    await start(
      new FakeStore([
        storedRecord({ id: 'evil', title: hostile, outlet: '<b>Outlet</b>', url: 'javascript:globalThis.pwned=1', published: '2024-01-01' }),
        storedRecord({ id: 'ok', title: 'Fine \u202Egnp.exe', url: 'https://news.example/a?b=1', published: '2023-01-01' }),
      ]),
    );
    const body = document.getElementById('records-body')!;
    expect(body.querySelector('img, script, b')).toBeNull();
    expect(body.textContent).toContain(hostile);
    expect(body.textContent).toContain('<b>Outlet</b>');
    expect((globalThis as any).pwned).toBeUndefined();
    const links = [...body.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://news.example/a?b=1']);
    expect(links[0].rel).toBe('noopener noreferrer');
    // Bidi overrides are stripped from displayed titles.
    expect(body.textContent).not.toContain('\u202E');
    const outletOptions = [...document.querySelectorAll('#browse-outlet option')].map((o) => o.textContent);
    expect(outletOptions).toContain('<b>Outlet</b> (1)');
  });
});
