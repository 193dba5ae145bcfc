/**
 * WireTrace in Chromium, end to end, on the built extension (dist/chrome): import the demo corpus through
 * the options page, open the demo article (seed 001 as a news page, which copies seed 000), and check the
 * badge, the background's results, what the content script drew, the popup, the compare page, that the
 * page's own scripts learn nothing, and that all of it survives a browser restart on the same profile.
 * The tests run in order and share one browser profile. Screenshots go to docs/screenshots/ under `npm run screenshots`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TabResults } from '../../src/shared/messages';
import { launchChromium, ROOT, serveDirectory, type ChromiumExtension, type StaticServer } from '../../tools/browser';
import { checkHighlights, revealed, wordGrams } from './harness/highlights';

const DEMO_CORPUS = join(ROOT, 'data/demo-corpus.jsonl');
const DEMO_SOURCE = 'seed-000';

let server: StaticServer;
let profileDir: string;
let ext: ChromiumExtension;

beforeAll(async () => {
  server = await serveDirectory(join(ROOT, 'data'));
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-profile-'));
  ext = await launchChromium({ profileDir });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/**
 * Runs in the page's main world before its own scripts: records every node added and attribute changed
 * after the parser finished (that is, by the extension), as a page script could.
 */
function recordMutations(): void {
  const rec = { added: [] as Node[], attributes: [] as { target: Element; name: string }[], characterData: [] as Node[] };
  Object.defineProperty(window, '__wtRecord', { value: rec });
  let on = false;
  const observer = new MutationObserver((list) => {
    if (!on) return;
    for (const m of list) {
      if (m.type === 'childList') rec.added.push(...Array.from(m.addedNodes));
      else if (m.type === 'attributes') rec.attributes.push({ target: m.target as Element, name: m.attributeName ?? '' });
      else rec.characterData.push(m.target);
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener(
    'DOMContentLoaded',
    () => {
      observer.takeRecords();
      on = true;
    },
    { capture: true, once: true },
  );
}

interface Demo {
  page: Page;
  tabId: number;
  results: TabResults;
}

/** Opens the served demo article and waits for its final results. */
async function openDemo(): Promise<Demo> {
  const page = await ext.context.newPage();
  await page.addInitScript(recordMutations);
  await page.goto(server.url('demo/index.html'));
  const tabId = await ext.tabIdOf(page);
  const results = await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) });
  return { page, tabId, results };
}

let demo: Demo | undefined;
async function theDemo(): Promise<Demo> {
  demo ??= await openDemo();
  return demo;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

test('the options page imports the demo corpus (4 articles)', async () => {
  const total = await ext.importThroughOptions([DEMO_CORPUS], /\b4 articles\b/);
  expect(total).toMatch(/\b4 articles\b/);
  const options = await ext.openExtensionPage('src/ui/options/index.html');
  await options.locator('#corpus-total', { hasText: /\b4 articles\b/ }).waitFor({ timeout: 30_000 });
  // The demo names its (made-up) outlets, so the figures count them.
  await options.locator('#corpus-outlets', { hasText: /\b4 outlets\b/ }).waitFor({ timeout: 30_000 });
  await ext.screenshot(options, 'options', { fullPage: true });
  await options.close();
});

test('the demo article is flagged: seed-000 first, badge = source count', async () => {
  const { tabId, results } = await theDemo();
  expect(results.status).toBe('done');
  expect(results.tabId).toBe(tabId);
  expect(results.page?.url).toBe(server.url('demo/index.html'));
  const report = results.report!;
  expect(report).not.toBeNull();
  expect(report.matches.length).toBeGreaterThan(0);
  expect(report.matches[0].source.id).toBe(DEMO_SOURCE);
  expect(report.sourceCount).toBe(1);
  expect(await ext.badgeText(tabId)).toBe(String(report.sourceCount));
});

test('the extension agrees with the CLI on the demo article', async () => {
  const { results } = await theDemo();
  const cli = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bin/wiretrace.cjs'), 'scan', '--json', join(ROOT, 'data/demo/index.html')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const report = results.report!;
  expect(report.sourceCount).toBe(cli.sourceCount);
  expect(report.matches.map((m) => m.source.id)).toEqual(cli.matches.map((m: any) => m.source.id));
  expect(Math.abs(report.words - cli.words)).toBeLessThanOrEqual(Math.ceil(cli.words * 0.05));
  for (const [i, m] of report.matches.entries()) expect(Math.abs(m.coverage - cli.matches[i].coverage)).toBeLessThan(0.05);
});

test('the highlights cover the copied passages and nothing else', async () => {
  const { page, results } = await theDemo();
  const report = results.report!;
  const spans = report.matches.flatMap((m) => m.spans);
  expect(spans.length).toBeGreaterThan(0);
  expect(results.highlighted.length).toBeGreaterThan(0);
  const pageText = await page.evaluate(() => document.body.innerText);
  const check = checkHighlights(report.text, spans, results.highlighted, pageText);
  // Every highlighted string is page text, inside the report's spans.
  expect(check.notInPage).toEqual([]);
  expect(check.outsideSpans).toEqual([]);
  // Every span is drawn.
  const undrawn = spans.filter((_, i) => check.spanCoverage[i] < 0.9).map((sp) => squash(report.text.slice(sp.start, sp.end)));
  expect(undrawn).toEqual([]);
  expect(check.totalCoverage).toBeGreaterThan(0.97);
  await page.bringToFront();
  await ext.screenshot(page, 'article-highlighted');
});

test('the popup lists the sources, seed-000 first', async () => {
  const { tabId, results } = await theDemo();
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 420, height: 640 });
  await popup.goto(ext.extensionUrl(`src/ui/popup/index.html?tab=${tabId}`));
  const items = popup.locator('ol#sources > li.source[data-source-id]');
  await items.first().waitFor({ timeout: 30_000 });
  const ids = await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-source-id')));
  expect(ids[0]).toBe(DEMO_SOURCE);
  const matchIds = new Set(results.report!.matches.map((m) => m.source.id));
  for (const id of ids) expect(matchIds.has(id!)).toBe(true);
  await expect(popup.locator('p#empty:visible').count()).resolves.toBe(0);
  const first = items.first();
  await expect(first.getByRole('button', { name: 'Show in page' }).count()).resolves.toBe(1);
  await expect(first.getByRole('button', { name: 'Compare' }).count()).resolves.toBe(1);
  await expect(first.locator('.outlet').innerText()).resolves.toBe('Demo Wire');
  await ext.screenshot(popup, 'popup', { selector: 'body' });
  await popup.close();
});

test('the compare page marks the shared passages on both sides', async () => {
  const { tabId, results } = await theDemo();
  const compare = await ext.openExtensionPage(`src/ui/compare/index.html?tab=${tabId}&source=${DEMO_SOURCE}`);
  const pageMarks = compare.locator('#page-pane mark.passage[data-passage]');
  const sourceMarks = compare.locator('#source-pane mark.passage[data-passage]');
  await pageMarks.first().waitFor({ timeout: 30_000 });
  await sourceMarks.first().waitFor({ timeout: 30_000 });
  const passagesOf = (marks: typeof pageMarks) => marks.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-passage')))].sort());
  const onPage = await passagesOf(pageMarks);
  expect(onPage.length).toBeGreaterThan(0);
  expect(await passagesOf(sourceMarks)).toEqual(onPage);
  // What the page pane marks is text of seed-000's spans.
  const match = results.report!.matches.find((m) => m.source.id === DEMO_SOURCE)!;
  const markTexts = await pageMarks.allTextContents();
  const check = checkHighlights(results.report!.text, match.spans, markTexts, results.report!.text);
  expect(check.outsideSpans).toEqual([]);
  await ext.screenshot(compare, 'compare');
  await compare.close();
});

test("the page's own scripts cannot tell which passages were flagged", async () => {
  const { page, results } = await theDemo();
  const report = results.report!;
  const flaggedText = report.matches.flatMap((m) => m.spans.map((sp) => report.text.slice(sp.start, sp.end))).join('\n');
  // Page script, main world.
  const seen = await page.evaluate(() => {
    const rec = (window as unknown as { __wtRecord: { added: Node[]; attributes: { target: Element; name: string }[]; characterData: Node[] } }).__wtRecord;
    const addedRoots = rec.added.filter((n) => n.isConnected);
    const isAdded = (n: Node) => addedRoots.some((a) => a === n || a.contains(n));
    const describe = (n: Node): string => {
      if (!(n instanceof Element)) return n.textContent ?? '';
      const parts = [n.textContent ?? ''];
      for (const el of [n, ...Array.from(n.querySelectorAll('*'))]) {
        for (const a of Array.from(el.attributes)) parts.push(a.value);
        if (el.shadowRoot) parts.push(el.shadowRoot.innerHTML);
        const before = getComputedStyle(el, '::before').content;
        const after = getComputedStyle(el, '::after').content;
        parts.push(before, after);
      }
      return parts.join('\n');
    };
    const highlightRanges: string[] = [];
    const cssHighlights = (CSS as unknown as { highlights?: Map<string, Set<Range>> }).highlights;
    if (cssHighlights) for (const [, h] of cssHighlights) for (const r of h) highlightRanges.push(r.toString());
    // Hit testing at the first word of each paragraph: does anything of ours sit on top of flagged text only?
    const hits = Array.from(document.querySelectorAll('article p')).map((p) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      const node = walker.nextNode();
      if (!node || !node.textContent?.trim()) return null;
      const range = document.createRange();
      range.setStart(node, 0);
      range.setEnd(node, Math.min(node.textContent.length, 3));
      const rect = range.getBoundingClientRect();
      p.scrollIntoView({ block: 'center' });
      const r2 = range.getBoundingClientRect();
      const top = document.elementFromPoint(r2.left + r2.width / 2, r2.top + r2.height / 2);
      return { paragraph: (p.textContent ?? '').slice(0, 60), ours: top ? isAdded(top) || !p.contains(top) : null, visible: rect.width > 0 };
    });
    window.scrollTo(0, 0);
    return {
      marks: Array.from(document.querySelectorAll('mark')).map((m) => m.textContent ?? ''),
      highlightRanges,
      openShadowRoots: Array.from(document.querySelectorAll('*')).filter((e) => e.shadowRoot !== null).map((e) => e.tagName),
      addedText: addedRoots.map(describe),
      addedTags: addedRoots.map((n) => (n instanceof Element ? n.tagName : n.nodeName)),
      changedAttributes: rec.attributes
        .filter((a) => a.target.isConnected && !isAdded(a.target))
        .map((a) => ({ tag: a.target.tagName, name: a.name, value: a.target.getAttribute(a.name) })),
      changedText: rec.characterData.filter((n) => n.isConnected && !isAdded(n)).map((n) => n.textContent ?? ''),
      hits,
    };
  });
  expect(seen.marks).toEqual([]);
  expect(seen.highlightRanges.filter((t) => t.trim() !== '')).toEqual([]);
  expect(seen.openShadowRoots).toEqual([]);
  // The extension may add a host element (closed shadow root) and a style sheet, but nothing the page can
  // read names a flagged passage, and it does not mark up the page's own elements or text.
  const grams = wordGrams(flaggedText, 4);
  expect(seen.addedText.flatMap((t) => revealed(t, grams, 4))).toEqual([]);
  expect(seen.changedAttributes.filter((a) => !['HTML', 'HEAD', 'BODY'].includes(a.tag))).toEqual([]);
  expect(seen.changedAttributes.flatMap((a) => revealed(a.value ?? '', grams, 4))).toEqual([]);
  expect(seen.changedText).toEqual([]);
  // Hit testing gives the page's own text everywhere, flagged or not.
  const hits = seen.hits.filter((h): h is NonNullable<typeof h> => h !== null && h.visible);
  expect(hits.length).toBeGreaterThan(3);
  expect(hits.filter((h) => h.ours)).toEqual([]);
  // And the extension did draw something on this page (the test would be empty otherwise).
  expect(results.highlighted.length).toBeGreaterThan(0);
});

test('a restart on the same profile keeps the corpus and flags the page again', async () => {
  if (demo) await demo.page.close();
  demo = undefined;
  const id = ext.extensionId;
  await ext.close();
  ext = await launchChromium({ profileDir });
  expect(ext.extensionId).toBe(id);
  const options = await ext.openExtensionPage('src/ui/options/index.html');
  await options.locator('#corpus-total', { hasText: /\b4 articles\b/ }).waitFor({ timeout: 30_000 });
  await options.close();
  const again = await theDemo();
  expect(again.results.status).toBe('done');
  expect(again.results.report!.matches[0].source.id).toBe(DEMO_SOURCE);
  expect(again.results.highlighted.length).toBeGreaterThan(0);
  expect(await ext.badgeText(again.tabId)).toBe(String(again.results.report!.sourceCount));
});
