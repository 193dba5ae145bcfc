/**
 * The per-tab results ledger: which check of a tab is the latest (only it may write the tab's results and
 * badge), which checks are still scanning, and the writes themselves, queued per tab (tab-queue.ts) behind the
 * answer to the content script. A checked page's results wait briefly for the highlights the content script
 * reports, so that results and highlights go to storage in one write.
 */
import type { PageReport } from '@wiretrace/engine';
import { TAB_RESULTS_VERSION, type PageInfo, type TabResults, type TabStatus } from '../shared/messages';
import type { PageTimings } from '../shared/timings';
import { showBadge } from './badge';
import { enqueueForTab, nextTask, tabSettled } from './tab-queue';
import { getTabResults, resultsUrl, sameDocument, setTabResults } from './tab-state';

/**
 * A scan with the index in memory answers in tens of milliseconds: the tab's `checking` state is written
 * only when it takes longer than this (or at once when the index has to be loaded first), so that a quick
 * check costs no extra storage write.
 */
export const CHECKING_STATE_DELAY_MS = 150;

/**
 * How long a checked page's results wait for the content script's `report-highlights` (sent once the
 * highlights are drawn) before they are written without it. Waiting keeps the storage writes and badge
 * updates off the page's way while it draws, and the results and highlights go to storage in one write.
 */
export const REPORT_WAIT_MS = 250;

/**
 * The latest check request per tab in this worker. A page that changes quickly (an SPA) sends a new check
 * before the last one finished; only the newest may write the tab's results and badge. Losing this map in
 * a worker restart loses nothing that matters: the stored results stay, the next check overwrites them.
 */
const latestCheck = new Map<number, number>();
let checkCounter = 0;

/** Checks still scanning, per tab: resolved when the check's outcome is queued for publishing. */
const scanning = new Map<number, Promise<void>>();

/** A checked page's results waiting for its highlights (see REPORT_WAIT_MS), per tab. */
interface Deferred {
  results: TabResults;
  /** Ends the wait (the report came, the popup asks, or the tab moves on). */
  release: () => void;
}
const deferred = new Map<number, Deferred>();

/** A new message about the tab's page (a check, a restore, a skip): its sequence number, now the tab's latest. */
export function nextSequence(tabId: number): number {
  const seq = ++checkCounter;
  latestCheck.set(tabId, seq);
  return seq;
}

/** Marks a check of the tab as scanning; the returned function ends the mark once its outcome is queued. */
export function markScanning(tabId: number): () => void {
  let settle!: () => void;
  const thisCheck = new Promise<void>((resolve) => (settle = resolve));
  scanning.set(tabId, thisCheck);
  return () => {
    if (scanning.get(tabId) === thisCheck) scanning.delete(tabId);
    settle();
  };
}

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

/** The tab's results in their stored shape (`checkedAt` now, except while checking). */
export function tabResults(tabId: number, status: TabStatus, page: PageInfo | null, report: PageReport | null, error?: string): TabResults {
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
export function publish(seq: number, results: TabResults, awaitReport = false): Promise<void> {
  const tabId = results.tabId;
  // Earlier results waiting for their highlights stop waiting: newer ones follow them in the queue.
  releaseDeferred(tabId);
  let entry: Deferred | null = null;
  let waited: Promise<void> | null = null;
  if (awaitReport) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    waited = new Promise<void>((resolve) => {
      const d: Deferred = {
        results,
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
    if (entry) results = entry.results; // with the highlights, when they came
    if (latestCheck.get(tabId) !== seq) return;
    const stored = setTabResults(results).catch(() => {
      // storage.session unavailable: the content script still gets its answer
    });
    if (results.status === 'checking') return stored;
    await Promise.all([stored, showBadge(tabId, results.status === 'done' ? results.report : null)]);
  });
}

/**
 * Attaches what the content script drew on `url` (and its timings) to the tab's results: at once to results
 * still waiting for them, else to the stored ones once the check's own bookkeeping has run. Highlights of
 * another page (the tab moved on meanwhile) are dropped.
 */
export async function attachHighlights(tabId: number, url: string, highlighted: string[], timings?: PageTimings): Promise<void> {
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
