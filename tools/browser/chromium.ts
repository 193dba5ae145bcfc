/// <reference types="chrome" />
/**
 * The one Chromium launcher (playwright-core) for `npm start`, the e2e tests and the browser benchmark: a
 * persistent profile (so that a caller can restart the browser on the same profile), the unpacked extension
 * (dist/chrome by default) or none (a control browser), headless or with a window, and the wait for the
 * extension's service worker and its registered content script. `launchChromium` adds a driver for the
 * extension: its pages, its `tab-results` and `corpus-status` answers, the tab ids, the badge, an import
 * through the options page and screenshots.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { message, type CorpusStatus, type TabResults } from '../../src/shared/messages';
import { pollTabResults, type ExtensionDriver } from './driver';
import { findChromium } from './find-browsers';
import { importThroughOptions } from './options-import';
import { builtExtension, CHROME_DIST, screenshotPath } from './paths';

export interface ChromiumOptions {
  /** The profile directory: reuse it to restart the browser with the same storage. */
  profileDir: string;
  /** The unpacked extension (default dist/chrome). */
  extensionDir?: string;
  /** Load the extension (default true); false gives a control browser launched the same way without it. */
  extension?: boolean;
  /** Default true. A headed browser gets the window's own size (no viewport) unless `viewport` says otherwise. */
  headless?: boolean;
  viewport?: { width: number; height: number } | null;
  /** Every host but 127.0.0.1 and localhost fails to resolve (default true; `npm start` browses for real). */
  offline?: boolean;
  /** More Chromium flags (the per-site suite adds --enable-unsafe-extension-debugging). */
  extraArgs?: string[];
}

/** Chromium's DNS for tests: nothing resolves except the local server. */
export const OFFLINE_RESOLVER_RULES = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost';

/** The flags of every launch, for a given extension folder (null: none), display mode and network. */
export function chromiumFlags(extensionDir: string | null, opts: { headless: boolean; offline: boolean }): string[] {
  return [
    ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
    // Chromium refuses to start as root with its sandbox on (containers); a window without the sandbox
    // shows a warning bar, so a headed browser keeps it when it can. Headless needs no GPU.
    ...(opts.headless || process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(opts.headless ? ['--disable-gpu'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    // Hermetic: every host but the local test server fails to resolve at once. Real pages (the AEB set)
    // reference dozens of remote scripts, fonts and images; without network each would otherwise hang
    // until the connection times out, holding up the page's load event for 5–10 s.
    ...(opts.offline ? [OFFLINE_RESOLVER_RULES] : []),
  ];
}

/** Launches Chromium (with the extension unless `extension: false`); does not wait for the extension. */
export async function launchChromiumContext(options: ChromiumOptions): Promise<BrowserContext> {
  const headless = options.headless ?? true;
  const dir = options.extension === false ? null : builtExtension(options.extensionDir ?? CHROME_DIST);
  return chromium.launchPersistentContext(options.profileDir, {
    executablePath: findChromium(),
    headless,
    viewport: options.viewport !== undefined ? options.viewport : headless ? { width: 1280, height: 900 } : null,
    args: [...chromiumFlags(dir, { headless, offline: options.offline ?? true }), ...(options.extraArgs ?? [])],
    timeout: 60_000,
  });
}

/**
 * The extension's service worker, once the background has registered its content script. The default build
 * registers it on install (no static entry, see scripts/manifest-rules.mjs): a page opened before that would
 * not be checked, which no user can do in the instant after install but a test can. No wait for the
 * per-site build (which registers nothing until a site is granted) nor for a static content script.
 */
export async function waitForExtension(context: BrowserContext, extensionDir: string, timeoutMs = 30_000): Promise<Worker> {
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker', { timeout: timeoutMs }));
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { content_scripts?: unknown[]; host_permissions?: string[] };
  if ((manifest.content_scripts?.length ?? 0) > 0 || !manifest.host_permissions?.length) return worker;
  const deadline = Date.now() + timeoutMs;
  while ((await worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length)) === 0) {
    if (Date.now() > deadline) throw new Error(`the extension registered no content script within ${timeoutMs} ms of starting`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return worker;
}

export interface ChromiumExtension extends ExtensionDriver<Page> {
  context: BrowserContext;
  serviceWorker: Worker;
  /** `chrome-extension://ID/<path>` */
  extensionUrl(path: string): string;
  /** Imports files through the options page's "Import files" input; returns the `#corpus-total` text once it shows `expectTotal`. */
  importThroughOptions(files: string[], expectTotal: RegExp | string): Promise<string>;
  /** Saves docs/screenshots/<name>.png: the viewport, the full page, or one element (`selector`). */
  screenshot(page: Page, name: string, opts?: { fullPage?: boolean; selector?: string }): Promise<string>;
}

export async function launchChromium(options: ChromiumOptions): Promise<ChromiumExtension> {
  const dir = builtExtension(options.extensionDir ?? CHROME_DIST);
  const context = await launchChromiumContext({ ...options, extensionDir: dir, extension: true });
  let serviceWorker: Worker;
  try {
    serviceWorker = await waitForExtension(context, dir);
  } catch (e) {
    await context.close();
    throw e;
  }
  const extensionId = new URL(serviceWorker.url()).host;
  const extensionUrl = (path: string) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`;

  // One extension page kept open to ask the background (messages from extension pages carry its origin).
  let hookPage: Page | null = null;
  const hook = async (): Promise<Page> => {
    if (hookPage && !hookPage.isClosed()) return hookPage;
    hookPage = await context.newPage();
    // Any page of the extension will do; the manifest's icon is always there and needs no script of ours.
    await hookPage.goto(extensionUrl('manifest.json'));
    return hookPage;
  };

  const openExtensionPage = async (path: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(extensionUrl(path));
    return page;
  };

  const tabResults = async (tabId: number): Promise<TabResults | null> => {
    const page = await hook();
    return page.evaluate((m) => chrome.runtime.sendMessage(m), message('tab-results', { tabId })) as Promise<TabResults | null>;
  };

  const corpusStatus = async (): Promise<CorpusStatus> => {
    const page = await hook();
    return page.evaluate((m) => chrome.runtime.sendMessage(m), message('corpus-status', {})) as Promise<CorpusStatus>;
  };

  const tabIdOf = async (page: Page): Promise<number> => {
    await page.bringToFront();
    const found = await serviceWorker.evaluate(async () => {
      const tabs = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return tabs.length === 1 ? tabs[0].id : tabs.map((t) => t.id);
    });
    if (typeof found !== 'number') throw new Error(`could not tell which tab is ${page.url()}: active tabs ${JSON.stringify(found)}`);
    return found;
  };

  const badgeText = (tabId: number): Promise<string> => serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

  const screenshot = async (page: Page, name: string, opts: { fullPage?: boolean; selector?: string } = {}): Promise<string> => {
    const path = screenshotPath(name);
    if (opts.selector) await page.locator(opts.selector).first().screenshot({ path });
    else await page.screenshot({ path, fullPage: opts.fullPage ?? false });
    return path;
  };

  return {
    context,
    extensionId,
    serviceWorker,
    extensionUrl,
    openExtensionPage,
    tabResults,
    waitForTabResults: (tabId, opts) => pollTabResults(tabResults, tabId, opts),
    corpusStatus,
    tabIdOf,
    badgeText,
    importThroughOptions: async (files, expectTotal) => importThroughOptions(await openExtensionPage('src/ui/options/index.html'), files, expectTotal),
    screenshot,
    close: () => context.close(),
  };
}
