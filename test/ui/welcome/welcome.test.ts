/** @jest-environment jsdom */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StorageError } from '../../../src/store/api';
import { startWelcomePage } from '../../../src/ui/welcome/welcome-page';
import { resetBrowserFake, sentTypes } from '../options/browser-fake';
import { FakeStore } from '../options/fake-store';
import { click, installBrowserApis, loadPage, pageHtml, text, waitFor } from '../options/page-env';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: jest.requireActual('../options/browser-fake').browserFake }));
// The page imports the demo corpus with Vite's `?raw`; here it is the same file read from disk.
jest.mock('../../../src/ui/welcome/demo-corpus', () => ({
  DEMO_CORPUS_NAME: 'demo-corpus.jsonl',
  DEMO_CORPUS_JSONL: jest.requireActual('node:fs').readFileSync(jest.requireActual('node:path').resolve(__dirname, '../../../data/demo-corpus.jsonl'), 'utf8'),
}));

const DEMO_FILE = path.resolve(__dirname, '../../../data/demo-corpus.jsonl');

function demoButton(): HTMLButtonElement {
  const buttons = [...document.querySelectorAll('button')].filter((b) => b.textContent === 'Load the demo corpus');
  expect(buttons).toHaveLength(1);
  return buttons[0];
}

async function bytesOf(source: { chunks(): AsyncIterable<Uint8Array> }): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of source.chunks()) parts.push(chunk);
  return Buffer.concat(parts);
}

beforeAll(installBrowserApis);
beforeEach(() => {
  resetBrowserFake();
  loadPage('src/ui/welcome/index.html');
});

describe('welcome page', () => {
  test('says what WireTrace does and that nothing leaves the browser', () => {
    const body = document.body.textContent!.replace(/\s+/g, ' ');
    expect(body).toContain('No server, no account, no tracking');
    expect(body).toContain("Your corpus stays in this browser's storage");
    expect(document.querySelector('h1')!.textContent).toBe('Welcome to WireTrace');
    const own = [...document.querySelectorAll('a')].find((a) => a.textContent === 'Import your own files')!;
    expect(own.getAttribute('href')).toBe('../options/index.html#import');
  });

  test('"Load the demo corpus" imports the bundled 4 articles through the store', async () => {
    const store = new FakeStore();
    startWelcomePage({ openStore: async () => store });
    expect(document.getElementById('demo-next')!.hidden).toBe(true);
    click(demoButton());
    await waitFor(() => text('demo-status').startsWith('Loaded'));

    expect(store.importCalls).toHaveLength(1);
    const [source] = store.importCalls[0].sources;
    expect(store.importCalls[0].sources).toHaveLength(1);
    expect(source.path).toBe('demo-corpus.jsonl');
    expect((await bytesOf(source)).equals(readFileSync(DEMO_FILE))).toBe(true);

    expect(text('demo-status')).toBe('Loaded: 4 articles. Your corpus now holds 4 articles.');
    expect(document.getElementById('demo-status')!.getAttribute('aria-live')).toBe('polite');
    expect([...store.records.keys()].sort()).toEqual(['seed-000', 'seed-002', 'seed-003', 'seed-004']);
    expect(sentTypes()).toEqual(['corpus-changed']);
    const next = document.getElementById('demo-next')!;
    expect(next.hidden).toBe(false);
    expect(next.querySelector('a')!.getAttribute('href')).toBe('#about-demo');
    expect(document.getElementById('about-demo')).not.toBeNull();
  });

  test('loading it twice gives duplicates, not an error', async () => {
    const store = new FakeStore();
    const page = startWelcomePage({ openStore: async () => store });
    await page.loadDemo();
    const second = await page.loadDemo();
    expect(second).toMatchObject({ status: 'done', imported: 0, duplicates: 4, total: 4 });
    expect(text('demo-status')).toBe('Loaded: 0 articles (4 articles were already in your corpus). Your corpus now holds 4 articles.');
    expect(document.getElementById('demo-status')!.classList.contains('error')).toBe(false);
    expect(demoButton().disabled).toBe(false);
    expect(store.records.size).toBe(4);
  });

  test('a storage error is reported, and the next click tries again', async () => {
    const open = jest.fn<Promise<FakeStore>, []>().mockRejectedValueOnce(new StorageError('Storage is full', 'quota')).mockResolvedValue(new FakeStore());
    const page = startWelcomePage({ openStore: open });
    expect(await page.loadDemo()).toBeNull();
    expect(text('demo-status')).toBe('The corpus cannot be used: Storage is full');
    expect(document.getElementById('demo-status')!.classList.contains('error')).toBe(true);
    expect(sentTypes()).toEqual([]);
    expect(await page.loadDemo()).toMatchObject({ imported: 4 });
    expect(open).toHaveBeenCalledTimes(2);
  });
});

describe('extension page HTML (MV3 CSP, accessibility)', () => {
  test.each(['src/ui/options/index.html', 'src/ui/welcome/index.html'])('%s', (file) => {
    const doc = new DOMParser().parseFromString(pageHtml(file), 'text/html');
    expect(doc.documentElement.lang).toBe('en');
    expect([...doc.querySelectorAll('link[rel=stylesheet]')].map((l) => l.getAttribute('href'))).toContain('../shared/theme.css');
    // Light and dark: theme.css says so (`color-scheme` on :root) for every page that links it.
    expect(pageHtml('src/ui/shared/theme.css')).toMatch(/:root\s*\{\s*color-scheme:\s*light dark;/);
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts).toHaveLength(1);
    expect(scripts[0].type).toBe('module');
    expect(scripts[0].getAttribute('src')).toMatch(/^\.\/\w+\.ts$/);
    expect(scripts[0].textContent).toBe('');
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) expect(attr.startsWith('on') ? `${el.tagName} ${attr}` : '').toBe('');
    }
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
    for (const label of doc.querySelectorAll('label[for]')) expect(doc.getElementById(label.getAttribute('for')!)).not.toBeNull();
    // Every id is unique.
    const ids = [...doc.querySelectorAll('[id]')].map((el) => el.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
