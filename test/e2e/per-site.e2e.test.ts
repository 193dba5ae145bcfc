/**
 * The per-site build (dist/chrome-per-site) in Chromium: installed, it holds no host access and reads no page
 * by itself; a toolbar click checks the current tab (activeTab + scripting.executeScript); a site granted in
 * the popup is checked automatically (permissions.request → permissions.onAdded → registerContentScripts);
 * revoking it in the popup or in chrome://extensions stops that (permissions.onRemoved → unregister). How the test clicks the toolbar
 * button and answers the permission prompt: harness/site-access.ts. The tests run in order, one profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { HOST_TAG } from '../../src/content/overlay';
import { SITE_SCRIPT_ID } from '../../src/shared/site-access';
import { launchChromium, ROOT, serveDirectory, type ChromiumExtension, type StaticServer } from '../../tools/browser';
import { approveSiteInBrowser, clickToolbarButton, grantedOrigins, registeredScripts, revokeSiteInBrowser, SITE_ACCESS_FLAGS } from './harness/site-access';

const PER_SITE_DIST = join(ROOT, 'dist/chrome-per-site');
const DEMO_CORPUS = join(ROOT, 'data/demo-corpus.jsonl');
const SITE = 'http://127.0.0.1/*';
/** Long enough for the content script to have run and reported had it been there (it reports within ~1 s). */
const QUIET_MS = 2_500;

let server: StaticServer;
let profileDir: string;
let ext: ChromiumExtension;

beforeAll(async () => {
  server = await serveDirectory(join(ROOT, 'data'));
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-per-site-'));
  ext = await launchChromium({ profileDir, extensionDir: PER_SITE_DIST, extraArgs: SITE_ACCESS_FLAGS });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/** Opens the demo article under a URL of its own (the toolbar click finds the tab by URL). */
async function openDemo(tag: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(server.url(`demo/index.html?${tag}`));
  return { page, tabId: await ext.tabIdOf(page) };
}

const hasOverlay = (page: Page): Promise<boolean> => page.evaluate((tag) => document.querySelector(tag) !== null, HOST_TAG);

/** The page was left alone: no overlay host (the content script adds it to every page it runs in), no results. */
async function expectNotChecked(page: Page, tabId: number): Promise<void> {
  await page.waitForLoadState('load');
  await new Promise((r) => setTimeout(r, QUIET_MS));
  expect(await hasOverlay(page)).toBe(false);
  expect(await ext.tabResults(tabId)).toBeNull();
  expect(await ext.badgeText(tabId)).toBe('');
}

/** Re-asks `get` until its answer equals `want` (JSON), or fails with the last answer after `timeoutMs`. */
async function eventually<T>(get: () => Promise<T>, want: T, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await get();
  while (JSON.stringify(last) !== JSON.stringify(want)) {
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(last)} after ${timeoutMs} ms, wanted ${JSON.stringify(want)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await get();
  }
}

const checked = (r: { status: string; highlighted: string[] }) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0);

test('installed, it holds no host access and has no content script', async () => {
  const manifest = await ext.serviceWorker.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(manifest.host_permissions ?? []).toEqual([]);
  expect([...(manifest.permissions ?? [])].sort()).toEqual(['activeTab', 'scripting', 'storage', 'unlimitedStorage']);
  expect(await grantedOrigins(ext)).toEqual([]);
  expect(await registeredScripts(ext)).toEqual({});
  // The corpus for the next tests, through the options page as in the default build.
  await ext.importThroughOptions([DEMO_CORPUS], /\b4 articles\b/);
});

test('a news page is not read until the user asks', async () => {
  const { page, tabId } = await openDemo('untouched');
  await expectNotChecked(page, tabId);
  await page.close();
});

test('the toolbar click checks the current tab (activeTab) and draws the highlights', async () => {
  const { page, tabId } = await openDemo('clicked');
  await expectNotChecked(page, tabId);
  await clickToolbarButton(ext, page);
  const results = await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: checked });
  expect(results.status).toBe('done');
  expect(results.report?.matches[0]?.source.id).toBe('seed-000');
  expect(results.highlighted.length).toBeGreaterThan(0);
  expect(await hasOverlay(page)).toBe(true);
  // The click granted this tab only: nothing was registered, no site was granted.
  expect(await registeredScripts(ext)).toEqual({});
  expect(await grantedOrigins(ext)).toEqual([]);
  await page.close();
});

test('a site granted in the popup is checked automatically, until it is revoked there', async () => {
  const { page, tabId } = await openDemo('grant-from');
  await clickToolbarButton(ext, page);
  await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: checked });

  // The user accepts the browser's prompt (played through chrome://extensions, see harness/site-access.ts)…
  await approveSiteInBrowser(ext, SITE);
  // …after ticking "Check 127.0.0.1 automatically" in the popup, whose request is what grants the site.
  const popup = await ext.openExtensionPage(`src/ui/popup/index.html?tab=${tabId}`);
  const box = popup.locator('#site-auto');
  await box.waitFor({ state: 'visible', timeout: 15_000 });
  expect(await popup.locator('#site-auto-label').textContent()).toBe('Check 127.0.0.1 automatically');
  expect(await box.isChecked()).toBe(false);
  await box.check();
  await eventually(() => registeredScripts(ext), { [SITE_SCRIPT_ID]: [SITE] });
  expect(await grantedOrigins(ext)).toEqual([SITE]);

  // A new page of that site is checked without a click.
  const granted = await openDemo('granted');
  const results = await ext.waitForTabResults(granted.tabId, { timeoutMs: 60_000, until: checked });
  expect(results.status).toBe('done');
  expect(results.highlighted.length).toBeGreaterThan(0);
  await granted.page.close();

  // Unticking revokes the site: the registration goes, new pages are left alone again.
  await box.uncheck();
  await eventually(() => registeredScripts(ext), {});
  expect(await grantedOrigins(ext)).toEqual([]);
  const revoked = await openDemo('revoked');
  await expectNotChecked(revoked.page, revoked.tabId);
  await revoked.page.close();
  await popup.close();
  await page.close();
});

test('a site removed in chrome://extensions is unregistered too', async () => {
  const { page, tabId } = await openDemo('grant-again');
  await clickToolbarButton(ext, page);
  await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: checked });
  await approveSiteInBrowser(ext, SITE);
  const popup = await ext.openExtensionPage(`src/ui/popup/index.html?tab=${tabId}`);
  await popup.locator('#site-auto').check();
  await eventually(() => registeredScripts(ext), { [SITE_SCRIPT_ID]: [SITE] });
  await popup.close();

  await revokeSiteInBrowser(ext, SITE);
  await eventually(() => registeredScripts(ext), {});
  expect(await grantedOrigins(ext)).toEqual([]);
  const after = await openDemo('removed-in-browser');
  await expectNotChecked(after.page, after.tabId);
  await after.page.close();
  await page.close();
});
