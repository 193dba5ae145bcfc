/**
 * Messages from content scripts: check-page, page-restored, page-skipped, report-highlights. The tab is
 * always the sender's.
 *
 * A check answers its content script as soon as the scan result exists; the bookkeeping (the tab's results
 * in storage.session, the badge, the results cache's durable copy, the reading history) runs after the
 * answer, through the tab's results ledger (tab-ledger.ts), which keeps the order of a tab's writes and lets
 * readers (the popup's tab-results, report-highlights) wait for them.
 */
import type { Runtime } from 'webextension-polyfill';
import type { PageReport, ScanResult } from '@wiretrace/engine';
import type { BackgroundMessages, PageInfo, PayloadOf } from '../shared/messages';
import { isSiteDisabled } from '../shared/settings';
import { scheduleCapture } from './capture';
import { startCheckTimer, type CheckTimer } from './check-timer';
import { scheduleHistory } from './history';
import { cachedResult, cacheResult, contentDigest, keyAt } from './results-cache';
import { currentGeneration, NO_CORPUS_MESSAGE, scanText } from './scan-text';
import { contentTabId, senderPageUrl } from './sender';
import { currentSettings } from './settings-cache';
import { hasIndexAt } from './store-access';
import { attachHighlights, CHECKING_STATE_DELAY_MS, markScanning, nextSequence, publish, tabResults as results } from './tab-ledger';
import { MAX_TEXT_CHARS } from './validate';
import { MessageRefused } from './message-refused';

type CheckResponse = BackgroundMessages['check-page']['response'];
type Payload<K extends keyof BackgroundMessages> = PayloadOf<BackgroundMessages, K>;

const TOO_LARGE_MESSAGE = 'This page is too large to check.';

function requireTab(sender: Runtime.MessageSender): number {
  const tabId = contentTabId(sender);
  if (tabId === null) throw new MessageRefused('this message must come from the top frame of a tab');
  return tabId;
}

export async function checkPage({ page, text }: Payload<'check-page'>, sender: Runtime.MessageSender): Promise<CheckResponse> {
  const timer = startCheckTimer();
  const tabId = requireTab(sender);
  const seq = nextSequence(tabId);
  const settled = markScanning(tabId);
  try {
    return await runCheck(timer, tabId, seq, page, text, sender);
  } finally {
    settled(); // its outcome is queued by now
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
  const seq = nextSequence(tabId);
  await publish(seq, results(tabId, 'done', page, pageReport(senderPageUrl(sender, page.url), page, text, result)));
}

export async function pageSkipped({ url, status }: Payload<'page-skipped'>, sender: Runtime.MessageSender): Promise<void> {
  const tabId = requireTab(sender);
  const seq = nextSequence(tabId);
  const page: PageInfo = { url: senderPageUrl(sender, url), canonicalUrl: null, title: null, outlet: null, byline: null, published: null, lang: null };
  await publish(seq, results(tabId, status, page, null));
}

export async function reportHighlights({ url, highlighted, timings }: Payload<'report-highlights'>, sender: Runtime.MessageSender): Promise<void> {
  await attachHighlights(requireTab(sender), url, highlighted, timings);
}
