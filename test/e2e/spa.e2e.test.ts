/**
 * A single-page news site in Chromium: the page's own script swaps articles with history.pushState, and
 * appends more text later (infinite scroll). The extension must re-check on navigation, follow the badge
 * and results to the new route, serve a route it already checked from its cache when the reader goes back,
 * and re-check once when the article grows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TabResults } from '../../src/shared/messages';
import { launchChromium, ROOT, serveDirectory, type ChromiumExtension, type StaticServer } from '../../tools/browser';

const seed = (n: string): string => readFileSync(join(ROOT, `test/fixtures/seeds/${n}.txt`), 'utf8');
/**
 * Seed 001's paragraphs. The raw seed marks them with <p>…</p> and holds the article twice (a scraping
 * artefact): split on the markers and keep each paragraph once, in order.
 */
function seedParagraphs(n: string): string[] {
  const paras = seed(n).split(/<\/?p>\.?/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.split(' ').length >= 4);
  return [...new Set(paras)];
}
const COPY = seedParagraphs('001');
/** Paragraphs shown at first; the rest arrive later ("infinite scroll"). */
const FIRST = Math.ceil(COPY.length * 0.5);

let server: StaticServer;
let siteDir: string;
let profileDir: string;
let ext: ChromiumExtension;
let page: Page;
let tabId: number;

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-spa-'));
  // Route /story/copy shows seed 001 (a copy of the corpus article seed 000); /story/own shows text that is
  // in no corpus article. The page's own script renders either one, without reloading.
  const articles = {
    '/story/copy': { title: 'NATO chief blames Afghan leaders', paras: COPY.slice(0, FIRST) },
    '/story/own': {
      title: 'Town fair returns',
      paras: Array.from({ length: 8 }, (_, i) => `The town fair returned this weekend with stall number ${i + 1} selling local honey, bread and cheese to visitors who came from the surrounding villages despite the rain that fell all afternoon.`),
    },
  };
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SPA News</title></head>
<body><header><h1>SPA News</h1><nav><a href="/story/copy" data-route>Copy</a> <a href="/story/own" data-route>Own</a></nav></header>
<main><article id="story"><h2 id="headline"></h2><div id="body"></div></article></main>
<script>
const ARTICLES = ${JSON.stringify(articles)};
function render(path) {
  const a = ARTICLES[path] || ARTICLES['/story/copy'];
  document.getElementById('headline').textContent = a.title;
  const body = document.getElementById('body');
  body.replaceChildren(...a.paras.map((t) => Object.assign(document.createElement('p'), { textContent: t })));
  document.title = a.title;
}
window.go = (path) => { history.pushState({}, '', path); render(path); };
window.more = (paras) => { const body = document.getElementById('body'); for (const t of paras) body.append(Object.assign(document.createElement('p'), { textContent: t })); };
addEventListener('popstate', () => render(location.pathname));
render(location.pathname);
</script></body></html>`;
  writeFileSync(join(siteDir, 'index.html'), html);
  server = await serveDirectory(siteDir);
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-profile-'));
  ext = await launchChromium({ profileDir });
  const corpus = join(siteDir, 'corpus.jsonl');
  writeFileSync(corpus, `${JSON.stringify({ id: 'seed-000', title: 'The wire story', published: '2021-08-17', text: seed('000') })}\n`);
  await ext.importThroughOptions([corpus], /\b1 article\b/);
  page = await ext.context.newPage();
  // The server answers every route with index.html only at "/": open "/" and let the script route.
  await page.goto(server.url('index.html'));
  tabId = await ext.tabIdOf(page);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  for (const d of [siteDir, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

const final = (url: string, flagged: boolean) => (r: TabResults) =>
  r.page?.url === url && r.status === 'done' && (flagged ? r.highlighted.length > 0 : (r.report?.matches.length ?? 0) === 0);

test('the first route is checked and flagged', async () => {
  const r = await ext.waitForTabResults(tabId, { until: final(server.url('index.html'), true) });
  expect(r.report!.matches[0].source.id).toBe('seed-000');
  expect(await ext.badgeText(tabId)).toBe('1');
});

test('a pushState navigation to an article with nothing copied clears the flags', async () => {
  await page.evaluate(() => (window as unknown as { go(p: string): void }).go('/story/own'));
  const r = await ext.waitForTabResults(tabId, { until: final(server.url('story/own'), false), timeoutMs: 20_000 });
  expect(r.report!.matches).toEqual([]);
  expect(await ext.badgeText(tabId)).toBe('');
});

test('going back shows the first route flagged again', async () => {
  await page.goBack();
  // The content script's cache serves the route it checked before ("page-restored"): badge and popup follow.
  const r = await ext.waitForTabResults(tabId, { until: final(server.url('index.html'), true), timeoutMs: 20_000 });
  expect(r.report!.matches[0].source.id).toBe('seed-000');
  expect(await ext.badgeText(tabId)).toBe('1');
});

test('when the article grows (infinite scroll), the new passages are checked too', async () => {
  const before = (await ext.tabResults(tabId))!;
  const more = COPY.slice(FIRST);
  expect(more.length).toBeGreaterThan(3);
  await page.evaluate((paras) => (window as unknown as { more(p: string[]): void }).more(paras), more);
  const after = await ext.waitForTabResults(tabId, {
    until: (r) => r.status === 'done' && (r.report?.words ?? 0) > before.report!.words && r.highlighted.length > before.highlighted.length,
    timeoutMs: 20_000,
  });
  expect(after.report!.matches[0].source.id).toBe('seed-000');
});
