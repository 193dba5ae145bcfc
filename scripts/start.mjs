// `npm start`: build, then show WireTrace at work in Chromium.
//   1. build the CLI and the extension (dist/chrome, dist/firefox);
//   2. launch Chromium with dist/chrome loaded;
//   3. load the bundled demo corpus (data/demo-corpus.jsonl: seeds 000, 002, 003, 004) with the welcome
//      page's "Load the demo corpus" button, or the options page's file input;
//   4. open the demo article (data/demo/index.html, seed 001 as a news page) from a local server and wait
//      until the extension has checked it;
//   5. with a display (DISPLAY or WAYLAND_DISPLAY, and not CI): a visible browser, left open until you
//      close it (profile in .wiretrace-profile/, kept between runs). Without one (or with --headless): a
//      headless browser on a throwaway profile; saves wiretrace-demo.png, prints what was flagged, exits 0.
// Options: --headless (even with a display), --no-build (use dist/ as it is).
/* global chrome -- inside page.evaluate callbacks, which run in extension pages */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { BrowserNotFoundError, findChromium, hasDisplay } from './find-browsers.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const EXTENSION = join(ROOT, 'dist/chrome');
const DEMO_CORPUS = join(ROOT, 'data/demo-corpus.jsonl');
const SCREENSHOT = resolve('wiretrace-demo.png');
const headed = hasDisplay() && !process.argv.includes('--headless');
const log = (m) => process.stderr.write(`${m}\n`);

function run(args) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Serves data/ (the demo page and corpus) on 127.0.0.1 at a random port. */
async function serveData() {
  const base = join(ROOT, 'data');
  const types = { '.html': 'text/html; charset=utf-8', '.jsonl': 'application/x-ndjson', '.css': 'text/css', '.png': 'image/png' };
  const server = createServer((req, res) => {
    let file = normalize(join(base, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!file.startsWith(base + sep)) return void res.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn().catch((e) => ({ error: String(e) }));
    if (last?.ok) return last.value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 400)}`);
    await sleep(300);
  }
}

/** Loads the demo corpus unless the profile already has articles; returns the article count. */
async function loadDemoCorpus(context, ask) {
  const before = await ask({ v: 1, type: 'corpus-status', payload: {} });
  if (before?.articles > 0) {
    log(`The corpus already holds ${before.articles} articles (profile kept from an earlier run).`);
    return before.articles;
  }
  // On a fresh profile the extension opens its welcome page; use its button if it shows up.
  const welcome = await waitFor(
    'the welcome page',
    async () => {
      const page = context.pages().find((p) => p.url().includes('/src/ui/welcome/'));
      return page ? { ok: true, value: page } : null;
    },
    8000,
  ).catch(() => null);
  if (welcome) {
    log('Loading the demo corpus with the welcome page’s button…');
    await welcome.getByRole('button', { name: 'Load the demo corpus' }).click({ timeout: 15_000 });
  } else {
    log('Importing data/demo-corpus.jsonl through the options page…');
    const options = await context.newPage();
    await options.goto(`chrome-extension://${new URL(context.serviceWorkers()[0].url()).host}/src/ui/options/index.html`);
    await options.getByLabel('Import files', { exact: true }).setInputFiles(DEMO_CORPUS);
  }
  return waitFor(
    'the demo corpus to load',
    async () => {
      const s = await ask({ v: 1, type: 'corpus-status', payload: {} });
      return s?.articles > 0 ? { ok: true, value: s.articles } : s;
    },
    60_000,
  );
}

const pct = (x) => `${Math.round(x * 100)}%`;
const clip = (s, n) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

function printReport(results) {
  const r = results.report;
  const out = [];
  out.push(`\n${r.page} — “${r.title ?? '(no title)'}”${r.published ? `, published ${r.published}` : ''}`);
  if (!r.matches.length) out.push(`  ${r.words} words, nothing found in the corpus.`);
  else {
    const covered = Math.max(...r.matches.map((m) => m.coverage));
    const sources = `${r.sourceCount} source${r.sourceCount === 1 ? '' : 's'}`;
    out.push(
      r.sourceCount === 1
        ? `  ${r.words} words, ${pct(covered)} found in ${sources} (the toolbar badge shows ${r.sourceCount}):`
        : `  ${r.words} words, passages found in ${sources} (the toolbar badge shows ${r.sourceCount}); the largest covers ${pct(covered)}:`,
    );
    r.matches.forEach((m, i) => {
      const kinds = {};
      for (const sp of m.spans) {
        const k = `${sp.kind}${sp.quote ? ' quote' : ''}`;
        kinds[k] = (kinds[k] ?? 0) + 1;
      }
      out.push(`  ${i + 1}. ${m.source.title ?? m.source.id}${m.source.published ? ` (${m.source.published})` : ''} [${m.source.id}]`);
      out.push(`     ${pct(m.coverage)} of the page, ${m.sharedWords} words; ${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}`);
    });
  }
  out.push(`  Highlighted in the page (${results.highlighted.length} passage${results.highlighted.length === 1 ? '' : 's'}):`);
  for (const h of results.highlighted) out.push(`    • ${clip(h, 110)}`);
  console.log(out.join('\n'));
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    log('Building the CLI and the extension…');
    run(['scripts/build-cli.mjs']);
    run(['scripts/build-extension.mjs']);
  }
  if (!existsSync(join(EXTENSION, 'manifest.json'))) throw new Error('dist/chrome was not built');

  let executablePath;
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
  const { server, origin } = await serveData();
  log(`Launching ${executablePath} (${headed ? 'with a window' : 'headless: no display'})…`);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: !headed,
    viewport: headed ? null : { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      // Chromium refuses to start as root with its sandbox on (containers); headless needs no GPU.
      ...(!headed || process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...(headed ? [] : ['--disable-gpu']),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
  const cleanup = async () => {
    server.close();
    if (!headed) rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    const extensionId = new URL(worker.url()).host;
    // The content script is registered by the background on install (no static entry): wait for it, so
    // that the demo page below is checked.
    await waitFor(
      'the content script to be registered',
      async () => {
        const n = await worker.evaluate(async () => (await chrome.scripting?.getRegisteredContentScripts?.())?.length ?? 1);
        return { ok: n > 0, value: n };
      },
      30_000,
    );
    // An extension page to ask the background from (messages from extension pages only).
    const hook = await context.newPage();
    await hook.goto(`chrome-extension://${extensionId}/manifest.json`);
    const ask = (message) => hook.evaluate((m) => chrome.runtime.sendMessage(m), message);

    const articles = await loadDemoCorpus(context, ask);
    log(`Corpus: ${articles} articles.`);
    await hook.close();

    const demoUrl = `${origin}/demo/index.html`;
    const page = await context.newPage();
    await page.goto(demoUrl);
    await page.bringToFront();
    const [tab] = await worker.evaluate(() => chrome.tabs.query({ active: true, lastFocusedWindow: true }).then((t) => t.map((x) => x.id)));
    const hook2 = await context.newPage();
    await hook2.goto(`chrome-extension://${extensionId}/manifest.json`);
    const results = await waitFor(
      'the demo article to be checked',
      async () => {
        const r = await hook2.evaluate((id) => chrome.runtime.sendMessage({ v: 1, type: 'tab-results', payload: { tabId: id } }), tab);
        // Final results, and (when something matched) what the content script drew in the page.
        const final = r && r.status !== 'checking' && (r.status !== 'done' || (r.report?.matches.length ?? 0) === 0 || r.highlighted.length > 0);
        return final ? { ok: true, value: r } : r;
      },
      60_000,
    );
    await hook2.close();
    await page.bringToFront();
    if (results.status !== 'done' || !results.report) throw new Error(`the demo article was not checked: ${results.status}${results.error ? ` (${results.error})` : ''}`);
    printReport(results);

    if (headed) {
      console.log('\nThe browser stays open: click the WireTrace button for the sources. Close the browser to exit.');
      await new Promise((ok) => context.on('close', ok));
    } else {
      await sleep(300); // let the highlights paint
      await page.screenshot({ path: SCREENSHOT });
      console.log(`\nScreenshot of the highlighted article: ${SCREENSHOT}`);
      await context.close();
    }
  } catch (e) {
    await context.close().catch(() => {});
    await cleanup();
    throw e;
  }
  await cleanup();
}

main().then(
  () => process.exit(0),
  (e) => {
    log(`\nnpm start failed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);
