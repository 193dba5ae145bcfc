/** Messages from content scripts: check-page, page-skipped, report-highlights. The tab is always the sender's. */
import type { Runtime } from 'webextension-polyfill';
import type { PageReport, ScanResult } from '../core/types';
import type { BackgroundMessages, CheckTimings, PageInfo, PageTimings, TabResults, TabStatus } from '../shared/messages';
import { isSiteDisabled, loadSettings } from '../shared/settings';
import { showBadge } from './badge';
import { cachedResult, cacheResult, resultsKey } from './results-cache';
import { currentGeneration, NO_CORPUS_MESSAGE, scanText, type ScanTimings } from './scan-text';
import { contentTabId, senderPageUrl } from './sender';
import { getTabResults, resultsUrl, sameDocument, setTabResults } from './tab-state';
import { MAX_TEXT_CHARS, parseHighlights, parsePageInfo, parseReport, parseText, parseUrl } from './validate';
import { MessageRefused } from './message-refused';

type CheckResponse = BackgroundMessages['check-page']['response'];

const TOO_LARGE_MESSAGE = 'This page is too large to check.';

/**
 * The latest check request per tab in this worker. A page that changes quickly (an SPA) sends a new check
 * before the last one finished; only the newest may write the tab's results and badge. Losing this map in
 * a worker restart loses nothing that matters: the stored results stay, the next check overwrites them.
 */
const latestCheck = new Map<number, number>();
let checkCounter = 0;

function results(tabId: number, status: TabStatus, page: PageInfo | null, report: PageReport | null, error?: string): TabResults {
  return {
    v: 1,
    tabId,
    status,
    page,
    report,
    highlighted: [],
    ...(error ? { error } : {}),
    checkedAt: status === 'checking' ? null : new Date().toISOString(),
  };
}

/** Writes the tab's results and badge, unless a newer check of the tab started. Never throws. */
async function publish(seq: number, tabResults: TabResults): Promise<void> {
  if (latestCheck.get(tabResults.tabId) !== seq) return;
  try {
    await setTabResults(tabResults);
  } catch {
    // storage.session unavailable: the content script still gets its answer
  }
  if (tabResults.status === 'checking') return;
  await showBadge(tabResults.tabId, tabResults.status === 'done' ? tabResults.report : null);
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
  const pageUrl = senderPageUrl(sender, page.url);

  if (text.length > MAX_TEXT_CHARS) {
    await publish(seq, results(tabId, 'too-large', page, null, TOO_LARGE_MESSAGE));
    return { status: 'too-large', report: null, error: TOO_LARGE_MESSAGE };
  }
  const settings = await loadSettings();
  // The content script skips switched-off sites itself; the settings may have changed since it looked.
  if (isSiteDisabled(settings, pageUrl)) {
    await publish(seq, results(tabId, 'disabled', page, null));
    return { status: 'disabled', report: null };
  }
  const excludeUrl = page.canonicalUrl ?? page.url;
  const gen = await currentGeneration();
  if (gen.error !== null) return fail(seq, tabId, page, gen.error);

  const toReport = (r: ScanResult): PageReport => ({
    page: pageUrl,
    title: page.title,
    published: page.published,
    url: page.canonicalUrl ?? page.url,
    text,
    words: r.words,
    sourceCount: r.sourceCount,
    matches: r.matches,
  });

  // Timings for the browser benchmark (CheckTimings): prepare, the scan's phases, then publishing.
  const timings = (prepareMs: number, scan: ScanTimings, scannedAt: number): CheckTimings => {
    const end = performance.now();
    return { cached: scan === NOT_SCANNED, workerAgeMs: t0, prepareMs, ...scan, publishMs: end - scannedAt, totalMs: end - t0 };
  };

  let key = await resultsKey(text, settings, gen.generation, excludeUrl);
  const cached = await cachedResult(key);
  if (cached) {
    const prepared = performance.now();
    const report = toReport(cached);
    await publish(seq, results(tabId, 'done', page, report));
    return { status: 'done', report, timings: timings(prepared - t0, NOT_SCANNED, prepared) };
  }

  await publish(seq, results(tabId, 'checking', page, null));
  const prepareMs = performance.now() - t0;
  const outcome = await scanText(text, settings, excludeUrl);
  const scannedAt = performance.now();
  if (outcome.status === 'error') return fail(seq, tabId, page, outcome.error);
  if (outcome.status === 'no-corpus') {
    await publish(seq, results(tabId, 'no-corpus', page, null, NO_CORPUS_MESSAGE));
    return { status: 'no-corpus', report: null, error: NO_CORPUS_MESSAGE };
  }
  if (outcome.generation !== gen.generation) key = await resultsKey(text, settings, outcome.generation, excludeUrl);
  await cacheResult(key, outcome.result);
  const report = toReport(outcome.result);
  await publish(seq, results(tabId, 'done', page, report));
  return { status: 'done', report, timings: timings(prepareMs, outcome.timings, scannedAt) };
}

async function fail(seq: number, tabId: number, page: PageInfo, error: string): Promise<CheckResponse> {
  await publish(seq, results(tabId, 'error', page, null, error));
  return { status: 'error', report: null, error };
}

/**
 * A page restored from the content script's per-URL cache (SPA back/forward): its report becomes the tab's
 * results and badge again with no scan. The report comes from our own content script, which got it from
 * this worker; it is shape-checked all the same, and can only ever describe the sender's own tab.
 */
export async function pageRestored(payload: Record<string, unknown>, sender: Runtime.MessageSender): Promise<void> {
  const tabId = requireTab(sender);
  const page = parsePageInfo(payload.page);
  const report = parseReport(payload.report);
  if (!page || !report) throw new MessageRefused('malformed page-restored message');
  const seq = ++checkCounter;
  latestCheck.set(tabId, seq);
  await publish(seq, results(tabId, 'done', page, { ...report, page: senderPageUrl(sender, page.url) }));
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
  try {
    const stored = await getTabResults(tabId);
    // Highlights of another page (the tab moved on meanwhile) must not be attached to these results.
    if (!stored || !sameDocument(resultsUrl(stored), url)) return;
    await setTabResults({ ...stored, highlighted, ...(timings ? { timings } : {}) });
  } catch {
    // storage.session unavailable: nothing to attach them to
  }
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
}
