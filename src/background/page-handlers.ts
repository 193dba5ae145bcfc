/**
 * Messages from content scripts: check-page, page-skipped, report-highlights. The tab is always the sender's.
 *
 * A check answers its content script as soon as the scan result exists; the bookkeeping (the tab's results
 * in storage.session, the badge, the results cache's durable copy, the reading history) runs after the answer, in the tab's queue
 * (tab-queue.ts), which keeps the order of a tab's writes and lets readers (the popup's tab-results,
 * report-highlights) wait for them.
 */
import type { Runtime } from 'webextension-polyfill';
import type { PageReport, ScanResult } from '@wiretrace/engine';
import { TAB_RESULTS_VERSION, type BackgroundMessages, type PageInfo, type PayloadOf, type TabResults, type TabStatus } from '../shared/messages';
import { isSiteDisabled } from '../shared/settings';
import { showBadge } from './badge';
import { scheduleCapture } from './capture';
import { startCheckTimer, type CheckTimer } from './check-timer';
import { scheduleHistory } from './history';
import { cachedResult, cacheResult, contentDigest, keyAt } from './results-cache';
import { currentGeneration, NO_CORPUS_MESSAGE, scanText } from './scan-text';
import { contentTabId, senderPageUrl } from './sender';
import { currentSettings } from './settings-cache';
import { hasIndexAt } from './store-access';
import { enqueueForTab, nextTask, tabSettled } from './tab-queue';
import { getTabResults, resultsUrl, sameDocument, setTabResults } from './tab-state';
import { MAX_TEXT_CHARS } from './validate';
import { MessageRefused } from './message-refused';

type CheckResponse = BackgroundMessages['check-page']['response'];
type Payload<K extends keyof BackgroundMessages> = PayloadOf<BackgroundMessages, K>;

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

export async function checkPage({ page, text }: Payload<'check-page'>, sender: Runtime.MessageSender): Promise<CheckResponse> {
  const timer = startCheckTimer();
  const tabId = requireTab(sender);
  const seq = ++checkCounter;
  latestCheck.set(tabId, seq);
  let settle!: () => void;
  const thisCheck = new Promise<void>((resolve) => (settle = resolve));
  scanning.set(tabId, thisCheck);
  try {
    return await runCheck(timer, tabId, seq, page, text, sender);
  } finally {
    if (scanning.get(tabId) === thisCheck) scanning.delete(tabId);
    settle(); // its outcome is queued by now
  }
}

async function runCheck(timer: CheckTimer, tabId: number, seq: number, page: PageInfo, text: string, sender: Runtime.MessageSender): Promise<CheckResponse> {
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

  const cached = await cachedResult(keyAt(digest, gen.generation));
  if (cached) {
    timer.prepared();
    const report = toReport(cached);
    void publish(seq, results(tabId, 'done', page, report), true);
    record(report);
    if (settings.capture) capture();
    // The bookkeeping after the answer is in no timing: the content script does not wait for it.
    return timer.answer({ status: 'done', result: cached });
  }

  // The popup shows "checking" only for a check that takes a while: one that loads the index, or a scan
  // that is slow (a huge page, a busy machine). Either way the answer does not wait for the write.
  let checkingTimer: ReturnType<typeof setTimeout> | null = null;
  const showChecking = (): void => {
    checkingTimer = null;
    void publish(seq, results(tabId, 'checking', page, null));
  };
  const indexReady = hasIndexAt(gen.generation);
  if (indexReady) checkingTimer = setTimeout(showChecking, CHECKING_STATE_DELAY_MS);
  else showChecking();
  timer.prepared(!indexReady);
  let outcome;
  try {
    outcome = await scanText(text, settings, excludeUrl, gen.generation, timer);
  } finally {
    if (checkingTimer !== null) clearTimeout(checkingTimer);
  }
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
  return timer.answer({ status: 'done', result: outcome.result });
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
 * which got it from this worker; it is checked all the same (payloads.ts: parseScanResult), and can only
 * ever describe the sender's own tab.
 */
export async function pageRestored({ page, text, result }: Payload<'page-restored'>, sender: Runtime.MessageSender): Promise<void> {
  const tabId = requireTab(sender);
  const seq = ++checkCounter;
  latestCheck.set(tabId, seq);
  await publish(seq, results(tabId, 'done', page, pageReport(senderPageUrl(sender, page.url), page, text, result)));
}

export async function pageSkipped({ url, status }: Payload<'page-skipped'>, sender: Runtime.MessageSender): Promise<void> {
  const tabId = requireTab(sender);
  const seq = ++checkCounter;
  latestCheck.set(tabId, seq);
  const page: PageInfo = { url: senderPageUrl(sender, url), canonicalUrl: null, title: null, outlet: null, byline: null, published: null, lang: null };
  await publish(seq, results(tabId, status, page, null));
}

export async function reportHighlights({ url, highlighted, timings }: Payload<'report-highlights'>, sender: Runtime.MessageSender): Promise<void> {
  const tabId = requireTab(sender);
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

/** Forget the per-tab sequence when the tab closes. */
export function forgetTab(tabId: number): void {
  latestCheck.delete(tabId);
  scanning.delete(tabId);
  releaseDeferred(tabId);
}
