/**
 * Messages from content scripts: check-page, page-skipped, report-highlights. The tab is always the sender's.
 *
 * A check answers its content script as soon as the scan result exists; the bookkeeping (the tab's results
 * in storage.session, the badge, the results cache's durable copy, the reading history) runs after the answer, in the tab's queue
 * (tab-queue.ts), which keeps the order of a tab's writes and lets readers (the popup's tab-results,
 * report-highlights) wait for them.
 */
import type { Runtime } from 'webextension-polyfill';
import type { PageReport, ScanResult } from '../core/types';
import { TAB_RESULTS_VERSION, type BackgroundMessages, type CheckTimings, type PageInfo, type PageTimings, type TabResults, type TabStatus } from '../shared/messages';
import { isSiteDisabled } from '../shared/settings';
import { showBadge } from './badge';
import { scheduleCapture } from './capture';
import { scheduleHistory } from './history';
import { cachedResult, cacheResult, contentDigest, keyAt } from './results-cache';
import { currentGeneration, NO_CORPUS_MESSAGE, scanText, type ScanTimings } from './scan-text';
import { contentTabId, senderPageUrl } from './sender';
import { currentSettings } from './settings-cache';
import { hasIndexAt } from './store-access';
import { enqueueForTab, nextTask, tabSettled } from './tab-queue';
import { getTabResults, resultsUrl, sameDocument, setTabResults } from './tab-state';
import { MAX_TEXT_CHARS, parseHighlights, parsePageInfo, parseScanResult, parseText, parseUrl } from './validate';
import { MessageRefused } from './message-refused';

type CheckResponse = BackgroundMessages['check-page']['response'];

const TOO_LARGE_MESSAGE = 'This page is too large to check.';

/**
 * A scan with the index in memory answers in tens of milliseconds: the tab's `checking` state is written
 * only when it takes longer than this (or at once when the index has to be loaded first), so that a quick
 * check costs no extra storage write.
 */
export const CHECKING_STATE_DELAY_MS = 150;

/**
 * The latest check request per tab in this worker. A page that changes quickly (an SPA) sends a new check
 * before the last one finished; only the newest may write the tab's results and badge. Losing this map in
 * a worker restart loses nothing that matters: the stored results stay, the next check overwrites them.
 */
const latestCheck = new Map<number, number>();
let checkCounter = 0;

/** Checks still scanning, per tab: resolved when the check's outcome is queued for publishing. */
const scanning = new Map<number, Promise<void>>();

/**
 * Resolves once the tab's check in progress (if any) has queued its outcome, or after CHECKING_STATE_DELAY_MS,
 * when a slow check has queued its `checking` state instead; then once the tab's queue has run (including
 * results waiting for their highlights, REPORT_WAIT_MS at most). For readers
 * of the tab's results (the popup), so that a check that is about to answer is not reported as no results.
 */
export async function tabResultsSettled(tabId: number): Promise<void> {
  const pending = scanning.get(tabId);
  if (pending) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([pending, new Promise<void>((resolve) => (timer = setTimeout(resolve, CHECKING_STATE_DELAY_MS)))]);
    clearTimeout(timer);
  }
  // Results waiting for their highlights are waited for too (at most REPORT_WAIT_MS): not released early, so
  // that a popup or a test harness polling the tab does not bring the writes back onto the page's way.
  await tabSettled(tabId);
}

function results(tabId: number, status: TabStatus, page: PageInfo | null, report: PageReport | null, error?: string): TabResults {
  return {
    v: TAB_RESULTS_VERSION,
    tabId,
    status,
    page,
    report,
    highlighted: [],
    ...(error ? { error } : {}),
    checkedAt: status === 'checking' ? null : new Date().toISOString(),
  };
}

/**
 * How long a checked page's results wait for the content script's `report-highlights` (sent once the
 * highlights are drawn) before they are written without it. Waiting keeps the storage writes and badge
 * updates off the page's way while it draws, and the results and highlights go to storage in one write.
 */
export const REPORT_WAIT_MS = 250;

/** A checked page's results waiting for its highlights (see REPORT_WAIT_MS), per tab. */
interface Deferred {
  results: TabResults;
  /** Ends the wait (the report came, the popup asks, or the tab moves on). */
  release: () => void;
}
const deferred = new Map<number, Deferred>();

/** Ends the wait of the tab's results for their highlights, if they wait: they are written now. */
export function releaseDeferred(tabId: number): void {
  deferred.get(tabId)?.release();
}

/**
 * Queues the tab's results and badge, written unless a newer check of the tab started by then. The
 * returned promise resolves once written (or skipped); it never rejects. Callers on a check's answer path
 * do not wait for it. `awaitReport`: a checked page's results wait (up to REPORT_WAIT_MS) for the
 * highlights the content script reports, and are written with them.
 */
function publish(seq: number, tabResults: TabResults, awaitReport = false): Promise<void> {
  const tabId = tabResults.tabId;
  // Earlier results waiting for their highlights stop waiting: newer ones follow them in the queue.
  releaseDeferred(tabId);
  let entry: Deferred | null = null;
  let waited: Promise<void> | null = null;
  if (awaitReport) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    waited = new Promise<void>((resolve) => {
      const d: Deferred = {
        results: tabResults,
        release: () => {
          clearTimeout(timer);
          if (deferred.get(tabId) === d) deferred.delete(tabId);
          resolve();
        },
      };
      entry = d;
      timer = setTimeout(d.release, REPORT_WAIT_MS);
    });
    deferred.set(tabId, entry!);
  }
  return enqueueForTab(tabId, async () => {
    if (waited) await waited;
    else await nextTask(); // behind the answer to the content script
    if (entry) tabResults = entry.results; // with the highlights, when they came
    if (latestCheck.get(tabId) !== seq) return;
    const stored = setTabResults(tabResults).catch(() => {
      // storage.session unavailable: the content script still gets its answer
    });
    if (tabResults.status === 'checking') return stored;
    await Promise.all([stored, showBadge(tabId, tabResults.status === 'done' ? tabResults.report : null)]);
  });
}

function requireTab(sender: Runtime.MessageSender): number {
  const tabId = contentTabId(sender);
  if (tabId === null) throw new MessageRefused('this message must come from the top frame of a tab');
  return tabId;
}

/** No scan phases (an answer from the results cache). */
const NOT_SCANNED: ScanTimings = { indexLoaded: false, indexMs: 0, analyzeMs: 0, candidatesMs: 0, recordsMs: 0, alignMs: 0 };

export async function checkPage(payload: Record<string, unknown>, sender: Runtime.MessageSender): Promise<CheckResponse> {
  const t0 = performance.now();
  const tabId = requireTab(sender);
  const page = parsePageInfo(payload.page);
  const text = parseText(payload.text);
  if (!page || text === null) throw new MessageRefused('malformed check-page message');
  const seq = ++checkCounter;
  latestCheck.set(tabId, seq);
  let settle!: () => void;
  const thisCheck = new Promise<void>((resolve) => (settle = resolve));
  scanning.set(tabId, thisCheck);
  try {
    return await runCheck(t0, tabId, seq, page, text, sender);
  } finally {
    if (scanning.get(tabId) === thisCheck) scanning.delete(tabId);
    settle(); // its outcome is queued by now
  }
}

async function runCheck(t0: number, tabId: number, seq: number, page: PageInfo, text: string, sender: Runtime.MessageSender): Promise<CheckResponse> {
  const pageUrl = senderPageUrl(sender, page.url);

  if (text.length > MAX_TEXT_CHARS) {
    void publish(seq, results(tabId, 'too-large', page, null, TOO_LARGE_MESSAGE));
    return { status: 'too-large', result: null, error: TOO_LARGE_MESSAGE };
  }
  const settings = await currentSettings();
  // The content script skips switched-off sites itself; the settings may have changed since it looked.
  if (isSiteDisabled(settings, pageUrl)) {
    void publish(seq, results(tabId, 'disabled', page, null));
    return { status: 'disabled', result: null };
  }
  // An article never matches itself, under its own address or its canonical one (a captured copy of it is
  // stored under the canonical one).
  const excludeUrl = page.canonicalUrl ? [pageUrl, page.canonicalUrl] : pageUrl;
  // Capture (opt-in) after a check that compared, or found nothing to compare with yet; off the answer path.
  const context = { pageUrl, incognito: sender.tab?.incognito === true };
  const capture = (): void => {
    void scheduleCapture(page, text, settings, context);
  };
  // The reading history (opt-in): one entry per page compared, found something or not; after the tab's
  // results and badge are written.
  const record = (report: PageReport): void => {
    if (settings.history) void scheduleHistory(tabId, page, report, settings, context);
  };
  // The generation read (IndexedDB) and the key's hash run side by side.
  const [gen, digest] = await Promise.all([currentGeneration(), contentDigest(text, settings, excludeUrl)]);
  if (gen.error !== null) return fail(seq, tabId, page, gen.error);

  const toReport = (r: ScanResult): PageReport => pageReport(pageUrl, page, text, r);

  // Timings for the browser benchmark (CheckTimings): prepare, the scan's phases, then the answer. The
  // bookkeeping after the answer is not in them: the content script does not wait for it.
  const timings = (prepareMs: number, scan: ScanTimings, scannedAt: number): CheckTimings => {
    const end = performance.now();
    return { cached: scan === NOT_SCANNED, workerAgeMs: t0, prepareMs, ...scan, publishMs: end - scannedAt, totalMs: end - t0 };
  };

  const cached = await cachedResult(keyAt(digest, gen.generation));
  if (cached) {
    const prepared = performance.now();
    const report = toReport(cached);
    void publish(seq, results(tabId, 'done', page, report), true);
    record(report);
    if (settings.capture) capture();
    return { status: 'done', result: cached, timings: timings(prepared - t0, NOT_SCANNED, prepared) };
  }

  // The popup shows "checking" only for a check that takes a while: one that loads the index, or a scan
  // that is slow (a huge page, a busy machine). Either way the answer does not wait for the write.
  let checkingTimer: ReturnType<typeof setTimeout> | null = null;
  const showChecking = (): void => {
    checkingTimer = null;
    void publish(seq, results(tabId, 'checking', page, null));
  };
  if (hasIndexAt(gen.generation)) checkingTimer = setTimeout(showChecking, CHECKING_STATE_DELAY_MS);
  else showChecking();
  const prepareMs = performance.now() - t0;
  let outcome;
  try {
    outcome = await scanText(text, settings, excludeUrl, gen.generation);
  } finally {
    if (checkingTimer !== null) clearTimeout(checkingTimer);
  }
  const scannedAt = performance.now();
  if (outcome.status === 'error') return fail(seq, tabId, page, outcome.error);
  if (settings.capture) capture();
  if (outcome.status === 'no-corpus') {
    void publish(seq, results(tabId, 'no-corpus', page, null, NO_CORPUS_MESSAGE));
    return { status: 'no-corpus', result: null, error: NO_CORPUS_MESSAGE };
  }
  // In memory at once (a re-check right after hits it); its durable copy is written behind.
  void cacheResult(keyAt(digest, outcome.generation), outcome.result);
  const report = toReport(outcome.result);
  void publish(seq, results(tabId, 'done', page, report), true);
  record(report);
  return { status: 'done', result: outcome.result, timings: timings(prepareMs, outcome.timings, scannedAt) };
}

/** The tab's report: the page (as the content script described it, at the sender's URL), its text and scan result. */
function pageReport(pageUrl: string, page: PageInfo, text: string, r: ScanResult): PageReport {
  return {
    page: pageUrl,
    title: page.title,
    published: page.published,
    url: page.canonicalUrl ?? page.url,
    text,
    words: r.words,
    sourceCount: r.sourceCount,
    matches: r.matches,
    facts: r.facts,
  };
}

function fail(seq: number, tabId: number, page: PageInfo, error: string): CheckResponse {
  void publish(seq, results(tabId, 'error', page, null, error));
  return { status: 'error', result: null, error };
}

/**
 * A page restored from the content script's per-URL cache (SPA back/forward): its text and scan result
 * become the tab's results and badge again with no scan. The result comes from our own content script,
 * which got it from this worker; it is checked all the same (parseScanResult), and can only ever describe
 * the sender's own tab.
 */
export async function pageRestored(payload: Record<string, unknown>, sender: Runtime.MessageSender): Promise<void> {
  const tabId = requireTab(sender);
  const page = parsePageInfo(payload.page);
  const text = parseText(payload.text);
  const result = text === null || text.length > MAX_TEXT_CHARS ? null : parseScanResult(payload.result, text.length);
  if (!page || text === null || !result) throw new MessageRefused('malformed page-restored message');
  const seq = ++checkCounter;
  latestCheck.set(tabId, seq);
  await publish(seq, results(tabId, 'done', page, pageReport(senderPageUrl(sender, page.url), page, text, result)));
}

const SKIPPED: ReadonlySet<string> = new Set(['not-article', 'disabled', 'too-large']);

export async function pageSkipped(payload: Record<string, unknown>, sender: Runtime.MessageSender): Promise<void> {
  const tabId = requireTab(sender);
  const url = parseUrl(payload.url);
  const status = payload.status;
  if (url === null || typeof status !== 'string' || !SKIPPED.has(status)) throw new MessageRefused('malformed page-skipped message');
  const seq = ++checkCounter;
  latestCheck.set(tabId, seq);
  const page: PageInfo = { url: senderPageUrl(sender, url), canonicalUrl: null, title: null, outlet: null, byline: null, published: null, lang: null };
  await publish(seq, results(tabId, status as TabStatus, page, null));
}

export async function reportHighlights(payload: Record<string, unknown>, sender: Runtime.MessageSender): Promise<void> {
  const tabId = requireTab(sender);
  const url = parseUrl(payload.url);
  const highlighted = parseHighlights(payload.highlighted);
  if (url === null || highlighted === null) throw new MessageRefused('malformed report-highlights message');
  const timings = parsePageTimings(payload.timings);
  const waiting = deferred.get(tabId);
  if (waiting && sameDocument(resultsUrl(waiting.results), url)) {
    // The check's results have not been written yet: they are written now, with the highlights, in one go.
    waiting.results = { ...waiting.results, highlighted, ...(timings ? { timings } : {}) };
    waiting.release();
    await tabSettled(tabId);
    return;
  }
  // After the check's own bookkeeping (queued before its answer was sent): the results are stored by then.
  await enqueueForTab(tabId, async () => {
    try {
      const stored = await getTabResults(tabId);
      // Highlights of another page (the tab moved on meanwhile) must not be attached to these results.
      if (!stored || !sameDocument(resultsUrl(stored), url)) return;
      await setTabResults({ ...stored, highlighted, ...(timings ? { timings } : {}) });
    } catch {
      // storage.session unavailable: nothing to attach them to
    }
  });
}

const PAGE_TIMING_FIELDS = ['startAt', 'settingsMs', 'gateMs', 'extractMs', 'checkMs', 'mapMs', 'drawMs', 'totalMs'] as const;
const CHECK_TIMING_FIELDS = ['workerAgeMs', 'prepareMs', 'indexMs', 'analyzeMs', 'candidatesMs', 'recordsMs', 'alignMs', 'publishMs', 'totalMs'] as const;

/** Optional timings of `report-highlights`: only finite numbers and booleans are kept, anything else is dropped. */
function parsePageTimings(value: unknown): PageTimings | null {
  const num = (o: Record<string, unknown>, k: string): number | null => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? o[k] : null);
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const c = v.check;
  if (typeof c !== 'object' || c === null) return null;
  const check = c as Record<string, unknown>;
  if (typeof check.cached !== 'boolean' || typeof check.indexLoaded !== 'boolean') return null;
  const out: Record<string, unknown> = {};
  for (const k of PAGE_TIMING_FIELDS) if ((out[k] = num(v, k)) === null) return null;
  const checkOut: Record<string, unknown> = { cached: check.cached, indexLoaded: check.indexLoaded };
  for (const k of CHECK_TIMING_FIELDS) if ((checkOut[k] = num(check, k)) === null) return null;
  return { ...out, check: checkOut } as unknown as PageTimings;
}

/** Forget the per-tab sequence when the tab closes. */
export function forgetTab(tabId: number): void {
  latestCheck.delete(tabId);
  scanning.delete(tabId);
  releaseDeferred(tabId);
}
