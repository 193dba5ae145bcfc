/**
 * The popup's states and actions in Chromium, on a fresh profile: no corpus yet, not an article, the
 * first-run page's demo corpus, "Show in page", "Check text", the hover card, and switching a site off.
 * The tests run in order and share one browser.
 */
import { mkdtempSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, ROOT, serveDirectory, type ChromiumExtension, type StaticServer } from '../../tools/browser';

let server: StaticServer;
let siteDir: string;
let profileDir: string;
let ext: ChromiumExtension;

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-site-'));
  mkdirSync(join(siteDir, 'demo'));
  copyFileSync(join(ROOT, 'data/demo/index.html'), join(siteDir, 'demo/index.html'));
  writeFileSync(
    join(siteDir, 'login.html'),
    '<!doctype html><html lang="en"><head><title>Sign in</title></head><body><form><label>Email <input></label><button>Sign in</button></form></body></html>',
  );
  server = await serveDirectory(siteDir);
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-profile-'));
  ext = await launchChromium({ profileDir });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  for (const d of [siteDir, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

async function popupFor(tabId: number): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 420, height: 640 });
  await popup.goto(ext.extensionUrl(`src/ui/popup/index.html?tab=${tabId}`));
  return popup;
}

async function visit(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(server.url(path));
  return { page, tabId: await ext.tabIdOf(page) };
}

test('before any import, the demo article says there is no corpus yet, with a way to import', async () => {
  const { page, tabId } = await visit('demo/index.html');
  const results = await ext.waitForTabResults(tabId);
  expect(results.status).toBe('no-corpus');
  expect(await ext.badgeText(tabId)).toBe('');
  const popup = await popupFor(tabId);
  const empty = popup.locator('p#empty[data-reason="no-corpus"]');
  await empty.waitFor({ timeout: 15_000 });
  expect(await popup.locator('#empty-state, body').first().getByRole('button').or(popup.getByRole('link')).count()).toBeGreaterThan(0);
  await popup.close();
  await page.close();
});

test('a page that is not an article says so', async () => {
  const { page, tabId } = await visit('login.html');
  const results = await ext.waitForTabResults(tabId);
  expect(results.status).toBe('not-article');
  const popup = await popupFor(tabId);
  await popup.locator('p#empty[data-reason="not-article"]').waitFor({ timeout: 15_000 });
  await popup.close();
  await page.close();
});

test('the first-run page explains, and loads the demo corpus', async () => {
  const welcome = await ext.openExtensionPage('src/ui/welcome/index.html');
  await expect(welcome.getByText(/never leaves|nothing leaves|stays in this browser/i).count()).resolves.toBeGreaterThan(0);
  await welcome.getByRole('button', { name: 'Load the demo corpus' }).click();
  await welcome.locator('#demo-status', { hasText: /4 articles/ }).waitFor({ timeout: 60_000 });
  await welcome.close();
});

let demo: { page: Page; tabId: number };

test('the demo article is flagged once the corpus is there; the badge shows the source count', async () => {
  demo = await visit('demo/index.html');
  const results = await ext.waitForTabResults(demo.tabId, { until: (r) => r.status === 'done' && r.highlighted.length > 0 });
  expect(results.report!.matches[0].source.id).toBe('seed-000');
  expect(await ext.badgeText(demo.tabId)).toBe(String(results.report!.sourceCount));
});

test('"Show in page" scrolls the article to the passages', async () => {
  await demo.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const bottom = await demo.page.evaluate(() => window.scrollY);
  expect(bottom).toBeGreaterThan(100);
  const popup = await popupFor(demo.tabId);
  await popup.locator('li.source[data-source-id="seed-000"]').getByRole('button', { name: 'Show in page' }).click();
  // The first passage is the article's first paragraph, near the top of the page.
  await demo.page.waitForFunction((from) => window.scrollY < from - 100, bottom, { timeout: 15_000 });
  await popup.close();
});

interface CdpNode {
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: (CdpNode & { shadowRootType?: string })[];
}

/**
 * The text of the extension's visible hover card. It sits in a closed shadow root, which page scripts cannot
 * open; the DevTools protocol (available to the test, never to a page) can.
 */
async function visibleCardText(page: Page): Promise<string | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const text = (n: CdpNode): string => (n.nodeName === '#text' ? (n.nodeValue ?? '') : (n.children ?? []).map(text).join(' '));
    const find = (n: CdpNode, inClosedRoot: boolean): string | null => {
      const attrs = n.attributes ?? [];
      const cls = attrs[attrs.indexOf('class') + 1];
      if (inClosedRoot && attrs.includes('class') && cls?.split(' ').includes('card') && !attrs.includes('hidden')) return text(n);
      for (const r of n.shadowRoots ?? []) {
        const hit = find(r, inClosedRoot || r.shadowRootType === 'closed');
        if (hit !== null) return hit;
      }
      for (const c of n.children ?? []) {
        const hit = find(c, inClosedRoot);
        if (hit !== null) return hit;
      }
      return null;
    };
    return find(root, false);
  } finally {
    await cdp.detach();
  }
}

/** Polls `fn` until `ok` holds for its value (or the time is up); returns the last value. */
async function poll<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('hovering a passage shows the source card, inside a closed shadow root', async () => {
  const { page } = demo;
  await page.bringToFront();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(5, 5);
  await page.waitForTimeout(300);
  expect(await visibleCardText(page)).toBeNull();
  const box = await page.getByText('NATO Secretary General Jens Stoltenberg said Tuesday').boundingBox();
  expect(box).not.toBeNull();
  await page.mouse.move(box!.x + 60, box!.y + box!.height / 4);
  const card = (await poll(() => visibleCardText(page), (t) => t !== null)) ?? '';
  expect(card).toMatch(/After 20 years in Afghanistan/);
  expect(card).toContain('Demo Wire'); // the source's outlet, not "Unknown source"
  expect(card).toMatch(/\d+\s*%/);
  expect(card).toMatch(/verbatim/i);
  await ext.screenshot(page, 'hover-card');
  // Away from the passages the card goes.
  await page.mouse.move(5, 5);
  expect(await poll(() => visibleCardText(page), (t) => t === null)).toBeNull();
});

test('"Check text" finds the source of pasted text', async () => {
  const popup = await popupFor(demo.tabId);
  const pasted =
    'NATO Secretary General Jens Stoltenberg said Tuesday the alliance was surprised by the speed of the Taliban victory in Afghanistan but blamed Afghan leaders for the tragedy. ' +
    'Stoltenberg told reporters that the alliance was now working to ensure the safety of NATO\'s remaining civilian personnel and Afghan employees in Afghanistan.';
  await popup.locator('#check-text').fill(pasted);
  await popup.getByRole('button', { name: 'Check', exact: true }).click();
  await popup.locator('ol#sources > li.source[data-source-id="seed-000"]').waitFor({ timeout: 30_000 });
  await popup.close();
});

test('switching the site off in the popup stops the checks there', async () => {
  const popup = await popupFor(demo.tabId);
  const toggle = popup.getByRole('checkbox', { name: /check articles on/i });
  await expect(toggle.isChecked()).resolves.toBe(true);
  await toggle.uncheck();
  await popup.close();
  await demo.page.reload();
  const results = await ext.waitForTabResults(demo.tabId, { until: (r) => r.status === 'disabled' });
  expect(results.status).toBe('disabled');
  expect(await ext.badgeText(demo.tabId)).toBe('');
  const again = await popupFor(demo.tabId);
  await again.locator('p#empty[data-reason="disabled"]').waitFor({ timeout: 15_000 });
  await again.close();
});
