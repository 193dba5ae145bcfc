/**
 * Firefox ESR smoke test on the built extension (dist/firefox): install it, load the demo corpus with the
 * welcome page's button (the welcome page opens on install), open the served demo article, and check that
 * it is flagged (seed-000 first, badge = source count) and highlighted (what the content script drew is
 * page text inside the flagged spans). A screenshot goes to docs/screenshots/firefox-article.png (`npm run screenshots`).
 */
import { join } from 'node:path';
import { launchFirefox, ROOT, serveDirectory, type FirefoxExtension, type StaticServer } from '../../tools/browser';
import { checkHighlights } from './harness/highlights';

let server: StaticServer;
let ext: FirefoxExtension;

beforeAll(async () => {
  server = await serveDirectory(join(ROOT, 'data'));
  ext = await launchFirefox();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

test('Firefox: the welcome page loads the demo corpus and the demo article is flagged and highlighted', async () => {
  const welcome = ext.hookPage;
  // The button by its accessible name.
  const button = await welcome.waitForSelector('::-p-aria([name="Load the demo corpus"][role="button"])', { timeout: 30_000 });
  await button!.click();
  await welcome.waitForFunction(() => /\b4 articles\b/.test(document.querySelector('#demo-status')?.textContent ?? ''), { timeout: 60_000 });
  expect((await ext.corpusStatus()).articles).toBe(4);

  const page = await ext.browser.newPage();
  await page.goto(server.url('demo/index.html'));
  const tabId = await ext.tabIdOf(page);
  const results = await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) });
  expect(results.status).toBe('done');
  const report = results.report!;
  expect(report.matches[0].source.id).toBe('seed-000');
  expect(report.sourceCount).toBe(1);
  expect(await ext.badgeText(tabId)).toBe(String(report.sourceCount));

  expect(results.highlighted.length).toBeGreaterThan(0);
  const spans = report.matches.flatMap((m) => m.spans);
  const pageText = await page.evaluate(() => document.body.innerText);
  const check = checkHighlights(report.text, spans, results.highlighted, pageText);
  expect(check.notInPage).toEqual([]);
  expect(check.outsideSpans).toEqual([]);
  expect(check.totalCoverage).toBeGreaterThan(0.97);
  // The page's own scripts see no <mark> and no open shadow root.
  expect(await page.evaluate(() => document.querySelectorAll('mark').length + Array.from(document.querySelectorAll('*')).filter((e) => e.shadowRoot).length)).toBe(0);
  await page.bringToFront();
  await ext.screenshot(page, 'firefox-article');
});
