/**
 * Privacy, end to end in Chromium on the built extension (dist/chrome), issue 5:
 *
 * 1. No network. Every request made in the browser is recorded (Playwright's `context.on('request')`, which in
 *    Chromium also reports the extension service worker's fetches, marked by `request.serviceWorker()`). A
 *    positive control proves the recorder sees fetches from the service worker, an extension page, a web page
 *    and the content script's isolated world (reached through CDP; its fetches count as the page's). Then a full session (import through the options page, the demo article's check, the popup, the
 *    compare page, the options page's browse list) must make no request other than to the extension's own
 *    `chrome-extension://` files, plus the test pages' own documents (they have no subresources; a content-
 *    script fetch would show up as one of the page's requests).
 * 2. The page cannot talk to the extension. A hostile copy of the demo article posts messages shaped like
 *    the extension's, dispatches CustomEvents with their names, tries `chrome.runtime.sendMessage` to our id,
 *    probes `CSS.highlights`, `<mark>`, open shadow roots, and fetches the extension's files. Nothing of it
 *    may import anything, change the tab's results, reveal the extension's data, or load its files.
 *
 * The tests run in order and share one browser.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { BACKGROUND_MESSAGE_TYPES } from '../../src/background/payloads';
import { CONTENT_MESSAGE_TYPES } from '../../src/content/payloads';
import { MESSAGE_VERSION, type TabResults } from '../../src/shared/messages';
import { launchChromium, ROOT, serveDirectory, type ChromiumExtension, type StaticServer } from '../../tools/browser';

const DEMO_CORPUS = join(ROOT, 'data/demo-corpus.jsonl');
const DEMO_SOURCE = 'seed-000';
/** Every message name the extension knows: the hostile page forges each of them. */
const MESSAGE_TYPES: readonly string[] = [...BACKGROUND_MESSAGE_TYPES, ...CONTENT_MESSAGE_TYPES];

interface Recorded {
  url: string;
  method: string;
  resourceType: string;
  /** 'service-worker' | 'extension-page' | 'web-page' | 'other' */
  initiator: string;
  /** The page (or worker) URL that made it. */
  from: string;
}

let server: StaticServer;
let siteDir: string;
let profileDir: string;
let ext: ChromiumExtension;
const recorded: Recorded[] = [];

function record(req: Request): void {
  const sw = req.serviceWorker();
  let from = '';
  let initiator = 'other';
  if (sw) {
    from = sw.url();
    initiator = 'service-worker';
  } else {
    try {
      from = req.frame().page().url() || req.frame().url();
    } catch {
      from = '';
    }
    // A page's first request is its own document: the page's URL may still be about:blank then.
    if (!from || from === 'about:blank') from = req.url();
    if (from.startsWith('chrome-extension://')) initiator = 'extension-page';
    else if (/^https?:/.test(from)) initiator = 'web-page';
  }
  recorded.push({ url: req.url(), method: req.method(), resourceType: req.resourceType(), initiator, from });
}

/** The hostile page's script: everything a page could try, in the page's main world. Returns what it saw. */
async function attack(page: Page, extensionId: string): Promise<Record<string, unknown>> {
  return page.evaluate(async (id) => {
    const forge = (window as unknown as { __wtForge: () => unknown }).__wtForge;
    const forged = forge() as (type: string) => unknown;
    const w = window as unknown as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => unknown; connect?: unknown } } };
    const runtime = { chrome: typeof w.chrome, runtime: typeof w.chrome?.runtime, sendMessage: typeof w.chrome?.runtime?.sendMessage, results: [] as string[] };
    if (typeof w.chrome?.runtime?.sendMessage === 'function') {
      for (const type of ['corpus-changed', 'tab-results', 'check-page', 'check-text']) {
        try {
          const answer = await Promise.race([
            Promise.resolve(w.chrome.runtime.sendMessage(id, forged(type))),
            new Promise((ok) => setTimeout(() => ok('timeout'), 2000)),
          ]);
          runtime.results.push(`answered: ${JSON.stringify(answer)}`);
        } catch (e) {
          runtime.results.push(`failed: ${String(e)}`);
        }
      }
    }
    const fetches: { url: string; outcome: string }[] = [];
    const paths = ['manifest.json', 'src/content/main.js', 'service-worker-loader.js', 'icons/icon-16.png', 'src/ui/popup/index.html', '_locales/en/messages.json'];
    for (const p of paths) {
      const url = `chrome-extension://${id}/${p}`;
      try {
        const r = await fetch(url);
        fetches.push({ url, outcome: `status ${r.status}: ${(await r.text()).slice(0, 80)}` });
      } catch (e) {
        fetches.push({ url, outcome: `failed: ${String(e)}` });
      }
    }
    // Also as an image and a script: onload would mean the resource exists and is reachable.
    const loads = await Promise.all(
      [`chrome-extension://${id}/icons/icon-16.png`, `chrome-extension://${id}/src/content/main.js`].map(
        (url) =>
          new Promise<string>((ok) => {
            const el = url.endsWith('.png') ? document.createElement('img') : document.createElement('script');
            el.onload = () => ok(`loaded ${url}`);
            el.onerror = () => ok(`error ${url}`);
            (el as HTMLImageElement).src = url;
            document.head.append(el);
            setTimeout(() => ok(`timeout ${url}`), 5000);
          }),
      ),
    );
    const highlightRanges: string[] = [];
    const cssHighlights = (CSS as unknown as { highlights?: Map<string, Set<Range>> }).highlights;
    if (cssHighlights) for (const [, h] of cssHighlights) for (const r of h) highlightRanges.push(r.toString());
    const all = Array.from(document.querySelectorAll('*'));
    return {
      runtime,
      fetches,
      loads,
      highlightRanges,
      marks: Array.from(document.querySelectorAll('mark')).map((m) => m.textContent ?? ''),
      openShadowRoots: all.filter((e) => e.shadowRoot !== null).map((e) => `${e.tagName}: ${e.shadowRoot!.innerHTML.slice(0, 200)}`),
      // Anything the page received back through the channels it tried (a listener answering would post here).
      received: (window as unknown as { __wtReceived: string[] }).__wtReceived.filter((s) => !s.includes('Forged text')),
      // The page's own forgeries, as its listeners saw them: proof that the forging ran.
      forgedEchoes: (window as unknown as { __wtReceived: string[] }).__wtReceived.filter((s) => s.includes('Forged text')).length,
    };
  }, extensionId);
}

const HOSTILE_SCRIPT = `<script>
  window.__wtReceived = [];
  window.addEventListener('message', (e) => window.__wtReceived.push(typeof e.data === 'string' ? e.data : JSON.stringify(e.data)));
  const types = ${JSON.stringify(MESSAGE_TYPES)};
  for (const t of types) {
    for (const target of [window, document]) target.addEventListener(t, (e) => window.__wtReceived.push(JSON.stringify(e.detail)));
  }
  // Posts every message type, as a string and as an object, and dispatches CustomEvents named after them
  // (plain and prefixed) on window, document, <html> and <body>. Returns the message maker.
  window.__wtForge = () => {
    const text = 'Forged text. '.repeat(200);
    const forged = (type) => ({
      v: ${MESSAGE_VERSION},
      type,
      payload: {
        tabId: 1, text, url: location.href, visible: false, direction: 1, highlighted: ['Forged highlight'], status: 'disabled',
        page: { url: 'https://forged.example/', canonicalUrl: null, title: 'Forged', outlet: 'Forged', byline: null, published: null, lang: 'en' },
        report: { matches: [], sourceCount: 99, text },
      },
    });
    for (const type of types) {
      window.postMessage(forged(type), '*');
      window.postMessage(JSON.stringify(forged(type)), '*');
      for (const target of [window, document, document.documentElement, document.body]) {
        if (!target) continue;
        target.dispatchEvent(new CustomEvent(type, { detail: forged(type), bubbles: true }));
        target.dispatchEvent(new CustomEvent('wiretrace:' + type, { detail: forged(type), bubbles: true }));
      }
    }
    return forged;
  };
  // Right away, on DOMContentLoaded and after load: before, during and after the genuine check.
  window.__wtForge();
  document.addEventListener('DOMContentLoaded', () => window.__wtForge());
  window.addEventListener('load', () => { window.__wtForge(); setTimeout(() => window.__wtForge(), 300); });
</script>`;

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-site-'));
  mkdirSync(join(siteDir, 'demo'));
  copyFileSync(join(ROOT, 'data/demo/index.html'), join(siteDir, 'demo/index.html'));
  // The hostile page: the demo article (so that a genuine check has results) with a listening script.
  const demoHtml = readFileSync(join(ROOT, 'data/demo/index.html'), 'utf8');
  writeFileSync(join(siteDir, 'demo/hostile.html'), demoHtml.replace(/<\/head>/i, `${HOSTILE_SCRIPT}\n</head>`));
  server = await serveDirectory(siteDir);
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-profile-'));
  ext = await launchChromium({ profileDir });
  ext.context.on('request', record);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  for (const d of [siteDir, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

const isOwn = (url: string) => url.startsWith(`chrome-extension://${ext.extensionId}/`);
const PROBE = '/probe-wiretrace-control';

async function waitForRecorded(pred: (r: Recorded) => boolean, timeoutMs = 15_000): Promise<Recorded> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = recorded.find(pred);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`not recorded; seen: ${JSON.stringify(recorded.slice(-20), null, 1)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openTab(path: string): Promise<{ page: Page; tabId: number; results: TabResults }> {
  const page = await ext.context.newPage();
  await page.goto(server.url(path));
  const tabId = await ext.tabIdOf(page);
  const results = await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) });
  return { page, tabId, results };
}

let genuine: TabResults;

test('positive control: the recorder sees fetches from the service worker, an extension page, a web page and the content script', async () => {
  const probe = (tag: string) => `${server.origin}${PROBE}?${tag}`;
  await ext.serviceWorker.evaluate((url) => fetch(url).then((r) => r.status).catch((e) => String(e)), probe('sw'));
  const sw = await waitForRecorded((r) => r.url === probe('sw'));
  expect(sw.initiator).toBe('service-worker');

  const options = await ext.openExtensionPage('src/ui/options/index.html');
  await options.evaluate((url) => fetch(url).then((r) => r.status).catch((e) => String(e)), probe('ext-page'));
  const ep = await waitForRecorded((r) => r.url === probe('ext-page'));
  expect(ep.initiator).toBe('extension-page');
  await options.close();

  const page = await ext.context.newPage();
  // The content script's own world (an isolated world named after the extension), reached through CDP: its
  // fetches are reported as the web page's requests, so the page-level assertions below cover them.
  const cdp = await ext.context.newCDPSession(page);
  const worlds: { id: number; origin: string; name: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => worlds.push(e.context as (typeof worlds)[number]));
  await cdp.send('Runtime.enable');
  await page.goto(server.url('demo/index.html'));
  await page.evaluate((url) => fetch(url).then((r) => r.status).catch((e) => String(e)), probe('web-page'));
  const wp = await waitForRecorded((r) => r.url === probe('web-page'));
  expect(wp.initiator).toBe('web-page');
  const deadline = Date.now() + 30_000;
  let world: (typeof worlds)[number] | undefined;
  while (!(world = worlds.find((w) => w.auxData?.type === 'isolated' && w.origin === `chrome-extension://${ext.extensionId}`))) {
    if (Date.now() > deadline) throw new Error(`no content-script world; worlds: ${JSON.stringify(worlds)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const answer = await cdp.send('Runtime.evaluate', {
    contextId: world.id,
    expression: `fetch(${JSON.stringify(probe('content-script'))}).then((r) => r.status).catch((e) => String(e))`,
    awaitPromise: true,
  });
  expect(answer.result.value).toBe(404);
  const cs = await waitForRecorded((r) => r.url === probe('content-script'));
  expect(cs.initiator).toBe('web-page');
  await cdp.detach();
  await page.close();
  // A host other than the test server is recorded too, though it does not resolve.
  await ext.serviceWorker.evaluate(() => fetch('https://wiretrace-probe.example/x').catch(() => 0));
  await waitForRecorded((r) => r.url === 'https://wiretrace-probe.example/x');
  // The controls are left out of the session's count below.
  recorded.length = 0;
});

test('a full session (import, page check, popup, compare, options) makes no network request of its own', async () => {
  const total = await ext.importThroughOptions([DEMO_CORPUS], /\b4 articles\b/);
  expect(total).toMatch(/\b4 articles\b/);

  const { page, tabId, results } = await openTab('demo/index.html');
  expect(results.status).toBe('done');
  expect(results.report!.matches[0].source.id).toBe(DEMO_SOURCE);
  genuine = results;

  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 420, height: 640 });
  await popup.goto(ext.extensionUrl(`src/ui/popup/index.html?tab=${tabId}`));
  await popup.locator('ol#sources > li.source[data-source-id]').first().waitFor({ timeout: 30_000 });
  await popup.close();

  const compare = await ext.openExtensionPage(`src/ui/compare/index.html?tab=${tabId}&source=${DEMO_SOURCE}`);
  await compare.locator('#page-pane mark.passage[data-passage]').first().waitFor({ timeout: 30_000 });
  await compare.locator('#source-pane mark.passage[data-passage]').first().waitFor({ timeout: 30_000 });
  await compare.close();

  const options = await ext.openExtensionPage('src/ui/options/index.html');
  await options.locator('#corpus-total', { hasText: /\b4 articles\b/ }).waitFor({ timeout: 30_000 });
  await options.locator('#records-body tr').nth(3).waitFor({ timeout: 30_000 });
  await options.locator('#browse-search').fill('a');
  await options.locator('#records-body tr').first().waitFor({ timeout: 30_000 });
  await options.close();
  await page.close();

  // Let late requests (a lazy asset, a delayed fetch) arrive before judging.
  await new Promise((r) => setTimeout(r, 1000));
  const byInitiator: Record<string, number> = {};
  for (const r of recorded) byInitiator[r.initiator] = (byInitiator[r.initiator] ?? 0) + 1;
  console.log(`privacy recorder, session: ${recorded.length} requests ${JSON.stringify(byInitiator)}`);

  const demoUrl = server.url('demo/index.html');
  const allowedFromPage = new Set([demoUrl, `${server.origin}/favicon.ico`]);
  // The extension's own contexts: only its own files.
  const fromExtension = recorded.filter((r) => r.initiator === 'service-worker' || r.initiator === 'extension-page');
  expect(fromExtension.length).toBeGreaterThan(0);
  expect(fromExtension.filter((r) => !isOwn(r.url))).toEqual([]);
  // The web page (where a content script's fetches would show): its own document only.
  expect(recorded.filter((r) => r.initiator === 'web-page' && !allowedFromPage.has(r.url))).toEqual([]);
  // And nothing at all to any http(s) URL but the test page itself.
  expect(recorded.filter((r) => /^(https?|wss?):/.test(r.url) && !allowedFromPage.has(r.url))).toEqual([]);
  expect(recorded.filter((r) => r.initiator === 'other')).toEqual([]);
});

test('a hostile page cannot talk to the extension, probe it, or change its results', async () => {
  expect(genuine).toBeDefined();
  recorded.length = 0;
  const { page, tabId, results } = await openTab('demo/hostile.html');
  expect(results.status).toBe('done');
  const seen = await attack(page, ext.extensionId);
  // Forged messages may race a re-check; give the background time to (wrongly) act, then look again.
  await new Promise((r) => setTimeout(r, 1500));
  const after = await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) });

  // Only a genuine check's results: the same as the plain demo article's, with this page's URL.
  for (const r of [results, after]) {
    expect(r.status).toBe('done');
    expect(r.page?.url).toBe(server.url('demo/hostile.html'));
    expect(r.report!.matches.map((m) => m.source.id)).toEqual(genuine.report!.matches.map((m) => m.source.id));
    expect(r.report!.sourceCount).toBe(genuine.report!.sourceCount);
    expect(r.report!.text).toBe(genuine.report!.text);
    expect(r.highlighted).toEqual(genuine.highlighted);
    expect(r.report!.text).not.toContain('Forged');
  }
  expect(await ext.badgeText(tabId)).toBe(String(genuine.report!.sourceCount));

  const popup = await ext.context.newPage();
  await popup.goto(ext.extensionUrl(`src/ui/popup/index.html?tab=${tabId}`));
  const items = popup.locator('ol#sources > li.source[data-source-id]');
  await items.first().waitFor({ timeout: 30_000 });
  const ids = await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-source-id')));
  expect(ids).toEqual(genuine.report!.matches.map((m) => m.source.id));
  expect(await popup.locator('body').innerText()).not.toMatch(/forged/i);
  await popup.close();

  // No import and no corpus change.
  const options = await ext.openExtensionPage('src/ui/options/index.html');
  await options.locator('#corpus-total', { hasText: /\b4 articles\b/ }).waitFor({ timeout: 30_000 });
  expect(await options.locator('#corpus-total').textContent()).toMatch(/^\D*4 articles\b/);
  expect(await options.locator('#import-status').innerText()).toBe('');
  await options.close();

  // The probes learn nothing.
  // One full round is 9 echoes per type (2 posts, 7 CustomEvent deliveries); at least two rounds ran (DOMContentLoaded and attack()).
  expect(seen.forgedEchoes).toBeGreaterThanOrEqual(2 * 9 * MESSAGE_TYPES.length);
  const runtime = seen.runtime as { sendMessage: string; results: string[] };
  if (runtime.sendMessage === 'function') for (const r of runtime.results) expect(r).toMatch(/^failed:/);
  else expect(runtime.sendMessage).toBe('undefined');
  expect(seen.marks).toEqual([]);
  expect((seen.highlightRanges as string[]).filter((t) => t.trim() !== '')).toEqual([]);
  expect(seen.openShadowRoots).toEqual([]);
  expect(seen.received).toEqual([]);
  for (const f of seen.fetches as { url: string; outcome: string }[]) expect(f).toEqual({ url: f.url, outcome: expect.stringMatching(/^failed:/) });
  for (const l of seen.loads as string[]) expect(l).toMatch(/^error /);

  // Network: the page's own document and its probes of chrome-extension:// URLs; the extension's contexts only
  // their own files; nothing else.
  const hostileUrl = server.url('demo/hostile.html');
  const unexpected = recorded.filter((r) => {
    // Chromium reports a page's request for another origin's extension file as `chrome-extension://invalid/`.
    if (r.initiator === 'web-page') return !(r.url === hostileUrl || r.url === `${server.origin}/favicon.ico` || r.url === 'chrome-extension://invalid/' || isOwn(r.url));
    if (r.initiator === 'service-worker' || r.initiator === 'extension-page') return !isOwn(r.url);
    return true;
  });
  expect(unexpected).toEqual([]);
  // The page's probes of the extension's files were seen, and blocked before they reached the extension.
  const probes = recorded.filter((r) => r.initiator === 'web-page' && r.url.startsWith('chrome-extension://'));
  expect(probes.map((r) => r.url)).toEqual(Array(8).fill('chrome-extension://invalid/'));
  await page.close();
});
