/// <reference types="chrome" />
/**
 * Pathological pages (test/e2e/harness/pathological.ts): a million words, ≈50,000 elements, a page just under
 * the content script's size caps, and a page that mutates itself every 3 ms. Each is opened `runs` times with
 * the extension (a one-article corpus that the pages copy) and `runs` times in a Chromium without it. Per page:
 * the outcome, the time from navigation to the result or the skip, and the longest gap of the page's own
 * heartbeat after its load event — the longest main-thread task, whoever ran it (Chromium's `longtask`
 * entries leave out content scripts' tasks) — with and without the extension; medians of the runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { MAX_ELEMENTS, MAX_TEXT_CHARS } from '../../src/content/size-caps';
import { message, type TabResults, type BackgroundMessages } from '../../src/shared/messages';
import { corpusLine, pathologicalPages, readHeartbeat, seedParagraphs } from '../../test/e2e/harness/pathological';
import { serveDirectory } from '../../test/e2e/harness/server';
import { fmtMs, type Table } from '../report';
import { median } from '../stats';
import { importThroughOptions, openOptions } from './import';
import { launch, type Session } from './launch';

/** Heartbeat watched after the result (or after the same time without the extension), as in the e2e test. */
const WATCH_AFTER_MS = 3_000;
/** Give up on a page's result after this long (ms). */
const RESULT_TIMEOUT_MS = 60_000;

export interface PathoRun {
  status: string;
  /** Navigation → final status (ms). */
  resultMs: number;
  highlighted: number;
  /** Longest heartbeat gap after the load event, with the extension / without (ms). */
  gapWithMs: number;
  gapWithoutMs: number;
  /** The content script's synchronous gate + extraction (ms), when it reported timings (checked pages). */
  extractMs: number | null;
}

export interface PathoResult {
  label: string;
  file: string;
  runs: PathoRun[];
}

const tabResults = (hook: Page, tabId: number): Promise<TabResults | null> =>
  hook.evaluate((m) => chrome.runtime.sendMessage(m), message<BackgroundMessages, 'tab-results'>('tab-results', { tabId })) as Promise<TabResults | null>;

async function withExtension(session: Session, url: string): Promise<Omit<PathoRun, 'gapWithoutMs'>> {
  const page = await session.context.newPage();
  try {
    const t0 = Date.now();
    await page.goto(url, { timeout: RESULT_TIMEOUT_MS });
    const tabId = await session.tabIdOf(page);
    const hook = await session.hook();
    let r: TabResults | null = null;
    for (;;) {
      r = await tabResults(hook, tabId).catch(() => null);
      // Final: skipped, or checked with the highlights reported (timings come with them).
      if (r?.page?.url === url && r.status !== 'checking' && (r.status !== 'done' || r.timings)) break;
      if (Date.now() - t0 > RESULT_TIMEOUT_MS) break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    const resultMs = Date.now() - t0;
    await page.waitForTimeout(WATCH_AFTER_MS);
    const hb = await readHeartbeat(page);
    const t = r?.timings;
    return {
      status: r?.page?.url === url ? r.status : 'timeout',
      resultMs,
      highlighted: r?.highlighted.length ?? 0,
      gapWithMs: hb.maxGapMs,
      extractMs: t ? t.gateMs + t.extractMs : null,
    };
  } finally {
    await page.close();
  }
}

async function withoutExtension(session: Session, url: string, ms: number): Promise<number> {
  const page = await session.context.newPage();
  try {
    const t0 = Date.now();
    await page.goto(url, { timeout: RESULT_TIMEOUT_MS });
    await page.bringToFront(); // as tabIdOf does with the extension: the same foreground tab, the same rendering
    await page.waitForTimeout(Math.max(0, ms - (Date.now() - t0)));
    return (await readHeartbeat(page)).maxGapMs;
  } finally {
    await page.close();
  }
}

/** Measures the pathological pages: `runs` visits each, with and without the extension, alternating. */
export async function pathologicalRuns(opts: { root: string; ext: string; tmp: string; runs: number; log: (m: string) => void }): Promise<PathoResult[]> {
  const { root, ext, tmp, runs, log } = opts;
  const siteDir = path.join(tmp, 'patho-site');
  mkdirSync(siteDir, { recursive: true });
  const copy = seedParagraphs(root, '001');
  const pages = pathologicalPages(copy, { maxElements: MAX_ELEMENTS, maxTextChars: MAX_TEXT_CHARS });
  for (const p of pages) writeFileSync(path.join(siteDir, p.file), p.html);
  const corpus = path.join(siteDir, 'corpus.jsonl');
  writeFileSync(corpus, corpusLine(root));
  const server = await serveDirectory(siteDir);
  const session = await launch(ext, path.join(tmp, 'profile-patho'));
  const plain = await launch(ext, path.join(tmp, 'profile-patho-plain'), { extension: false });
  try {
    const options = await openOptions(session);
    const imp = await importThroughOptions(session, options, [corpus], 1, { timeoutMs: 120_000, profile: false, extensionDir: ext, log });
    if (!imp.finished) throw new Error('the one-article corpus of the pathological pages did not import');
    await options.close();
    const results: PathoResult[] = pages.map((p) => ({ label: p.label, file: p.file, runs: [] }));
    for (let run = 0; run < runs; run++) {
      for (const res of results) {
        const url = server.url(res.file);
        const w = await withExtension(session, url);
        const gapWithoutMs = await withoutExtension(plain, url, w.resultMs + WATCH_AFTER_MS);
        res.runs.push({ ...w, gapWithoutMs });
        log(`  ${res.label} run ${run + 1}/${runs}: ${w.status} in ${fmtMs(w.resultMs)}; longest gap ${fmtMs(w.gapWithMs)} with, ${fmtMs(gapWithoutMs)} without`);
      }
    }
    return results;
  } finally {
    await session.close().catch(() => undefined);
    await plain.close().catch(() => undefined);
    await server.close();
  }
}

/** The report's table: one row per page, medians of the runs (max in brackets for the gaps). */
export function pathoTable(results: readonly PathoResult[]): Table {
  const med = (xs: number[]): number => (xs.length ? median(xs) : Number.NaN);
  const max = (xs: number[]): number => (xs.length ? Math.max(...xs) : Number.NaN);
  return {
    title: 'Pathological pages (time to result or skip; longest main-thread gap after load, with and without the extension)',
    columns: ['page', 'outcome', 'runs', 'time to result/skip p50', 'gate + extract p50', 'longest gap with ext p50 (max)', 'without ext p50 (max)'],
    notes: [
      'Pages generated by test/e2e/harness/pathological.ts (the same as test/e2e/pathological.e2e.test.ts), each copying seed 001, whose source (seed 000) is the one-article corpus. ' +
        'Time to result/skip: navigation → the tab\'s final status (skipped, or checked with its highlights reported). Gate + extract: the content script\'s own timing of its one synchronous block (gate, clone, Readability). ' +
        `Longest gap: the page's own heartbeat (a 10 ms timer in its main world) after its load event, watched ${WATCH_AFTER_MS / 1000} s past the result; the run without the extension is watched as long. ` +
        'It counts every main-thread task, the page\'s own layout included (the pages\' first layout after load is most of the "without" column, and varies from run to run).',
    ],
    rows: results.map((r) => {
      const outcomes = [...new Set(r.runs.map((x) => (x.status === 'done' ? `done, ${x.highlighted} highlighted` : x.status)))].join(' / ');
      const extract = r.runs.map((x) => x.extractMs).filter((x): x is number => x !== null);
      const w = r.runs.map((x) => x.gapWithMs);
      const wo = r.runs.map((x) => x.gapWithoutMs);
      return [
        r.label,
        outcomes,
        String(r.runs.length),
        fmtMs(med(r.runs.map((x) => x.resultMs))),
        extract.length ? fmtMs(med(extract)) : '— (not extracted)',
        `${fmtMs(med(w))} (${fmtMs(max(w))})`,
        `${fmtMs(med(wo))} (${fmtMs(max(wo))})`,
      ];
    }),
  };
}
