/// <reference types="chrome" />
/**
 * The reading history (issue 6, items 4–5) in Chromium, on the built extension: import the demo corpus,
 * turn the history on in the options page, read the demo article (which copies seed 000) and an unrelated
 * article of the same outlet, then open the options page: the history lists the demo page with its source
 * and share, the outlet report says 1 of 2 recycled, and "Export CSV" downloads the expected rows.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { filler, paragraphs, rng } from '../../src/core/test/support/text-gen';
import { launchChromium, ROOT, serveDirectory, type ChromiumExtension, type StaticServer } from '../../tools/browser';

const DEMO_CORPUS = join(ROOT, 'data/demo-corpus.jsonl');
const SEED_000 = JSON.parse(readFileSync(DEMO_CORPUS, 'utf8').split('\n')[0]) as { id: string; title: string; outlet: string };
const OUTLET = 'The Daily Demo';

/** A page of the demo's outlet whose text is its own: checked, nothing found. */
function unrelatedPage(): string {
  const rand = rng(2024);
  const body = paragraphs(rand, 8, 60)
    .map((p) => `<p>${p}</p>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local council news | ${OUTLET}</title>
<meta property="og:site_name" content="${OUTLET}"><meta property="og:type" content="article">
<meta property="article:published_time" content="2021-08-19T09:00:00Z"></head>
<body><main><article><h1>Local council approves ${filler(rand, 4).split(' ').slice(0, 4).join(' ')}</h1>
<p class="byline">By Staff</p>${body}</article></main></body></html>`;
}

let server: StaticServer;
let siteDir: string;
let profileDir: string;
let ext: ChromiumExtension;

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-history-site-'));
  mkdirSync(join(siteDir, 'demo'));
  mkdirSync(join(siteDir, 'local'));
  copyFileSync(join(ROOT, 'data/demo/index.html'), join(siteDir, 'demo/index.html'));
  writeFileSync(join(siteDir, 'local/council.html'), unrelatedPage());
  server = await serveDirectory(siteDir);
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-history-'));
  ext = await launchChromium({ profileDir });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  for (const d of [siteDir, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

async function read(path: string): Promise<{ sourceCount: number }> {
  const page = await ext.context.newPage();
  await page.goto(server.url(path));
  const tabId = await ext.tabIdOf(page);
  const results = await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: (r) => r.status !== 'checking' });
  expect(results.status).toBe('done');
  await page.close();
  return results.report!;
}

/** Opens the options page until its outlet report shows `rows` rows (the history is written after each check). */
async function optionsWithHistory(rows: number): Promise<Page> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await ext.openExtensionPage('src/ui/options/index.html');
    await page.locator('#history-status:not(:empty)').waitFor({ timeout: 30_000 });
    const n = await page.locator('#outlet-rows tr').count();
    const read = n === 0 ? 0 : Number(await page.locator('#outlet-rows tr td:nth-child(2)').first().textContent());
    if (read >= rows || Date.now() > deadline) return page;
    await page.close();
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('history: the demo page with its source and share, 1 of 2 recycled, CSV export', async () => {
  await ext.importThroughOptions([DEMO_CORPUS], /\b4 articles\b/);

  // Opt in (off by default), and wait until the setting is stored.
  const options = await ext.openExtensionPage('src/ui/options/index.html');
  const toggle = options.getByLabel('Keep a history of the pages checked');
  expect(await toggle.isChecked()).toBe(false);
  await toggle.check();
  await options.waitForFunction(async () => ((await chrome.storage.local.get('settings')).settings as { history?: boolean } | undefined)?.history === true);
  await options.close();

  const demo = await read('demo/index.html');
  expect(demo.sourceCount).toBeGreaterThan(0);
  const own = await read('local/council.html');
  expect(own.sourceCount).toBe(0);

  const page = await optionsWithHistory(2);
  // Pages with reuse only (the default): the demo page alone, with seed 000 as its source and its share.
  const rows = page.locator('#history-rows tr');
  await expect(rows.count()).resolves.toBe(1);
  const row = rows.first();
  await expect(row.locator('td').nth(1).locator('a').getAttribute('href')).resolves.toMatch(/\/demo\/$|\/demo\/index\.html$|localhost\/demo\//);
  await expect(row.locator('td').nth(1).textContent()).resolves.toContain('NATO');
  // A source is named by its outlet (the demo's made-up "Demo Wire"), else its host, else its title.
  await expect(row.locator('td').nth(2).textContent()).resolves.toContain(SEED_000.outlet);
  const share = (await row.locator('td').nth(3).textContent())!;
  expect(share).toMatch(/^\d+ %$/);
  expect(Number(share.replace(' %', ''))).toBeGreaterThanOrEqual(20);

  // All pages: the unrelated one too, with nothing found.
  await page.getByLabel('Only pages with reuse').uncheck();
  await expect(rows.count()).resolves.toBe(2);
  await page.getByLabel('Only pages with reuse').check();

  // The outlet report: one outlet, 2 read, 1 recycled.
  const outlet = await page.locator('#outlet-rows tr').first().locator('td').allTextContents();
  expect(outlet.slice(0, 4)).toEqual([OUTLET, '2', '1', '50 %']);
  expect(outlet[4]).toContain(SEED_000.outlet);

  // The CSV export of the list: the header and the demo page's row.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#history-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^wiretrace-history-\d{4}-\d\d-\d\d\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  const parsed = Papa.parse<string[]>(csv.trim()).data;
  expect(parsed[0]).toEqual(['checked_at', 'outlet', 'title', 'url', 'words', 'source_count', 'share', 'sources', 'source_urls']);
  expect(parsed).toHaveLength(2);
  expect(parsed[1][1]).toBe(OUTLET);
  expect(parsed[1][2]).toContain('NATO');
  expect(parsed[1][5]).toBe(String(demo.sourceCount));
  expect(Number(parsed[1][6])).toBeCloseTo(Number(share.replace(' %', '')) / 100, 1);
  expect(parsed[1][7]).toContain(SEED_000.outlet);

  // The outlet report's export.
  const [outletDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#outlet-export').click()]);
  const outletCsv = Papa.parse<string[]>(readFileSync((await outletDownload.path())!, 'utf8').trim()).data;
  expect(outletCsv.slice(1).map((r) => r.slice(0, 4))).toEqual([[OUTLET, '2', '1', '0.500']]);
  await page.close();
});
