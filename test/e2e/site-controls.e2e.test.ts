/**
 * Site controls in Chromium (issue 6.2) on the default build: the content script is registered by the
 * background (no static entry), with the deny list as `excludeMatches`; the popup's site switch, the options
 * page's deny list and allow-list mode change the registration; the settings are written to storage.sync, and
 * a change arriving there (as from another browser) re-registers. The tests run in order, one profile.
 *
 * Two sites on one local server: 127.0.0.1 and localhost (Chromium resolves both; match patterns ignore the port).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { HOST_TAG } from '../../src/content/overlay';
import { SITE_SCRIPT_ID } from '../../src/shared/site-access';
import { DEFAULT_DENY_LIST, sitePatterns } from '../../src/shared/site-lists';
import { launchChromium, ROOT, serveDirectory, type ChromiumExtension, type StaticServer } from '../../tools/browser';

const DEMO_CORPUS = join(ROOT, 'data/demo-corpus.jsonl');
/** Long enough for the content script to have run and reported had it been there (it reports within ~1 s). */
const QUIET_MS = 2_500;

let server: StaticServer;
let profileDir: string;
let ext: ChromiumExtension;

beforeAll(async () => {
  server = await serveDirectory(join(ROOT, 'data'));
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-sites-'));
  ext = await launchChromium({ profileDir });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

const local = (tag: string) => server.url(`demo/index.html?${tag}`);
const localhost = (tag: string) => local(tag).replace('//127.0.0.1:', '//localhost:');

interface Registration {
  matches: string[];
  excludeMatches: string[];
}

/** The content script's registration (`scripting.getRegisteredContentScripts`), or null. */
async function registration(): Promise<Registration | null> {
  const page = await ext.openExtensionPage('manifest.json');
  try {
    return await page.evaluate(async (id) => {
      const [s] = await chrome.scripting.getRegisteredContentScripts({ ids: [id] });
      return s ? { matches: [...(s.matches ?? [])].sort(), excludeMatches: [...(s.excludeMatches ?? [])].sort() } : null;
    }, SITE_SCRIPT_ID);
  } finally {
    await page.close();
  }
}

async function syncedSettings(): Promise<Record<string, unknown> | undefined> {
  const page = await ext.openExtensionPage('manifest.json');
  try {
    return await page.evaluate(async () => (await chrome.storage.sync.get('settings')).settings as Record<string, unknown> | undefined);
  } finally {
    await page.close();
  }
}

/** Re-asks `get` until `ok` holds, or fails with the last answer after `timeoutMs`. */
async function eventually<T>(get: () => Promise<T>, ok: (x: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await get();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(last)?.slice(0, 800)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
    last = await get();
  }
  return last;
}

async function open(url: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(url);
  return { page, tabId: await ext.tabIdOf(page) };
}

const hasOverlay = (page: Page): Promise<boolean> => page.evaluate((tag) => document.querySelector(tag) !== null, HOST_TAG);
const checked = (r: { status: string; highlighted: string[] }) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0);

async function expectChecked(url: string): Promise<void> {
  const { page, tabId } = await open(url);
  const results = await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: checked });
  expect(results.status).toBe('done');
  expect(results.report?.matches[0].source.id).toBe('seed-000');
  expect(await hasOverlay(page)).toBe(true);
  await page.close();
}

/**
 * No content script ran: no overlay host (the script adds one to every page it runs in), and the tab's only
 * results are the background's own 'disabled' mark (from the tab's URL: no page title, no report), never a
 * report from the page.
 */
async function expectNotRun(url: string): Promise<void> {
  const { page, tabId } = await open(url);
  await page.waitForLoadState('load');
  await new Promise((r) => setTimeout(r, QUIET_MS));
  expect(await hasOverlay(page)).toBe(false);
  const results = await ext.tabResults(tabId);
  expect(results).toMatchObject({ status: 'disabled', report: null, highlighted: [], page: { url, title: null } });
  expect(await ext.badgeText(tabId)).toBe('');
  await page.close();
}

async function optionsPage(): Promise<Page> {
  const page = await ext.openExtensionPage('src/ui/options/index.html');
  await page.locator('#site-list li').first().waitFor();
  return page;
}

async function addSite(page: Page, form: 'site-form' | 'allowed-form', site: string): Promise<void> {
  await page.fill(`#${form} input`, site);
  await page.click(`#${form} button[type=submit]`);
  await page.locator(`#${form === 'site-form' ? 'site-list' : 'allowed-list'} li`, { hasText: site }).first().waitFor();
}

const ALL_WEB = ['http://*/*', 'https://*/*'];

test('installed: no static content script; registered for every web page, the default deny list excluded', async () => {
  const manifest = await ext.serviceWorker.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect([...(manifest.permissions ?? [])].sort()).toEqual(['scripting', 'storage', 'unlimitedStorage']);
  expect(manifest.host_permissions).toEqual(ALL_WEB);
  expect(await registration()).toEqual({ matches: ALL_WEB, excludeMatches: sitePatterns(DEFAULT_DENY_LIST) });
  await ext.importThroughOptions([DEMO_CORPUS], /\b4 articles\b/);
  await expectChecked(local('installed'));
});

test('a site switched off in the popup is excluded from the registration and not checked on its next load', async () => {
  const { page, tabId } = await open(local('switch'));
  await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: checked });
  const popup = await ext.context.newPage();
  await popup.goto(ext.extensionUrl(`src/ui/popup/index.html?tab=${tabId}`));
  const toggle = popup.getByRole('checkbox', { name: /check articles on 127\.0\.0\.1/i });
  await expect(toggle.isChecked()).resolves.toBe(true);
  await toggle.uncheck();
  await eventually(registration, (r) => r?.excludeMatches.includes('*://127.0.0.1/*') === true);
  await popup.close();
  await page.close();
  await expectNotRun(local('switched-off'));
  // The settings went to storage.sync (Chromium has it, even with browser sync off), with the shape's version.
  expect(await syncedSettings()).toMatchObject({ v: 2, disabledSites: expect.arrayContaining(['127.0.0.1', ...DEFAULT_DENY_LIST]) });

  // Back on from the popup of that (unchecked) page: it is checked again.
  const off = await open(local('back-on'));
  const again = await ext.context.newPage();
  await again.goto(ext.extensionUrl(`src/ui/popup/index.html?tab=${off.tabId}`));
  await again.getByRole('checkbox', { name: /check articles on 127\.0\.0\.1/i }).check();
  await eventually(registration, (r) => r !== null && !r.excludeMatches.includes('*://127.0.0.1/*'));
  await again.close();
  await off.page.close();
  await expectChecked(local('on-again'));
});

test('a site added to the deny list in the options page gets no content script at all', async () => {
  const options = await optionsPage();
  await addSite(options, 'site-form', 'localhost');
  await eventually(registration, (r) => r?.excludeMatches.includes('*://*.localhost/*') === true);
  await options.close();
  await expectNotRun(localhost('denied'));
  // The other site is still checked.
  await expectChecked(local('still-on'));
});

test('allow-list mode: only the listed sites are checked; an empty list runs nowhere and the options page says so', async () => {
  const options = await optionsPage();
  await options.check('#allow-only');
  // The default list of news sites: neither local site is on it.
  const news = await eventually(registration, (r) => r !== null && !r.matches.includes('https://*/*'));
  expect(news!.matches).toContain('*://*.reuters.com/*');
  await expectNotRun(local('not-allowed'));

  await addSite(options, 'allowed-form', '127.0.0.1');
  await eventually(registration, (r) => r?.matches.includes('*://127.0.0.1/*') === true);
  await expectChecked(local('allowed'));
  // Denied and not allowed: still nothing.
  await expectNotRun(localhost('denied-not-allowed'));

  // Remove every allowed site: nothing is registered, and the page says why.
  for (let n = await options.locator('#allowed-list button').count(); n > 0; n--) {
    await options.locator('#allowed-list button').first().click();
    await eventually(
      () => options.locator('#allowed-list button').count(),
      (c) => c === n - 1,
    );
  }
  await eventually(registration, (r) => r === null);
  await expect(options.locator('#allow-empty').isVisible()).resolves.toBe(true);
  await expect(options.locator('#allow-empty').textContent()).resolves.toMatch(/checks no site at all/);
  await options.close();
  await expectNotRun(local('empty-allow-list'));
});

test('settings arriving through storage.sync (another browser) are applied: the registration follows', async () => {
  const synced = await syncedSettings();
  expect(synced).toMatchObject({ v: 2, allowOnly: true, allowedSites: [] });
  // Another browser saved newer settings: allow-list mode off, an empty deny list.
  const page = await ext.openExtensionPage('manifest.json');
  await page.evaluate(async (s) => chrome.storage.sync.set({ settings: { ...s, allowOnly: false, disabledSites: [], savedAt: Date.now() + 60_000 } }), synced!);
  await page.close();
  await eventually(registration, (r) => JSON.stringify(r) === JSON.stringify({ matches: ALL_WEB, excludeMatches: [] }));
  await expectChecked(localhost('synced'));
  // This browser's own copy is older, yet the options page shows what arrived.
  const options = await optionsPage();
  await expect(options.locator('#allow-only').isChecked()).resolves.toBe(false);
  await expect(options.locator('#site-list').textContent()).resolves.toBe('None');
  await options.close();
});
