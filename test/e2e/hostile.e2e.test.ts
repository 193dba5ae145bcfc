/**
 * Hostile content, end to end in Chromium on the built extension (dist/chrome), issue 5 item 2.
 *
 * A JSONL corpus of hostile records (every payload kind of harness/hostile-payloads.ts in every field: title,
 * outlet, url, text; a real 10 MB title among them), plus harmless fillers and malformed lines, is imported
 * through the options page from a file whose name is itself hostile. A served article shares one paragraph
 * with each hostile record and carries payloads in its own title, outlet, canonical URL and text. Then the
 * popup, the compare page (for every hostile source), the hover card (for every hostile source) and the
 * options page (browse table, search, paging, import summary) render all of it, and every surface must show:
 *
 * - nothing executed: no dialog, no request to any payload's beacon URL (seen by the browser and by the test
 *   server), no `window.__pwned`, no CSP violation report (a blocked inline script is still an injection);
 * - no element made from data: no `on*` attribute, no <script>/<iframe>/<object>/<embed>/<base>/<svg>/<img>,
 *   <link> or <meta http-equiv> that is not the page's own, no inline style with `url(`;
 * - links are http(s) only;
 * - no bidi control characters in the UI text (displayText strips them);
 * - the layout holds (no horizontal overflow from a 10 MB title or a 60,000-character word) and the page
 *   still answers a click on a real control in bounded time.
 *
 * The tests run in order and share one browser.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, ConsoleMessage, Dialog, Page, Request } from 'playwright-core';
import { displayText } from '../../src/shared/safe-text';
import type { TabResults } from '../../src/shared/messages';
import { importReady, launchChromium, serveDirectory, type ChromiumExtension, type StaticServer } from '../../tools/browser';
import {
  BIDI_CONTROLS,
  fillerRecords,
  HUGE_TITLE_CHARS,
  hostilePageHtml,
  hostileRecords,
  pagePayloads,
  recordPayloads,
  sharedParagraph,
  type HostileRecord,
  type Payload,
} from './harness/hostile-payloads';

const FILLERS = 45;
/** The corpus file's name: markup, a bidi override and a script URL (no '/', which a file name cannot hold). */
const HOSTILE_FILE_NAME = `"><img src=x onerror=alert('file-name')><svg onload=alert(1)>\u202ejavascript:alert(2)\u202c.jsonl`;
/** Lines that fail to import; their issue messages quote their text. */
const MALFORMED_LINES = [
  `<img src=x onerror="window.__pwned=1;alert('malformed-1')">`,
  `"<script>window.__pwned=1;alert('malformed-2')</script>"`,
  `{"title": "<svg onload=alert('malformed-3')>\u202e", "outlet": "javascript:alert(4)"}`,
];

let server: StaticServer;
let siteDir: string;
let corpusDir: string;
let profileDir: string;
let ext: ChromiumExtension;
let payloads: Payload[];
let pagePayloadList: Payload[];
let records: HostileRecord[];

/** Evidence that something ran: dialogs, beacon hits (browser and server), CSP reports. */
const dialogs: string[] = [];
const beaconRequests: string[] = [];
const serverHits: string[] = [];
const cspReports: string[] = [];

function watchPage(page: Page): void {
  page.on('dialog', (d: Dialog) => {
    dialogs.push(`${page.url().slice(0, 100)}: ${d.type()} ${d.message().slice(0, 200)}`);
    void d.dismiss().catch(() => undefined);
  });
  page.on('console', (m: ConsoleMessage) => {
    if (/Content Security Policy|Refused to (execute|load|apply|frame)/i.test(m.text())) cspReports.push(`${page.url().slice(0, 100)}: ${m.text().slice(0, 300)}`);
  });
}

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-hostile-site-'));
  corpusDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-hostile-corpus-'));
  server = await serveDirectory(siteDir, { onRequest: (path) => (path.startsWith('/pwned/') ? serverHits.push(path) : undefined) });
  // The payloads carry beacon URLs on this server, so they are made once it listens (it reads files per request).
  payloads = recordPayloads(server.origin);
  pagePayloadList = pagePayloads(server.origin);
  records = hostileRecords(payloads);
  mkdirSync(join(siteDir, 'hostile'));
  writeFileSync(join(siteDir, 'hostile/index.html'), hostilePageHtml(records.length, pagePayloadList));
  const lines = [...records.map(({ kind: _kind, ...r }) => JSON.stringify(r)), ...fillerRecords(FILLERS).map((r) => JSON.stringify(r)), ...MALFORMED_LINES];
  writeFileSync(join(corpusDir, HOSTILE_FILE_NAME), `${lines.join('\n')}\n`);

  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-profile-'));
  ext = await launchChromium({ profileDir });
  for (const p of ext.context.pages()) watchPage(p);
  ext.context.on('page', watchPage);
  ext.context.on('request', (r: Request) => {
    if (r.url().includes('/pwned/')) beaconRequests.push(r.url());
  });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  for (const d of [siteDir, corpusDir, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

afterEach(() => {
  // Checked after every test, so that a payload that ran is blamed on the surface that ran it.
  expect({ dialogs, beaconRequests, serverHits, cspReports }).toEqual({ dialogs: [], beaconRequests: [], serverHits: [], cspReports: [] });
});

test('the payload set: at least 50 distinct payloads, every kind in every field, a real 10 MB title', () => {
  const all = [...payloads, ...pagePayloadList];
  expect(new Set(all.map((p) => p.value)).size).toBe(all.length);
  expect(all.length).toBeGreaterThanOrEqual(50);
  const huge = records.find((r) => r.kind === 'very-long')!;
  expect(huge.title.length).toBeGreaterThan(HUGE_TITLE_CHARS);
  for (const needle of ['<script>', '</title><script>', '<img src=x onerror=', '<svg onload=', 'javascript:', 'JaVaScRiPt:', ' \tjavascript:', 'data:text/html', 'vbscript:', '*{display:none', 'url(', '{{constructor', '\u202e', '\u2066', '\u0000', '\ud800']) {
    expect(all.some((p) => p.value.includes(needle))).toBe(true);
  }
});

/** What an extension page shows that data could have made dangerous; empty lists mean safe. */
interface Audit {
  pwned: boolean;
  onAttributes: string[];
  foreignElements: string[];
  badLinks: string[];
  styleUrls: string[];
  bidiTexts: string[];
  overflow: { scrollWidth: number; innerWidth: number; wide: string[] };
  links: number;
}

/** Audits an extension page (`skipBidiIn`: containers whose article text is shown as written, see below). */
async function audit(page: Page, skipBidiIn: string[] = []): Promise<Audit> {
  return page.evaluate(
    ({ own, skip, bidi }) => {
      const bidiRe = new RegExp(bidi);
      const all = Array.from(document.querySelectorAll('*'));
      const describe = (e: Element) => `<${e.tagName.toLowerCase()} ${Array.from(e.attributes).map((a) => `${a.name}="${a.value.slice(0, 80)}"`).join(' ')}>`;
      const ownUrl = (u: string | null) => u !== null && u.startsWith(own);
      const foreign = all.filter((e) => {
        const tag = e.tagName.toLowerCase();
        if (['iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'svg', 'math', 'img', 'video', 'audio', 'source', 'template', 'noscript'].includes(tag)) return true;
        if (tag === 'script') return !ownUrl((e as HTMLScriptElement).src) || e.textContent !== '';
        if (tag === 'link') return !ownUrl((e as HTMLLinkElement).href);
        if (tag === 'meta') return e.hasAttribute('http-equiv');
        if (tag === 'style') return /url\(|display\s*:\s*none\s*!important|pwned/i.test(e.textContent ?? '');
        return e.namespaceURI !== 'http://www.w3.org/1999/xhtml';
      });
      // Text nodes outside the skipped containers (and outside <script>/<style>, which hold no data here).
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const bidiTexts: string[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement;
        if (!parent || skip.some((sel) => parent.closest(sel))) continue;
        if (bidiRe.test(n.textContent ?? '')) bidiTexts.push((n.textContent ?? '').slice(0, 120));
      }
      // Attributes the reader sees or hears (a <option value> is never shown, only used to filter).
      const shown = ['title', 'aria-label', 'aria-description', 'alt', 'placeholder'];
      for (const e of all) {
        for (const a of Array.from(e.attributes)) if (shown.includes(a.name) && bidiRe.test(a.value) && !skip.some((sel) => e.closest(sel))) bidiTexts.push(`${e.tagName}[${a.name}]`);
      }
      if (bidiRe.test(document.title)) bidiTexts.push(`document.title: ${document.title.slice(0, 120)}`);
      return {
        pwned: (window as unknown as { __pwned?: unknown }).__pwned !== undefined,
        onAttributes: all.flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map(() => describe(e))),
        foreignElements: all.filter((e) => foreign.includes(e)).map(describe),
        badLinks: Array.from(document.querySelectorAll('a[href], area[href]'))
          .map((a) => a.getAttribute('href') ?? '')
          .filter((href) => !/^https?:\/\//.test(href) || !['http:', 'https:'].includes(new URL(href).protocol))
          .map((h) => h.slice(0, 120)),
        styleUrls: all.filter((e) => /url\(|expression\(/i.test(e.getAttribute('style') ?? '')).map(describe),
        bidiTexts,
        overflow: {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          // What sticks out, to tell which element to blame when the page scrolls sideways.
          wide: all
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 4)
            .slice(0, 5)
            .map((e) => `${describe(e)} right=${Math.round(e.getBoundingClientRect().right)}`),
        },
        links: document.querySelectorAll('a[href]').length,
      };
    },
    { own: `chrome-extension://${ext.extensionId}/`, skip: skipBidiIn, bidi: BIDI_CONTROLS.source },
  );
}

function expectSafe(a: Audit): void {
  expect(a.pwned).toBe(false);
  expect(a.onAttributes).toEqual([]);
  expect(a.foreignElements).toEqual([]);
  expect(a.badLinks).toEqual([]);
  expect(a.styleUrls).toEqual([]);
  expect(a.bidiTexts).toEqual([]);
  // No horizontal scrolling: long titles are cut and long words wrap (a few px of slack for rounding).
  if (a.overflow.scrollWidth > a.overflow.innerWidth + 4) expect(a.overflow).toEqual({ ...a.overflow, wide: [] });
  expect(a.overflow.scrollWidth).toBeLessThanOrEqual(a.overflow.innerWidth + 4);
}

/** Times `action` until `done` holds: the page must still respond to a real control. */
async function responds(action: () => Promise<unknown>, done: () => Promise<unknown>, boundMs = 10_000): Promise<number> {
  const t0 = Date.now();
  await action();
  await done();
  const ms = Date.now() - t0;
  expect(ms).toBeLessThan(boundMs);
  return ms;
}

/** Text as the extension shows it: cleaned and cut, lone surrogates as U+FFFD (as messaging delivers them). */
const shown = (s: string, max: number, prefix = 60) => wellFormed(displayText(s, max)).slice(0, prefix);
/** Lone surrogates as U+FFFD, on both sides of a comparison (the browser and the test's transport differ). */
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/**
 * Whether a record's url should give a link: a well-formed http(s) URL. The tab's report (popup, hover card)
 * leaves out URLs longer than the background's field limit (a cut URL would point elsewhere); the compare
 * page links the full record's URL.
 */
function linked(r: HostileRecord, surface: 'report' | 'compare'): boolean {
  return /^https?:/.test(r.url.trim()) && (surface === 'compare' || r.url.length <= 4_096);
}

let importStatus = '';

test('the hostile corpus (10 MB title, hostile file name, malformed lines) imports through the options page', async () => {
  const options = await ext.openExtensionPage('src/ui/options/index.html');
  await importReady(options);
  await options.getByLabel('Import files', { exact: true }).setInputFiles(join(corpusDir, HOSTILE_FILE_NAME));
  const expected = records.length + FILLERS;
  await options.locator('#corpus-total', { hasText: new RegExp(`\\b${expected} articles\\b`) }).waitFor({ timeout: 90_000 });
  const status = options.locator('#import-status');
  await status.locator('details.issues').waitFor({ timeout: 30_000 });
  await status.locator('details.issues > summary').click();
  importStatus = await status.innerText();
  // The summary names the file and quotes the malformed lines, as text.
  const shownName = displayText(HOSTILE_FILE_NAME, 120);
  expect(importStatus).toContain(shownName);
  expect(importStatus).toContain('<img src=x onerror=');
  expect(importStatus).toMatch(/not a JSON object/);
  expect(importStatus).toMatch(/no text field/);
  expect(await status.locator('details.issues li').count()).toBe(MALFORMED_LINES.length);
  expectSafe(await audit(options));
  await options.close();
});

interface Checked {
  page: Page;
  tabId: number;
  results: TabResults;
}
let checked: Checked;

test('the hostile page is matched by every hostile record; the badge counts them', async () => {
  const page = await ext.context.newPage();
  // Only until the navigation commits: this page's own layout (a 200,000-character title that may wrap
  // anywhere, bidi controls) keeps Chromium 156's main thread busy ≈15 s with no extension at all (measured:
  // 'load' at 161 ms, then a script waited 16.6 s for the thread). Chromium may run that layout before
  // DOMContentLoaded (a paint while parsing) or before 'load' (when the content script's first run lands
  // first), so waiting for either measured the browser, not us, and timed out at random. The results wait
  // below (90 s) is the test's real bound.
  await page.goto(server.url('hostile/index.html'), { waitUntil: 'commit' });
  const tabId = await ext.tabIdOf(page);
  const results = await ext.waitForTabResults(tabId, { timeoutMs: 90_000, until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) });
  checked = { page, tabId, results };
  expect(results.status).toBe('done');
  const ids = results.report!.matches.map((m) => m.source.id).sort();
  expect(ids).toEqual(records.map((r) => r.id).sort());
  expect(results.report!.sourceCount).toBe(records.length);
  expect(await ext.badgeText(tabId)).toBe(String(records.length));
  // The page's own payloads came through as text (title and outlet), unchanged but for whitespace.
  expect(results.page?.title).toContain('</title><script>');
  expect(results.page?.outlet).toContain('<img src=x onerror=');
});

test('the popup lists every hostile source as text, links only http(s), and stays usable', async () => {
  const { tabId } = checked;
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 420, height: 640 });
  await popup.goto(ext.extensionUrl(`src/ui/popup/index.html?tab=${tabId}`));
  const items = popup.locator('ol#sources > li.source[data-source-id]');
  await items.nth(records.length - 1).waitFor({ timeout: 30_000 });
  expect(await items.count()).toBe(records.length);
  for (const r of records) {
    const li = popup.locator(`li.source[data-source-id="${r.id}"]`);
    const text = wellFormed(await li.locator('.source-title').innerText());
    // The title, cleaned and cut (the 10 MB one to a line), shown as text.
    expect(text).toContain(shown(r.title, 160));
    expect(text.length).toBeLessThan(400);
    expect(wellFormed(await li.locator('.outlet').innerText())).toContain(shown(r.outlet, 80));
    const hrefs = await li.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    // Only the records whose url is a real http(s) URL get a link.
    expect(hrefs.length).toBe(linked(r, 'report') ? 1 : 0);
  }
  const pageTitle = await popup.locator('#page-title').innerText();
  expect(pageTitle).toContain('</title><script>');
  expect(pageTitle.length).toBeLessThanOrEqual(200);
  expectSafe(await audit(popup));
  // A real control still works: "Compare" on the 10 MB-title source opens the compare page.
  const huge = records.find((r) => r.kind === 'very-long')!;
  let opened: Page | undefined;
  // Listening before the click: the new tab may open before the click's promise settles.
  const newPage = ext.context.waitForEvent('page', { timeout: 15_000 });
  await responds(
    () => popup.locator(`li.source[data-source-id="${huge.id}"]`).getByRole('button', { name: 'Compare' }).click(),
    async () => {
      opened = await newPage;
      await opened.locator('#source-pane mark.passage').first().waitFor({ timeout: 10_000 });
    },
    15_000,
  );
  expect(decodeURIComponent(opened!.url())).toContain(`source=${huge.id}`);
  await opened!.close();
  await popup.close();
});

test('the compare page shows every hostile source and the hostile page as text, and stays usable', async () => {
  const { tabId } = checked;
  const compare = await ext.context.newPage();
  for (const r of records) {
    await compare.goto(ext.extensionUrl(`src/ui/compare/index.html?tab=${tabId}&source=${encodeURIComponent(r.id)}`));
    await compare.locator('#source-pane mark.passage[data-passage]').first().waitFor({ timeout: 20_000 });
    await compare.locator('#page-pane mark.passage[data-passage]').first().waitFor({ timeout: 20_000 });
    const head = wellFormed(await compare.locator('#source-head').innerText());
    expect(head).toContain(shown(r.title, 300));
    expect(head).toContain(shown(r.outlet, 100));
    const sourceText = await compare.locator('#source-text').innerText();
    // The article text is shown as written, payload included, as text.
    expect(sourceText).toContain(r.text.split('\n\n')[1].replace(/\s+/g, ' ').trim().slice(0, 30));
    expect(await compare.locator('#source-head a[href]').count()).toBe(linked(r, 'compare') ? 1 : 0);
    // Article texts (both panes) are shown as written, bidi marks included: each paragraph is its own block,
    // so an override ends with its paragraph and cannot reorder the page's own text around it.
    expectSafe(await audit(compare, ['.pane-text']));
  }
  const paneBidi = await compare.evaluate(() => Array.from(document.querySelectorAll('.pane-text p')).every((p) => getComputedStyle(p).display === 'block'));
  expect(paneBidi).toBe(true);
  expect(await compare.locator('#page-head').innerText()).toContain('</title><script>');
  // Its canonical URL is javascript:, so the page's own address is linked instead.
  expect(await compare.locator('#page-head a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([server.url('hostile/index.html')]);
  // A real control still works: a passage on the page side jumps to the source side.
  await responds(
    () => compare.locator('#page-pane mark.passage[data-first]').first().click(),
    () => compare.locator('#source-pane mark.passage.flash').first().waitFor({ timeout: 10_000 }),
  );
  await compare.close();
});

interface CdpNode {
  nodeId: number;
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: (CdpNode & { shadowRootType?: string })[];
}

/** The visible hover card inside the extension's closed shadow root (reached through CDP, never by the page). */
async function cardNode(cdp: CDPSession): Promise<CdpNode | null> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const find = (n: CdpNode, closed: boolean): CdpNode | null => {
    const attrs = n.attributes ?? [];
    const i = attrs.indexOf('class');
    if (closed && i >= 0 && i % 2 === 0 && attrs[i + 1].split(' ').includes('card') && !attrs.includes('hidden')) return n;
    for (const r of n.shadowRoots ?? []) {
      const hit = find(r, closed || r.shadowRootType === 'closed');
      if (hit) return hit;
    }
    for (const c of n.children ?? []) {
      const hit = find(c, closed);
      if (hit) return hit;
    }
    return null;
  };
  return find(root, false);
}

function cardFacts(card: CdpNode): { text: string; tags: string[]; attributes: [string, string][] } {
  const tags: string[] = [];
  const attributes: [string, string][] = [];
  const walk = (n: CdpNode): string => {
    if (n.nodeName === '#text') return n.nodeValue ?? '';
    tags.push(n.nodeName.toLowerCase());
    const a = n.attributes ?? [];
    for (let i = 0; i < a.length; i += 2) attributes.push([a[i], a[i + 1]]);
    return (n.children ?? []).map(walk).join(' ');
  };
  return { text: walk(card), tags, attributes };
}

test('the hover card shows every hostile source as text in the closed shadow root, links only http(s)', async () => {
  const { page } = checked;
  await page.bringToFront();
  const cdp = await ext.context.newCDPSession(page);
  try {
    for (const [i, r] of records.entries()) {
      const para = page.getByText(sharedParagraph(i).slice(0, 60));
      await para.scrollIntoViewIfNeeded();
      // Away first, until the last card is gone: it sits over the next paragraph, and a card under the
      // pointer stays.
      await page.mouse.move(2, 2);
      for (const until = Date.now() + 10_000; (await cardNode(cdp)) !== null && Date.now() < until; ) await new Promise((ok) => setTimeout(ok, 100));
      const box = await para.boundingBox();
      expect(box).not.toBeNull();
      await page.mouse.move(box!.x + 40, box!.y + box!.height / 2);
      const wanted = shown(r.title, 200, 40);
      let card: CdpNode | null = null;
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        card = await cardNode(cdp);
        if (card && wellFormed(cardFacts(card).text).includes(wanted)) break;
        await new Promise((ok) => setTimeout(ok, 100));
      }
      expect(card).not.toBeNull();
      const facts = cardFacts(card!);
      expect(wellFormed(facts.text)).toContain(wanted);
      expect(facts.text.length).toBeLessThan(800);
      expect(BIDI_CONTROLS.test(facts.text)).toBe(false);
      expect(facts.tags.filter((t) => !['div', 'p', 'span', 'a'].includes(t))).toEqual([]);
      expect(facts.attributes.filter(([name]) => /^on/i.test(name))).toEqual([]);
      const hrefs = facts.attributes.filter(([name]) => name === 'href').map(([, v]) => v);
      expect(hrefs.filter((h) => !/^https?:\/\//.test(h))).toEqual([]);
      expect(hrefs.length).toBe(linked(r, 'report') ? 1 : 0);
      // The card stays inside the viewport, whatever the title's length.
      const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: card!.nodeId })) as { model: { border: number[] } };
      const xs = model.border.filter((_, k) => k % 2 === 0);
      const viewport = page.viewportSize()!;
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThanOrEqual(viewport.width);
    }
    // The card stays within the viewport (the 10 MB title is cut), and the page's layout is untouched.
    const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth + 4);
    // Moving away hides the card: the content script still responds.
    await page.mouse.move(2, 2);
    const deadline = Date.now() + 10_000;
    while ((await cardNode(cdp)) !== null && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 100));
    expect(await cardNode(cdp)).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  } finally {
    await cdp.detach();
  }
});

test('the options page browses, searches and pages through the hostile records safely', async () => {
  const options = await ext.openExtensionPage('src/ui/options/index.html');
  const rows = options.locator('#records-body tr');
  await options.locator('#corpus-total', { hasText: new RegExp(`\\b${records.length + FILLERS} articles\\b`) }).waitFor({ timeout: 30_000 });
  await rows.nth(49).waitFor({ timeout: 30_000 });
  const seen = new Set<string>();
  const collect = async () => {
    for (const t of await options.locator('#records-body td.title-cell .record-id').allInnerTexts()) seen.add(t);
  };
  await collect();
  expectSafe(await audit(options));
  const pageInfo = await options.locator('#page-info').innerText();
  // Paging is a real control: the next page comes within bounds, then holds the rest.
  await responds(
    () => options.locator('#page-next').click(),
    () => options.locator('#page-info').filter({ hasNotText: pageInfo }).waitFor({ timeout: 10_000 }),
  );
  await options.locator('#records-body tr').nth(records.length + FILLERS - 51).waitFor({ timeout: 10_000 });
  await collect();
  expectSafe(await audit(options));
  for (const r of records) expect(seen.has(r.id)).toBe(true);
  // Each hostile title appears cut in its row, as text; the 10 MB one too.
  const titles = await options.locator('#records-body td.title-cell').allInnerTexts();
  expect(titles.every((t) => t.length < 600)).toBe(true);

  // Search for markup and for the 10 MB title's id: found as text, rendered safely.
  for (const [query, kind] of [
    ['<script>', 'script'],
    ['very-long.title', 'very-long'],
    ['onerror', 'img-onerror'],
  ] as const) {
    await options.locator('#browse-search').fill(query);
    await options.locator('#browse-search').press('Enter');
    const id = records.find((r) => r.kind === kind)!.id;
    await options.locator('#records-body .record-id', { hasText: id }).waitFor({ timeout: 10_000 });
    expectSafe(await audit(options));
  }
  await options.close();
});
