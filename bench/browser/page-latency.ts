/// <reference types="chrome" />
/**
 * Page to highlights on the AEB pages: each page is opened in one tab; the content script reports its phases
 * (PageTimings, with the background's CheckTimings inside) with report-highlights, and the benchmark reads
 * them from the tab's results. Long tasks of the page's main thread come from the init script's observer.
 *
 * The reference: Readability alone on the same pages, in a Chromium without the extension (the same local
 * server and CSP; the script is evaluated over CDP, which the page's CSP does not govern).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { message, type PageTimings, type TabResults, type BackgroundMessages } from '../../src/shared/messages';
import type { PageProbe, Session } from './launch';

export interface PageSample {
  id: string;
  status: string;
  matches: number;
  highlighted: number;
  cold: boolean;
  timings: PageTimings | null;
  /** Long tasks that overlap the run (document_idle → highlights drawn), in ms. */
  longtasks: number[];
  /** The long task that holds the gate and Readability (0 when it was not long). */
  extractTaskMs: number;
  /** Long tasks of the run other than that one: what the extension adds beyond Readability. */
  beyondMs: number[];
  /** Every long task the page's observer saw (page load included). */
  pageLongtasks?: number;
}

const tabResults = (hook: Page, tabId: number): Promise<TabResults | null> =>
  hook.evaluate((m) => chrome.runtime.sendMessage(m), message<BackgroundMessages, 'tab-results'>('tab-results', { tabId })) as Promise<TabResults | null>;

/** Opens `url` in `page` and waits for the extension's final results with timings (or gives up after `timeoutMs`). */
export async function visitPage(session: Session, page: Page, tabId: number, id: string, url: string, cold: boolean, timeoutMs = 30_000): Promise<PageSample> {
  await page.goto(url, { waitUntil: 'load', timeout: timeoutMs }).catch(() => undefined);
  const hook = await session.hook();
  const deadline = Date.now() + timeoutMs;
  let r: TabResults | null = null;
  let doneAt = 0;
  for (;;) {
    r = await tabResults(hook, tabId).catch(() => null);
    const final = r?.page?.url === url && r.status !== 'checking';
    if (final && (r!.status !== 'done' || r!.timings)) break;
    // A 'done' page without timings: the content script has not reported what it drew yet (or cannot).
    if (final && !doneAt) doneAt = Date.now();
    if (Date.now() > deadline || (doneAt && Date.now() - doneAt > 10_000)) break;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  const t = r?.page?.url === url ? (r.timings ?? null) : null;
  const probe = await page.evaluate(() => (window as unknown as { __wtBench?: PageProbe }).__wtBench ?? null).catch(() => null);
  let longtasks: number[] = [];
  let extractTaskMs = 0;
  const beyondMs: number[] = [];
  if (t && probe) {
    const from = t.startAt;
    const to = t.startAt + t.totalMs;
    const exFrom = t.startAt + t.settingsMs;
    const exTo = exFrom + t.gateMs + t.extractMs;
    const overlapping = probe.longtasks.filter((x) => x.start < to && x.start + x.duration > from);
    longtasks = overlapping.map((x) => x.duration);
    for (const x of overlapping) {
      if (x.start <= exFrom + 1 && x.start + x.duration >= exTo - 1) extractTaskMs = Math.max(extractTaskMs, x.duration);
      else beyondMs.push(x.duration);
    }
  }
  return {
    id,
    status: r?.page?.url === url ? r.status : 'timeout',
    matches: r?.report?.matches.length ?? 0,
    highlighted: r?.highlighted.length ?? 0,
    cold,
    timings: t,
    longtasks,
    extractTaskMs,
    beyondMs,
    pageLongtasks: probe?.longtasks.length ?? 0,
  };
}

export interface ReadabilitySample {
  id: string;
  readerableMs: number;
  cloneMs: number;
  parseMs: number;
  totalMs: number;
  /** The longest long task while it ran (0 when none was ≥ 50 ms). */
  longtaskMs: number;
  article: boolean;
}

/** Readability alone (isProbablyReaderable, cloneNode, parse) on each page, in `page` (a browser without the extension). */
export async function readabilityReference(page: Page, root: string, pages: Array<{ id: string; url: string }>): Promise<ReadabilitySample[]> {
  const dir = join(root, 'node_modules/@mozilla/readability');
  const source = `${readFileSync(join(dir, 'Readability.js'), 'utf8')}\n${readFileSync(join(dir, 'Readability-readerable.js'), 'utf8')}\n` +
    'window.__wtReadability = Readability; window.__wtReaderable = isProbablyReaderable;';
  const out: ReadabilitySample[] = [];
  for (const p of pages) {
    await page.goto(p.url, { waitUntil: 'load', timeout: 30_000 }).catch(() => undefined);
    // A classic script, not a function: its declarations land in a scope of their own, the two globals stay.
    const ok = await page.evaluate(`(() => { ${source}; return true; })()`).catch(() => false);
    if (!ok) continue;
    const s = await page.evaluate(() => {
      type R = new (doc: Document) => { parse(): { textContent?: string | null } | null };
      const w = window as unknown as { __wtReadability: R; __wtReaderable: (d: Document) => boolean; __wtBench?: PageProbe };
      const t0 = performance.now();
      const readerable = w.__wtReaderable(document);
      const t1 = performance.now();
      const clone = document.cloneNode(true) as Document;
      const t2 = performance.now();
      const article = new w.__wtReadability(clone).parse();
      const t3 = performance.now();
      return { readerableMs: t1 - t0, cloneMs: t2 - t1, parseMs: t3 - t2, totalMs: t3 - t0, article: !!article && readerable, t0 };
    });
    // The long task observer reports after the task: give it a moment.
    await page.waitForTimeout(20);
    const tasks = await page.evaluate((from) => ((window as unknown as { __wtBench?: PageProbe }).__wtBench?.longtasks ?? []).filter((x) => x.start + x.duration > from), s.t0);
    out.push({ id: p.id, readerableMs: s.readerableMs, cloneMs: s.cloneMs, parseMs: s.parseMs, totalMs: s.totalMs, article: s.article, longtaskMs: Math.max(0, ...tasks.map((x) => x.duration)) });
  }
  return out;
}
