/// <reference types="chrome" />
/**
 * Capture ("seen before", issue 6) in Chromium: turned on from the first-run page, page A (a wire story)
 * is read with an empty corpus and remembered; page B, which copies it, is flagged "seen before" with A's
 * address and time, in the background's results and in the popup. With the extension allowed in private
 * windows, a page read in one is checked but never remembered (so this test could fail).
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, ROOT, type ChromiumExtension } from './harness/chromium';
import { serveDirectory, type StaticServer } from './harness/server';
import { message, type BackgroundMessages } from '../../src/shared/messages';

interface Rec {
  id: string;
  title: string | null;
  outlet: string | null;
  text: string;
}
const DEMO = readFileSync(join(ROOT, 'data/demo-corpus.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Rec);

const esc = (s: string | null): string => (s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A plain news page for a record: og:site_name, a canonical URL, the text as paragraphs. */
function articlePage(r: Rec, canonical: string, outlet: string): string {
  const paragraphs = r.text
    .split(/\n\n+/)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<meta property="og:site_name" content="${esc(outlet)}"><link rel="canonical" href="${canonical}">
<meta property="article:published_time" content="2021-08-17T10:00:00Z"></head>
<body><header><nav><a href="/">Home</a></nav></header><main><article><h1>${esc(r.title)}</h1>
<p class="byline">By Staff</p>${paragraphs}</article></main><footer>© ${esc(outlet)}</footer></body></html>`;
}

let server: StaticServer;
let siteDir: string;
let profileDir: string;
let ext: ChromiumExtension;

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-capture-site-'));
  mkdirSync(join(siteDir, 'wire'));
  mkdirSync(join(siteDir, 'demo'));
  copyFileSync(join(ROOT, 'data/demo/index.html'), join(siteDir, 'demo/index.html'));
  server = await serveDirectory(siteDir);
  // Page A: the wire story the demo article copies (seed 000).
  writeFileSync(join(siteDir, 'wire/a.html'), articlePage(DEMO[0], server.url('wire/a.html'), 'Wire Service'));
  // Page C: another report (seed 002), read in a private window.
  writeFileSync(join(siteDir, 'wire/c.html'), articlePage(DEMO[2], server.url('wire/c.html'), 'Other Paper'));
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-capture-'));
  ext = await launchChromium({ profileDir });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  for (const d of [siteDir, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

async function corpusArticles(): Promise<number> {
  const page = await ext.openExtensionPage('manifest.json');
  try {
    const status = (await page.evaluate((m) => chrome.runtime.sendMessage(m), message<BackgroundMessages, 'corpus-status'>('corpus-status', {}))) as { articles: number };
    return status.articles;
  } finally {
    await page.close();
  }
}

async function waitForArticles(n: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    last = await corpusArticles();
    if (last === n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the corpus holds ${last} articles, not ${n}, after ${timeoutMs} ms`);
}

async function read(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(server.url(path));
  return { page, tabId: await ext.tabIdOf(page) };
}

test('turned on from the first-run page: page A is remembered; page B, which copies it, is flagged "seen before" with its address and time', async () => {
  const welcome = ext.context.pages().find((p) => p.url().includes('src/ui/welcome/')) ?? (await ext.openExtensionPage('src/ui/welcome/index.html'));
  const box = welcome.getByLabel(/Also remember the articles I read/);
  expect(await box.isChecked()).toBe(false); // off by default
  await box.check();
  await welcome.waitForFunction(async () => ((await chrome.storage.local.get('settings')).settings as { capture?: boolean } | undefined)?.capture === true);

  const a = await read('wire/a.html');
  const first = await ext.waitForTabResults(a.tabId);
  expect(first.status).toBe('no-corpus');
  await waitForArticles(1);

  const b = await read('demo/index.html');
  const results = await ext.waitForTabResults(b.tabId, { until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) });
  expect(results.status).toBe('done');
  const seen = results.report!.matches.find((m) => m.source.seenAt);
  expect(seen?.source).toMatchObject({ url: server.url('wire/a.html'), outlet: 'Wire Service', title: DEMO[0].title });
  expect(Date.now() - Date.parse(seen!.source.seenAt!)).toBeLessThan(120_000);
  expect(await ext.badgeText(b.tabId)).toBe('1');

  const popup = await ext.context.newPage();
  await popup.goto(ext.extensionUrl(`src/ui/popup/index.html?tab=${b.tabId}`));
  const line = popup.locator('.source-seen');
  await line.waitFor({ timeout: 15_000 });
  expect(await line.innerText()).toMatch(/^Seen before at 127\.0\.0\.1, \d\d:\d\d today$/);
  await ext.screenshot(popup, 'popup-seen-before');
  await popup.close();
  // B is remembered too; A is not added twice by reading it again, and never matches itself.
  await waitForArticles(2);
  await a.page.reload();
  const again = await ext.waitForTabResults(a.tabId, { until: (r) => r.status === 'done' });
  expect(again.report!.matches.map((m) => m.source.url)).not.toContain(server.url('wire/a.html'));
  await new Promise((r) => setTimeout(r, 2_000));
  expect(await corpusArticles()).toBe(2);
  for (const p of [a.page, b.page, welcome]) await p.close();
});

test('allowed in private windows, WireTrace checks a page read there but never remembers it', async () => {
  // What the reader does in chrome://extensions ("Allow in Incognito"); Chromium reloads the extension.
  const settingsPage = await ext.context.newPage();
  await settingsPage.goto('chrome://extensions');
  await settingsPage.evaluate(
    (id) => (chrome as unknown as { developerPrivate: { updateExtensionConfiguration(u: { extensionId: string; incognitoAccess: boolean }): Promise<void> } }).developerPrivate.updateExtensionConfiguration({ extensionId: id, incognitoAccess: true }),
    ext.extensionId,
  );
  await settingsPage.close();
  // The reload restarts the service worker: the browser is restarted on the same profile to get a fresh
  // handle on everything (the setting and the corpus stay).
  await ext.close();
  ext = await launchChromium({ profileDir });
  expect(await corpusArticles()).toBe(2);

  const incognito = await ext.serviceWorker.evaluate(async (url) => {
    const w = await chrome.windows.create({ incognito: true, url });
    return { windowIncognito: w?.incognito ?? null, tabId: w?.tabs?.[0]?.id ?? null };
  }, server.url('wire/c.html'));
  expect(incognito.windowIncognito).toBe(true);
  expect(incognito.tabId).not.toBeNull();
  // Checked (the extension runs there, so a capture would have happened)…
  const results = await ext.waitForTabResults(incognito.tabId!, { timeoutMs: 60_000 });
  expect(['done', 'no-corpus']).toContain(results.status);
  expect(results.status).toBe('done');
  // …but not remembered: well past the capture's delay, the corpus still holds A and B only.
  await new Promise((r) => setTimeout(r, 3_000));
  expect(await corpusArticles()).toBe(2);

  // The same page in a normal window is remembered: the test above could fail.
  const c = await read('wire/c.html');
  await ext.waitForTabResults(c.tabId);
  await waitForArticles(3);
  await c.page.close();
});
