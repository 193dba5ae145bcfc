/// <reference types="chrome" />
/**
 * `npm start` (scripts/start.mjs builds, then bundles and runs this): WireTrace at work in Chromium.
 *   1. launch Chromium with dist/chrome loaded (tools/browser: the shared launcher, which waits for the
 *      background to register the content script);
 *   2. load the bundled demo corpus (data/demo-corpus.jsonl: seeds 000, 002, 003, 004) with the welcome
 *      page's "Load the demo corpus" button, or the options page's file input;
 *   3. open the demo article (data/demo/index.html, seed 001 as a news page) from the local page server and
 *      wait until the extension has checked it;
 *   4. with a display (DISPLAY or WAYLAND_DISPLAY, and not CI): a visible browser, left open until you close
 *      it (profile in .wiretrace-profile/, kept between runs). Without one (or with --headless): a headless
 *      browser on a throwaway profile; saves wiretrace-demo.png, prints what was flagged, exits 0.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { TabResults } from '../../src/shared/messages';
import { launchChromium, type ChromiumExtension } from '../browser/chromium';
import { BrowserNotFoundError, findChromium, hasDisplay } from '../browser/find-browsers';
import { ROOT } from '../browser/paths';
import { serveDirectory } from '../browser/server';
import { renderReport } from './report';

const DEMO_CORPUS = join(ROOT, 'data/demo-corpus.jsonl');
const SCREENSHOT = resolve('wiretrace-demo.png');
const headed = hasDisplay() && !process.argv.includes('--headless');
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it says ok; on timeout, fails with what it said last. */
async function waitFor<T>(what: string, fn: () => Promise<{ ok: boolean; value: T; last?: unknown }>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await fn().catch((e: unknown) => ({ ok: false, value: undefined, last: String(e) }));
    if (got.ok) return got.value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(got.last ?? got.value)?.slice(0, 400)}`);
    await sleep(300);
  }
}

/** The welcome page the extension opens on a fresh profile, if it shows up. */
async function welcomePage(context: BrowserContext): Promise<Page | null> {
  const find = async () => {
    const page = context.pages().find((p) => p.url().includes('/src/ui/welcome/'));
    return { ok: Boolean(page), value: page ?? null };
  };
  return waitFor('the welcome page', find, 8000).catch(() => null);
}

/** Loads the demo corpus unless the profile already has articles; returns the article count. */
async function loadDemoCorpus(ext: ChromiumExtension): Promise<number> {
  const before = await ext.corpusStatus();
  if (before.articles > 0) {
    log(`The corpus already holds ${before.articles} articles (profile kept from an earlier run).`);
    return before.articles;
  }
  const welcome = await welcomePage(ext.context);
  if (welcome) {
    log('Loading the demo corpus with the welcome page’s button…');
    await welcome.getByRole('button', { name: 'Load the demo corpus' }).click({ timeout: 15_000 });
  } else {
    log('Importing data/demo-corpus.jsonl through the options page…');
    await ext.importThroughOptions([DEMO_CORPUS], /^[1-9][\d,]* articles?$/);
  }
  return waitFor(
    'the demo corpus to load',
    async () => {
      const s = await ext.corpusStatus();
      return { ok: s.articles > 0, value: s.articles, last: s };
    },
    60_000,
  );
}

/** Final results, and (when something matched) what the content script drew in the page. */
const drawn = (r: TabResults): boolean => r.status !== 'checking' && (r.status !== 'done' || (r.report?.matches.length ?? 0) === 0 || r.highlighted.length > 0);

async function showDemo(ext: ChromiumExtension, demoUrl: string): Promise<void> {
  const articles = await loadDemoCorpus(ext);
  log(`Corpus: ${articles} articles.`);
  const page = await ext.context.newPage();
  await page.goto(demoUrl);
  const results = await ext.waitForTabResults(await ext.tabIdOf(page), { timeoutMs: 60_000, until: drawn });
  // The driver asks the background from an extension page (its manifest): not a tab to leave open.
  for (const p of ext.context.pages()) if (p.url() === ext.extensionUrl('manifest.json')) await p.close();
  await page.bringToFront();
  if (results.status !== 'done' || !results.report) throw new Error(`the demo article was not checked: ${results.status}${results.error ? ` (${results.error})` : ''}`);
  console.log(renderReport(results));
  if (headed) {
    console.log('\nThe browser stays open: click the WireTrace button for the sources. Close the browser to exit.');
    await new Promise((ok) => ext.context.on('close', ok));
  } else {
    await sleep(300); // let the highlights paint
    await page.screenshot({ path: SCREENSHOT });
    console.log(`\nScreenshot of the highlighted article: ${SCREENSHOT}`);
  }
}

async function main(): Promise<void> {
  let executablePath: string;
  try {
    executablePath = findChromium();
  } catch (e) {
    if (e instanceof BrowserNotFoundError) {
      log(`\nnpm start needs Chromium to show the extension.\n${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const profileDir = headed ? join(ROOT, '.wiretrace-profile') : mkdtempSync(join(tmpdir(), 'wiretrace-start-'));
  mkdirSync(profileDir, { recursive: true });
  const server = await serveDirectory(join(ROOT, 'data'));
  try {
    log(`Launching ${executablePath} (${headed ? 'with a window' : 'headless: no display'})…`);
    const ext = await launchChromium({ profileDir, headless: !headed, offline: false });
    try {
      await showDemo(ext, server.url('demo/index.html'));
    } finally {
      await ext.close().catch(() => undefined);
    }
  } finally {
    await server.close();
    if (!headed) rmSync(profileDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(`\nnpm start failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
