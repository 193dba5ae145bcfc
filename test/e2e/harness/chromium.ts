/// <reference types="chrome" />
/**
 * Drives Chromium with the built extension (dist/chrome) through playwright-core: a persistent profile
 * (so that a test can restart the browser on the same profile), the extension's service worker and id,
 * and helpers for the extension's pages and its `tab-results` test hook.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findChromium } from '../../../scripts/find-browsers.mjs';
import { message, type TabResults, type BackgroundMessages } from '../../../src/shared/messages';

export const ROOT = resolve(__dirname, '../../..');
export const CHROME_DIST = join(ROOT, 'dist/chrome');
export const SCREENSHOT_DIR = join(ROOT, 'docs/screenshots');

export interface ChromiumOptions {
  /** The profile directory: reuse it to restart the browser with the same storage. */
  profileDir: string;
  /** The unpacked extension (default dist/chrome). */
  extensionDir?: string;
  headless?: boolean;
  viewport?: { width: number; height: number };
  /** More Chromium flags (the per-site suite adds --enable-unsafe-extension-debugging). */
  extraArgs?: string[];
}

export interface ChromiumExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** `chrome-extension://ID/<path>` */
  extensionUrl(path: string): string;
  /** Opens an extension page (path relative to the extension root) in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  /** The background's `tab-results` answer for a tab, asked from an extension page. */
  tabResults(tabId: number): Promise<TabResults | null>;
  /** Waits until the tab's results are final (status other than 'checking'), then returns them. */
  waitForTabResults(tabId: number, opts?: { timeoutMs?: number; until?: (r: TabResults) => boolean }): Promise<TabResults>;
  /** The extension's tab id for a page (brings it to the front: the extension has no `tabs` permission to read URLs). */
  tabIdOf(page: Page): Promise<number>;
  badgeText(tabId: number): Promise<string>;
  /** Imports files through the options page's "Import files" input; returns the `#corpus-total` text once it shows `expectTotal`. */
  importThroughOptions(files: string[], expectTotal: RegExp | string): Promise<string>;
  /** Saves docs/screenshots/<name>.png: the viewport, the full page, or one element (`selector`). */
  screenshot(page: Page, name: string, opts?: { fullPage?: boolean; selector?: string }): Promise<string>;
  close(): Promise<void>;
}

/** Chromium's DNS for tests: nothing resolves except the local server. */
export const OFFLINE_RESOLVER_RULES = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost';

export const CHROMIUM_FLAGS = (dir: string): string[] => [
  `--disable-extensions-except=${dir}`,
  `--load-extension=${dir}`,
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  // Hermetic: every host but the local test server fails to resolve at once. Real pages (the AEB set)
  // reference dozens of remote scripts, fonts and images; without network each would otherwise hang
  // until the connection times out, holding up the page's load event for 5–10 s.
  OFFLINE_RESOLVER_RULES,
];

export async function launchChromium(options: ChromiumOptions): Promise<ChromiumExtension> {
  const dir = resolve(options.extensionDir ?? CHROME_DIST);
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir} has no manifest.json: run \`npm run build:ext\` first`);
  const context = await chromium.launchPersistentContext(options.profileDir, {
    executablePath: findChromium(),
    headless: options.headless ?? true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    args: [...CHROMIUM_FLAGS(dir), ...(options.extraArgs ?? [])],
    timeout: 60_000,
  });
  let serviceWorker: Worker;
  try {
    serviceWorker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  } catch (e) {
    await context.close();
    throw e;
  }
  const extensionId = new URL(serviceWorker.url()).host;
  try {
    await waitForRegistration(dir, serviceWorker);
  } catch (e) {
    await context.close();
    throw e;
  }
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
    return page.evaluate((m) => chrome.runtime.sendMessage(m), message<BackgroundMessages, 'tab-results'>('tab-results', { tabId })) as Promise<TabResults | null>;
  };

  const waitForTabResults = async (tabId: number, opts: { timeoutMs?: number; until?: (r: TabResults) => boolean } = {}): Promise<TabResults> => {
    const until = opts.until ?? ((r: TabResults) => r.status !== 'checking');
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    let last: TabResults | null = null;
    for (;;) {
      last = await tabResults(tabId).catch(() => null);
      if (last && until(last)) return last;
      if (Date.now() > deadline) throw new Error(`tab ${tabId}: no final results within ${opts.timeoutMs ?? 30_000} ms; last: ${JSON.stringify(last)?.slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
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

  const importThroughOptions = async (files: string[], expectTotal: RegExp | string): Promise<string> => {
    const page = await openExtensionPage('src/ui/options/index.html');
    const log: string[] = [];
    const t0 = Date.now();
    const note = (line: string) => log.push(`+${Date.now() - t0} ms ${line}`);
    page.on('console', (m) => note(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => note(`pageerror: ${e.message}`));
    page.on('worker', (w) => {
      note(`worker started: ${w.url()}`);
      w.on('close', () => note(`worker closed: ${w.url()}`));
    });
    try {
      const input = page.getByLabel('Import files', { exact: true });
      await importReady(page);
      await input.setInputFiles(files.map((f) => resolve(f)));
      const total = page.locator('#corpus-total');
      try {
        await total.filter({ hasText: expectTotal }).waitFor({ timeout: 60_000 });
      } catch (e) {
        // An import that never ends (seen in CI, not reproduced locally): say where it stood.
        throw new Error(`${(e as Error).message}\n--- options page at the timeout ---\n${await importDiagnosis(page)}\n--- events ---\n${log.join('\n')}`);
      }
      return (await total.textContent()) ?? '';
    } finally {
      await page.close();
    }
  };

  const screenshot = async (page: Page, name: string, opts: { fullPage?: boolean; selector?: string } = {}): Promise<string> => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, name.endsWith('.png') ? name : `${name}.png`);
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
    waitForTabResults,
    tabIdOf,
    badgeText,
    importThroughOptions,
    screenshot,
    close: () => context.close(),
  };
}

/**
 * The default build registers its content script from the background on install (no static entry, see
 * scripts/manifest-rules.mjs): a page opened before that would not be checked, which no user can do in the
 * instant after install but a test can. Waits for the registration (not in the per-site build, which
 * registers nothing until a site is granted, nor for an extension with a static content script).
 */
async function waitForRegistration(dir: string, worker: Worker, timeoutMs = 30_000): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { content_scripts?: unknown[]; host_permissions?: string[] };
  if ((manifest.content_scripts?.length ?? 0) > 0 || !manifest.host_permissions?.length) return;
  const deadline = Date.now() + timeoutMs;
  while ((await worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length)) === 0) {
    if (Date.now() > deadline) throw new Error(`the extension registered no content script within ${timeoutMs} ms of starting`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What an options page shows and holds while an import seems stuck: its texts, workers, locks and jobs. */
async function importDiagnosis(page: Page): Promise<string> {
  const lines: string[] = [];
  try {
    lines.push(`workers: ${page.workers().map((w) => w.url()).join(', ') || 'none'}`);
    const state = await page.evaluate(async () => {
      const text = (id: string) => document.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '(none)';
      const locks = await navigator.locks.query().catch((e: Error) => ({ error: e.message }));
      const jobs = await new Promise<unknown>((done) => {
        const open = indexedDB.open('wiretrace');
        open.onerror = () => done(`open failed: ${open.error?.message}`);
        open.onsuccess = () => {
          try {
            const req = open.result.transaction('imports').objectStore('imports').getAll();
            req.onsuccess = () => {
              done(req.result);
              open.result.close();
            };
            req.onerror = () => done(`read failed: ${req.error?.message}`);
          } catch (e) {
            done(`read failed: ${(e as Error).message}`);
          }
        };
        setTimeout(() => done('reading the imports store did not finish in 5 s'), 5_000);
      });
      return {
        status: text('import-status'),
        progress: text('import-progress-text'),
        progressHidden: document.getElementById('import-progress')?.hidden,
        total: text('corpus-total'),
        locks,
        jobs,
      };
    });
    lines.push(JSON.stringify(state, null, 1).slice(0, 4_000));
  } catch (e) {
    lines.push(`(could not read the page: ${(e as Error).message})`);
  }
  return lines.join('\n');
}

/**
 * Waits until the options page listens for files: its import controls are enabled once it has opened the
 * store (files chosen before then would go unheard; that race made CI imports "never finish").
 */
export async function importReady(page: Page): Promise<void> {
  await page.locator('#import-files:enabled').waitFor({ state: 'attached', timeout: 30_000 });
}
