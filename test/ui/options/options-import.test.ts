/** @jest-environment jsdom */
import { StorageError } from '../../../src/store/api';
import { startOptionsPage } from '../../../src/ui/options/options-page';
import { resetBrowserFake, sentTypes } from './browser-fake';
import { FakeStore, storedRecord } from './fake-store';
import { chooseFiles, click, fileAt, installBrowserApis, labelOf, loadPage, text, waitFor } from './page-env';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: jest.requireActual('./browser-fake').browserFake }));

const OPTIONS_HTML = 'src/ui/options/index.html';

function fileInputs(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>('input[type=file]')];
}

function importInput(): HTMLInputElement {
  const named = fileInputs().filter((i) => labelOf(i) === 'Import files');
  expect(named).toHaveLength(1);
  return named[0];
}

async function start(store: FakeStore | Error, url = 'chrome-extension://test/src/ui/options/index.html') {
  window.history.replaceState(null, '', url.replace('chrome-extension://test', ''));
  loadPage(OPTIONS_HTML);
  return startOptionsPage({ openStore: async () => (store instanceof Error ? Promise.reject(store) : store) });
}

beforeAll(installBrowserApis);
beforeEach(() => {
  resetBrowserFake();
});

describe('options page: import', () => {
  test('has exactly one visible file input, named "Import files", plus an "Import a folder" button', async () => {
    await start(new FakeStore());
    const visible = fileInputs().filter((i) => !i.hidden);
    expect(visible).toHaveLength(1);
    expect(labelOf(visible[0])).toBe('Import files');
    expect(visible[0].multiple).toBe(true);
    // No format filter: content decides, and extension-less text files are importable.
    expect(visible[0].hasAttribute('accept')).toBe(false);
    importInput();

    const folderButtons = [...document.querySelectorAll('button')].filter((b) => b.textContent === 'Import a folder');
    expect(folderButtons).toHaveLength(1);
    const folderInput = document.getElementById('import-folder-input') as HTMLInputElement;
    expect(folderInput.hidden).toBe(true);
    expect(folderInput.hasAttribute('webkitdirectory')).toBe(true);
    expect(folderInput.tabIndex).toBe(-1);
    expect(labelOf(folderInput)).not.toBe('Import files');
    const opened = jest.spyOn(folderInput, 'click').mockImplementation(() => undefined);
    click(folderButtons[0]);
    expect(opened).toHaveBeenCalled();
  });

  test('the import controls stay disabled until the store is open, so no picked file goes unheard', async () => {
    window.history.replaceState(null, '', '/src/ui/options/index.html');
    loadPage(OPTIONS_HTML);
    let open!: (store: FakeStore) => void;
    const store = new FakeStore();
    const started = startOptionsPage({ openStore: () => new Promise<FakeStore>((resolve) => (open = resolve)) });
    await new Promise((r) => setTimeout(r, 20));
    expect(importInput().disabled).toBe(true);
    expect((document.getElementById('import-folder') as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById('drop-zone')!.classList.contains('disabled')).toBe(true);
    // A file dropped on the page meanwhile does not replace it.
    const early = new Event('drop', { bubbles: true, cancelable: true });
    document.getElementById('drop-zone')!.dispatchEvent(early);
    expect(early.defaultPrevented).toBe(true);

    open(store);
    await started;
    expect(importInput().disabled).toBe(false);
    expect((document.getElementById('import-folder') as HTMLButtonElement).disabled).toBe(false);
    expect(document.getElementById('drop-zone')!.classList.contains('disabled')).toBe(false);
    chooseFiles(importInput(), [new File(['{"id":"a","text":"One two three four five six seven eight nine ten eleven twelve."}\n'], 'a.jsonl')]);
    await waitFor(() => text('corpus-total') === '1 article');
  });

  test('choosing files starts the import at once and updates the corpus total', async () => {
    const store = new FakeStore();
    await start(store);
    expect(text('corpus-total')).toBe('0 articles');

    const jsonl = '{"id":"a","title":"Storm hits coast","text":"A storm hit the coast on Monday."}\n{"id":"b","title":"Rain","text":"Rain fell."}\n';
    const csv = 'title,text,source\nFloods,"Rivers rose, fields flooded.",AP\n';
    chooseFiles(importInput(), [new File([jsonl], 'wire.jsonl'), new File([csv], 'more.csv')]);

    await waitFor(() => store.importCalls.length === 1);
    const call = store.importCalls[0];
    expect(call.sources.map((s) => s.path)).toEqual(['more.csv', 'wire.jsonl']);
    expect(call.sources.map((s) => (s as { size?: number }).size)).toEqual([csv.length, jsonl.length]);
    expect(typeof call.opts.extractHtml).toBe('function');
    expect(call.opts.signal).toBeInstanceOf(AbortSignal);

    await waitFor(() => text('corpus-total') === '3 articles');
    expect(text('import-status')).toContain('Imported 3 articles.');
    expect(text('corpus-outlets')).toBe('1 outlet');
    expect(sentTypes()).toContain('corpus-changed');
    // The table shows the new records.
    expect(document.querySelectorAll('#records-body tr')).toHaveLength(3);
  });

  test('a folder import names files relative to the folder', async () => {
    const store = new FakeStore();
    await start(store);
    const folderInput = document.getElementById('import-folder-input') as HTMLInputElement;
    chooseFiles(folderInput, [
      fileAt('news/2024/b.txt', 'Second title\nSecond text.'),
      fileAt('news/a.txt', 'First title\nFirst text.'),
      fileAt('news/.DS_Store', 'junk'),
    ]);
    await waitFor(() => text('corpus-total') === '2 articles');
    expect(store.importCalls[0].sources.map((s) => s.path)).toEqual(['2024/b.txt', 'a.txt']);
    expect([...store.records.keys()].sort()).toEqual(['2024/b.txt', 'a.txt']);
  });

  test('shows progress with counts and speed, locks the inputs, and Cancel aborts', async () => {
    const store = new FakeStore();
    let release!: () => void;
    store.hold = new Promise<void>((resolve) => (release = resolve));
    await start(store);
    const input = importInput();
    chooseFiles(input, [new File(['{"id":"x","text":"Some text here."}\n'], 'x.jsonl')]);
    await waitFor(() => store.importCalls.length === 1);

    expect(document.getElementById('import-progress')!.hidden).toBe(false);
    expect(text('import-progress-text')).toContain('0 articles · 0 of 1 file');
    expect(input.disabled).toBe(true);
    expect((document.getElementById('import-folder') as HTMLButtonElement).disabled).toBe(true);
    expect((document.getElementById('clear-all') as HTMLButtonElement).disabled).toBe(true);

    // Progress from the store is drawn (redraws are throttled; wait for the next one).
    const onProgress = store.importCalls[0].opts.onProgress!;
    onProgress({ filesDone: 3, filesTotal: 5, bytesDone: 50, bytesTotal: 100, imported: 1234, duplicates: 0, skipped: 0, rate: 2100.4, currentFile: 'd.jsonl' });
    await waitFor(() => text('import-progress-text').startsWith('1,234 articles · 3 of 5 files · 2,100/s'));
    expect((document.getElementById('import-progress-bar') as HTMLProgressElement).value).toBeCloseTo(0.5);

    // Leaving the page during an import asks first.
    const leave = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(leave);
    expect(leave.defaultPrevented).toBe(true);

    const signal = store.importCalls[0].opts.signal!;
    document.getElementById('import-cancel')!.focus();
    click(document.getElementById('import-cancel')!);
    expect(signal.aborted).toBe(true);
    await waitFor(() => text('import-status').includes('Import cancelled. Nothing was added.'));
    expect(store.records.size).toBe(0);
    expect(input.disabled).toBe(false);
    expect(document.getElementById('import-progress')!.hidden).toBe(true);
    expect(document.activeElement).toBe(input);
    const after = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
    release();
  });

  test('only one import runs at a time', async () => {
    const store = new FakeStore();
    let release!: () => void;
    store.hold = new Promise<void>((resolve) => (release = resolve));
    const page = await start(store);
    chooseFiles(importInput(), [new File(['{"id":"x","text":"One."}\n'], 'x.jsonl')]);
    await waitFor(() => store.importCalls.length === 1);
    expect(await page.importPanel!.importFiles([{ path: 'y.jsonl', file: new File(['{"id":"y","text":"Two."}\n'], 'y.jsonl') }])).toBeNull();
    release();
    await waitFor(() => text('corpus-total') === '1 article');
    expect(store.importCalls).toHaveLength(1);
  });

  test('the summary lists skipped records with file, line and reason, and counts duplicates', async () => {
    const store = new FakeStore([storedRecord({ id: 'old', text: 'Already here.' })]);
    await start(store);
    const jsonl = ['{"id":"n1","text":"New text one."}', '{broken', '{"id":"old","text":"Other text."}', '{"id":"n2","title":"No text"}'].join('\n');
    chooseFiles(importInput(), [new File([jsonl], 'wire.jsonl'), new File(['<a/>'], 'notes.xml')]);
    await waitFor(() => text('import-status').includes('Imported 1 article.'));

    const status = text('import-status');
    expect(status).toContain('1 duplicate not added');
    expect(status).toContain('3 skipped');
    expect(status).toContain('2 articles in your corpus');
    const details = document.querySelector('#import-status details')!;
    expect(details.hasAttribute('open')).toBe(false);
    const items = [...details.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toEqual([
      expect.stringMatching(/^notes\.xml: unsupported file type "\.xml", not imported$/),
      expect.stringMatching(/^wire\.jsonl: line 2: invalid JSON/),
      expect.stringMatching(/^wire\.jsonl: line 4: no text field/),
    ]);
    expect(text('corpus-total')).toBe('2 articles');
  });

  test('a failed import shows its message', async () => {
    const store = new FakeStore();
    store.runImport = jest.fn(async () => ({ status: 'failed' as const, imported: 0, duplicates: 0, renamed: 0, skipped: 0, issues: [], notes: [], total: 0, error: 'the disk is full', seconds: 1 }));
    await start(store);
    chooseFiles(importInput(), [new File(['x'], 'x.txt')]);
    await waitFor(() => text('import-status').includes('Import failed: the disk is full. Nothing was added.'));
  });

  test('HTML files are extracted with the browser parser', async () => {
    const store = new FakeStore();
    await start(store);
    const paragraph = 'The council approved the new budget after a long debate about schools, roads and the harbour. ';
    const html = `<!doctype html><html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>${`<p>${paragraph.repeat(3)}</p>`.repeat(4)}</article></body></html>`;
    chooseFiles(importInput(), [new File([html], 'page.html')]);
    await waitFor(() => text('corpus-total') === '1 article');
    const record = store.records.get('page.html')!;
    expect(record.title).toBe('Budget passes');
    expect(record.text).toContain('The council approved the new budget');
  });

  test('dropping a folder walks it with webkitGetAsEntry', async () => {
    const store = new FakeStore();
    await start(store);
    const fileEntry = (name: string, content: string) => ({ isFile: true, isDirectory: false, name, file: (ok: (f: File) => void) => ok(new File([content], name)) });
    const dirEntry = (name: string, children: unknown[]) => {
      let handedOut = false;
      return {
        isFile: false,
        isDirectory: true,
        name,
        createReader: () => ({
          readEntries: (ok: (entries: unknown[]) => void) => {
            ok(handedOut ? [] : children);
            handedOut = true;
          },
        }),
      };
    };
    const folder = dirEntry('corpus', [fileEntry('b.txt', 'B title\nB text.'), dirEntry('sub', [fileEntry('c.txt', 'C title\nC text.')]), dirEntry('.git', [fileEntry('x.txt', 'X\nX.')])]);
    const loose = fileEntry('a.txt', 'A title\nA text.');
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', {
      value: { types: ['Files'], files: [], items: [folder, loose].map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })) },
    });
    document.getElementById('drop-zone')!.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await waitFor(() => text('corpus-total') === '3 articles');
    expect(store.importCalls[0].sources.map((s) => s.path)).toEqual(['a.txt', 'b.txt', 'sub/c.txt']);
  });

  test('dropping without entries falls back to dataTransfer.files', async () => {
    const store = new FakeStore();
    await start(store);
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [new File(['T\nBody.'], 'one.txt')], items: [] } });
    document.getElementById('drop-zone')!.dispatchEvent(drop);
    await waitFor(() => text('corpus-total') === '1 article');
  });

  test('a file dropped outside the drop zone does not replace the page', async () => {
    await start(new FakeStore());
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    document.getElementById('settings')!.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
  });

  test('#import and ?import focus the import section', async () => {
    await start(new FakeStore(), 'chrome-extension://test/src/ui/options/index.html#import');
    expect(document.activeElement).toBe(importInput());
    (document.activeElement as HTMLElement).blur();
    await start(new FakeStore(), 'chrome-extension://test/src/ui/options/index.html?import');
    expect(document.activeElement).toBe(importInput());
  });

  test('a storage error is shown prominently and disables import; settings keep working', async () => {
    await start(new StorageError('IndexedDB is not available in private windows', 'unavailable'));
    const alert = document.getElementById('storage-error')!;
    expect(alert.hidden).toBe(false);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('IndexedDB is not available in private windows');
    expect(importInput().disabled).toBe(true);
    expect((document.getElementById('import-folder') as HTMLButtonElement).disabled).toBe(true);
    expect(text('corpus-total')).toBe('unavailable');
    expect((document.getElementById('browse-search') as HTMLInputElement).disabled).toBe(true);

    const highlights = document.getElementById('highlights') as HTMLInputElement;
    expect(highlights.disabled).toBe(false);
    highlights.checked = false;
    highlights.dispatchEvent(new Event('change'));
    await waitFor(() => text('settings-status') === 'Saved');
  });
});
