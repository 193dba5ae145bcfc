/**
 * Pathological pages in Chromium: a million words, ≈50,000 elements, a page just under the content script's
 * size caps, and a page that never stops changing.
 * The page must never freeze: each page runs its own heartbeat (tools/browser/pathological.ts), and the
 * longest gap after the load event is compared with the same page in a Chromium without the extension (the
 * control, in the same run). The check must end — with results, or skipped with the reason the popup shows —
 * within a bound, and the restless page must not be re-checked without end nor grow the heap.
 *
 * Limits are generous on purpose (2 shared cores): a real freeze is seconds, the pass mark is 1 s.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  corpusLine,
  heapAfterGc,
  launchChromium,
  launchChromiumContext,
  pathologicalPages,
  readHeartbeat,
  ROOT,
  seedParagraphs,
  serveDirectory,
  type ChromiumExtension,
  type Heartbeat,
  type StaticServer,
} from '../../tools/browser';
import { MAX_ELEMENTS, MAX_TEXT_CHARS } from '../../src/content/size-caps';
import type { TabResults } from '../../src/shared/messages';

/** Longest heartbeat gap allowed after the load event, with the extension (ms). */
const MAX_GAP_MS = 1_000;
/** How much longer than the control's longest gap the extension's may be (ms). */
const MAX_EXTRA_GAP_MS = 1_000;
/** The check must have a final status (results or a skip) this soon after navigation (ms). */
const RESULT_WITHIN_MS = 30_000;
/** Heartbeat watched after the result, so that work after the answer (mapping, drawing, re-checks) counts. */
const WATCH_AFTER_MS = 3_000;
/** How long the restless page is watched for re-checks (ms). */
const RESTLESS_WATCH_MS = 12_000;

let server: StaticServer;
let siteDir: string;
let profileDir: string;
let ext: ChromiumExtension;
let control: BrowserContext;
let controlDir: string;

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-patho-'));
  const copy = seedParagraphs(ROOT, '001');
  for (const p of pathologicalPages(copy, { maxElements: MAX_ELEMENTS, maxTextChars: MAX_TEXT_CHARS })) writeFileSync(join(siteDir, p.file), p.html);
  writeFileSync(join(siteDir, 'corpus.jsonl'), corpusLine(ROOT));
  server = await serveDirectory(siteDir);
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-profile-'));
  ext = await launchChromium({ profileDir });
  await ext.importThroughOptions([join(siteDir, 'corpus.jsonl')], /\b1 article\b/);
  // The control: the same Chromium, launched the same way with the same flags, without the extension.
  controlDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-control-'));
  control = await launchChromiumContext({ profileDir: controlDir, extension: false });
  // Counts the content scripts' messages per type in the background (a listener that answers nothing).
  await ext.serviceWorker.evaluate(() => {
    const counts: Record<string, number> = {};
    (globalThis as unknown as { __wtCounts: Record<string, number> }).__wtCounts = counts;
    chrome.runtime.onMessage.addListener((m: { type?: string }) => {
      if (typeof m?.type === 'string') counts[m.type] = (counts[m.type] ?? 0) + 1;
      return undefined;
    });
  });
}, 120_000);

afterAll(async () => {
  await control?.close();
  await ext?.close();
  await server?.close();
  for (const d of [siteDir, profileDir, controlDir]) if (d) rmSync(d, { recursive: true, force: true });
});

const messageCounts = (): Promise<Record<string, number>> =>
  ext.serviceWorker.evaluate(() => ({ ...(globalThis as unknown as { __wtCounts: Record<string, number> }).__wtCounts }));

interface Visit {
  page: Page;
  tabId: number;
  results: TabResults;
  /** Navigation → final status (ms). */
  resultMs: number;
  heartbeat: Heartbeat;
}

/** Opens a page with the extension, waits for its final status, watches `watchMs` more, reads the heartbeat. */
async function visit(path: string, watchMs = WATCH_AFTER_MS, until?: (r: TabResults) => boolean): Promise<Visit> {
  const page = await ext.context.newPage();
  const t0 = Date.now();
  await page.goto(server.url(path), { timeout: 60_000 });
  const tabId = await ext.tabIdOf(page);
  const url = server.url(path);
  const results = await ext.waitForTabResults(tabId, {
    timeoutMs: RESULT_WITHIN_MS,
    until: (r) => r.page?.url === url && r.status !== 'checking' && (until?.(r) ?? true),
  });
  const resultMs = Date.now() - t0;
  await page.waitForTimeout(watchMs);
  return { page, tabId, results, resultMs, heartbeat: await readHeartbeat(page) };
}

/** The same page without the extension, watched as long as `visit` watched it. */
async function controlVisit(path: string, ms: number): Promise<Heartbeat> {
  const page = await control.newPage();
  try {
    const t0 = Date.now();
    await page.goto(server.url(path), { timeout: 60_000 });
    await page.bringToFront(); // as tabIdOf does with the extension: the same foreground tab, the same rendering
    await page.waitForTimeout(Math.max(0, ms - (Date.now() - t0)));
    return await readHeartbeat(page);
  } finally {
    await page.close();
  }
}

function report(name: string, v: Visit, c: Heartbeat): void {
  const t = v.results.timings;
  process.stderr.write(
    `[pathological] ${name}: ${v.results.status} in ${v.resultMs} ms, highlighted ${v.results.highlighted.length}` +
      (t ? ` (gate ${t.gateMs.toFixed(1)} ms, extract ${t.extractMs.toFixed(1)} ms, map ${t.mapMs.toFixed(1)} ms)` : '') +
      '; ' +
      `longest gap after load ${v.heartbeat.maxGapMs} ms with the extension (at ${v.heartbeat.maxGapAt} ms, load ${Math.round(v.heartbeat.loadAt)} ms), ` +
      `${c.maxGapMs} ms without; gaps > 50 ms with: ${JSON.stringify(v.heartbeat.gaps.slice(0, 12))}\n`,
  );
}

function expectNoFreeze(v: Visit, c: Heartbeat): void {
  expect(v.heartbeat.ticks).toBeGreaterThan(0);
  expect(v.heartbeat.maxGapMs).toBeLessThan(MAX_GAP_MS);
  expect(v.heartbeat.maxGapMs - c.maxGapMs).toBeLessThan(MAX_EXTRA_GAP_MS);
}

test('a million-word page is skipped at once, says why in the popup, and never freezes', async () => {
  const v = await visit('huge.html');
  const c = await controlVisit('huge.html', v.resultMs + WATCH_AFTER_MS);
  report('1M words', v, c);
  expect(v.results.status).toBe('too-large');
  expectNoFreeze(v, c);
  const popup = await ext.context.newPage();
  await popup.goto(ext.extensionUrl(`src/ui/popup/index.html?tab=${v.tabId}`));
  await popup.locator('p#empty[data-reason="too-large"]', { hasText: /too large/i }).waitFor({ timeout: 15_000 });
  await popup.close();
  await v.page.close();
});

test('a 50,000-element page is checked through its article alone, highlighted, and never freezes', async () => {
  const v = await visit('wide.html', WATCH_AFTER_MS, (r) => r.status !== 'done' || r.highlighted.length > 0);
  const c = await controlVisit('wide.html', v.resultMs + WATCH_AFTER_MS);
  report('50k elements', v, c);
  expect(v.results.status).toBe('done');
  expect(v.results.report!.matches[0].source.id).toBe('seed-000');
  expect(v.results.highlighted.length).toBeGreaterThan(0);
  expectNoFreeze(v, c);
  await v.page.close();
});

test('a page just under the size caps (the most that is extracted whole) is checked, highlighted, and never freezes', async () => {
  const v = await visit('at-caps.html', WATCH_AFTER_MS, (r) => r.status !== 'done' || r.highlighted.length > 0);
  const c = await controlVisit('at-caps.html', v.resultMs + WATCH_AFTER_MS);
  report('under the caps', v, c);
  expect(v.results.status).toBe('done');
  expect(v.results.highlighted.length).toBeGreaterThan(0);
  expectNoFreeze(v, c);
  await v.page.close();
});

test('a page that mutates itself constantly is highlighted, not re-checked without end, and does not grow the heap', async () => {
  const before = await messageCounts();
  const v = await visit('restless.html', 0, (r) => r.status !== 'done' || r.highlighted.length > 0);
  expect(v.results.status).toBe('done');
  expect(v.results.highlighted.length).toBeGreaterThan(0);
  const heapStart = await heapAfterGc(v.page);
  const atStart = await messageCounts();
  await v.page.waitForTimeout(RESTLESS_WATCH_MS);
  const atEnd = await messageCounts();
  const heapEnd = await heapAfterGc(v.page);
  const heartbeat = await readHeartbeat(v.page);
  const c = await controlVisit('restless.html', v.resultMs + RESTLESS_WATCH_MS);
  const runs = (m: Record<string, number>) => (m['check-page'] ?? 0) + (m['page-restored'] ?? 0) + (m['page-skipped'] ?? 0);
  const rechecks = runs(atEnd) - runs(atStart);
  report('restless', { ...v, heartbeat }, c);
  process.stderr.write(
    `[pathological] restless: ${runs(atStart) - runs(before)} run(s) to the first result, ${rechecks} in the next ${RESTLESS_WATCH_MS / 1000} s ` +
      `(${JSON.stringify(atEnd)}); heap ${(heapStart / 1e6).toFixed(1)} → ${(heapEnd / 1e6).toFixed(1)} MB\n`,
  );
  expectNoFreeze({ ...v, heartbeat }, c);
  // The re-check back-off (src/content/watch.ts): 1.5 s, then 3, 6, 12 s… — at most 3 runs in 12 s; without it, 8.
  expect(rechecks).toBeLessThanOrEqual(4);
  expect(heapEnd - heapStart).toBeLessThan(16e6);
  // Still highlighted after all the re-renders.
  const r = await ext.tabResults(v.tabId);
  expect(r?.status).toBe('done');
  await v.page.close();
});
