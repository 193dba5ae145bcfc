/// <reference types="chrome" />
/**
 * Drives Firefox with the built extension (dist/firefox) through puppeteer-core over WebDriver BiDi.
 *
 * What works (measured): `browser.installExtension(dir)` installs it temporarily; BiDi refuses to navigate
 * to `moz-extension://` URLs, and puppeteer reports such pages' `url()` as `about:blank`, but scripts run
 * in them (with the `browser.*` APIs) once found by their `location.href`. The extension opens its welcome
 * page on install; from there we open other extension pages with `tabs.create`, and ask the background.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findFirefox } from '../../../scripts/find-browsers.mjs';
import { message, type CorpusStatus, type TabResults, type BackgroundMessages } from '../../../src/shared/messages';
import { ROOT, SCREENSHOT_DIR } from './chromium';

export const FIREFOX_DIST = join(ROOT, 'dist/firefox');

// The extension pages' global (Firefox exposes both `browser` and `chrome`).
declare const browser: typeof chrome;

export interface FirefoxExtension {
  browser: Browser;
  extensionId: string;
  /** `moz-extension://UUID` */
  origin: string;
  /** The extension page the tests talk through (the welcome page the extension opened on install). */
  hookPage: Page;
  /** Opens an extension page with `tabs.create` (BiDi cannot navigate there) and returns it. */
  openExtensionPage(path: string): Promise<Page>;
  tabResults(tabId: number): Promise<TabResults | null>;
  waitForTabResults(tabId: number, opts?: { timeoutMs?: number; until?: (r: TabResults) => boolean }): Promise<TabResults>;
  corpusStatus(): Promise<CorpusStatus>;
  tabIdOf(page: Page): Promise<number>;
  badgeText(tabId: number): Promise<string>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The location of a page, even a moz-extension one (whose `url()` puppeteer gives as about:blank). */
async function locationOf(page: Page): Promise<string> {
  try {
    return await page.evaluate(() => location.href);
  } catch {
    return page.url();
  }
}

/** Waits for a page whose location satisfies `match`. */
export async function findPage(b: Browser, match: (href: string) => boolean, timeoutMs = 20_000): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const page of await b.pages()) if (match(await locationOf(page))) return page;
    if (Date.now() > deadline) throw new Error(`no page matched within ${timeoutMs} ms; pages: ${(await Promise.all((await b.pages()).map(locationOf))).join(', ')}`);
    await sleep(250);
  }
}

export async function launchFirefox(options: { extensionDir?: string; headless?: boolean } = {}): Promise<FirefoxExtension> {
  const dir = resolve(options.extensionDir ?? FIREFOX_DIST);
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir} has no manifest.json: run \`npm run build:ext\` first`);
  const b = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: options.headless ?? true,
    defaultViewport: { width: 1280, height: 900 },
    timeout: 60_000,
    protocolTimeout: 60_000,
  });
  try {
    const extensionId = await b.installExtension(dir);
    const hookPage = await findPage(b, (href) => href.startsWith('moz-extension://') && href.includes('/src/ui/welcome/'));
    // Node's URL gives 'null' as the origin of an unknown scheme.
    const origin = /^moz-extension:\/\/[^/]+/.exec(await locationOf(hookPage))![0];

    const openExtensionPage = async (path: string): Promise<Page> => {
      const url = `${origin}/${path.replace(/^\//, '')}`;
      await hookPage.evaluate((u) => browser.tabs.create({ url: u }).then(() => undefined), url);
      return findPage(b, (href) => href === url);
    };
    const tabResults = (tabId: number) =>
      hookPage.evaluate((m) => browser.runtime.sendMessage(m), message<BackgroundMessages, 'tab-results'>('tab-results', { tabId })) as Promise<TabResults | null>;
    const waitForTabResults = async (tabId: number, opts: { timeoutMs?: number; until?: (r: TabResults) => boolean } = {}) => {
      const until = opts.until ?? ((r: TabResults) => r.status !== 'checking');
      const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
      let last: TabResults | null = null;
      for (;;) {
        last = await tabResults(tabId).catch(() => null);
        if (last && until(last)) return last;
        if (Date.now() > deadline) throw new Error(`tab ${tabId}: no final results within ${opts.timeoutMs ?? 30_000} ms; last: ${JSON.stringify(last)?.slice(0, 500)}`);
        await sleep(250);
      }
    };
    const corpusStatus = () => hookPage.evaluate((m) => browser.runtime.sendMessage(m), message<BackgroundMessages, 'corpus-status'>('corpus-status', {})) as Promise<CorpusStatus>;
    const tabIdOf = async (page: Page): Promise<number> => {
      await page.bringToFront();
      const ids = await hookPage.evaluate(async () => (await browser.tabs.query({ active: true, currentWindow: true })).map((t) => t.id));
      if (ids.length !== 1 || typeof ids[0] !== 'number') throw new Error(`could not tell which tab is ${page.url()}: active tabs ${JSON.stringify(ids)}`);
      return ids[0];
    };
    const badgeText = (tabId: number) => hookPage.evaluate((id) => browser.action.getBadgeText({ tabId: id }), tabId);
    const screenshot = async (page: Page, name: string) => {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, name.endsWith('.png') ? name : `${name}.png`);
      await page.screenshot({ path: path as `${string}.png` });
      return path;
    };
    return { browser: b, extensionId, origin, hookPage, openExtensionPage, tabResults, waitForTabResults, corpusStatus, tabIdOf, badgeText, screenshot, close: () => b.close() };
  } catch (e) {
    await b.close();
    throw e;
  }
}
