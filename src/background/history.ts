/**
 * The reading history (issue 6, items 4–5): with the reader's consent (settings `history`, off by default),
 * each page checked leaves one small entry (address, title, outlet, when, how much was found and where; no
 * article text) in the store's `history`, for the options page's list and outlet report. Pages where
 * nothing was found are recorded too: they are the report's denominator.
 *
 * Never recorded: pages in private (incognito) windows, switched-off sites, non-http(s) pages. One entry
 * per page, under its comparable canonical URL, so a re-check or a reload updates it.
 *
 * The write runs after the check has answered and after the tab's own bookkeeping (results, badge), one at
 * a time, so it never delays the page or the popup.
 */
import { comparableUrl, type PageReport } from '@wiretrace/engine';
import type { PageInfo } from '../shared/messages';
import { isSiteDisabled, type Settings } from '../shared/settings';
import { HISTORY_TOP_SOURCES, HISTORY_VERSION, type HistoryEntry } from '../store/history/history-entry';
import { outletOf, type CaptureContext } from './capture';
import { getStore } from './store-access';
import { tabSettled } from './tab-queue';

export type HistoryOutcome = 'recorded' | 'off' | 'private' | 'site-off' | 'not-web' | 'failed';

/** Why a page is not recorded, or null when it is. */
export function historyRefusal(settings: Settings, ctx: CaptureContext): Exclude<HistoryOutcome, 'recorded' | 'failed'> | null {
  if (!settings.history) return 'off';
  if (ctx.incognito) return 'private';
  if (!/^https?:\/\//i.test(ctx.pageUrl)) return 'not-web';
  if (isSiteDisabled(settings, ctx.pageUrl)) return 'site-off';
  return null;
}

/** The entry a checked page becomes (null when its address is not a web address). */
export function historyEntry(page: PageInfo, report: Pick<PageReport, 'words' | 'matches' | 'sourceCount' | 'facts'>, pageUrl: string, now: Date = new Date()): HistoryEntry | null {
  const url = page.canonicalUrl && /^https?:\/\//i.test(page.canonicalUrl) ? page.canonicalUrl : pageUrl;
  if (!/^https?:\/\//i.test(url)) return null;
  // The matches come largest first (by shared words); their facts are at the same index.
  const sources = report.matches.slice(0, HISTORY_TOP_SOURCES).map((m, i) => ({
    id: m.source.id,
    title: m.source.title,
    outlet: m.source.outlet,
    url: m.source.url,
    share: report.facts.sources[i].coverage,
  }));
  return {
    v: HISTORY_VERSION,
    key: comparableUrl(url),
    url,
    title: page.title,
    outlet: outletOf(page, pageUrl),
    checkedAt: now.toISOString(),
    words: report.words,
    sourceCount: report.sourceCount,
    share: report.facts.share,
    level: report.facts.level,
    sources,
  };
}

let queue: Promise<unknown> = Promise.resolve();
const scheduled = new Set<Promise<HistoryOutcome>>();

/**
 * Records the checked page once the tab's bookkeeping queued so far (its results and badge) has run. Never
 * rejects.
 */
export function scheduleHistory(tabId: number, page: PageInfo, report: PageReport, settings: Settings, ctx: CaptureContext): Promise<HistoryOutcome> {
  const refused = historyRefusal(settings, ctx);
  if (refused) return Promise.resolve(refused);
  const run = Promise.all([tabSettled(tabId), queue]).then(() => recordNow(page, report, ctx));
  queue = run.catch(() => undefined);
  scheduled.add(run);
  void run.finally(() => scheduled.delete(run));
  return run;
}

/** Resolves once every history write scheduled so far has finished (tests). */
export async function historySettled(): Promise<void> {
  while (scheduled.size > 0) await Promise.all([...scheduled]);
}

async function recordNow(page: PageInfo, report: PageReport, ctx: CaptureContext): Promise<HistoryOutcome> {
  try {
    const entry = historyEntry(page, report, ctx.pageUrl);
    if (!entry) return 'not-web';
    const access = await getStore();
    if (!access.store) return 'failed';
    await access.store.putHistory(entry);
    return 'recorded';
  } catch {
    return 'failed';
  }
}
