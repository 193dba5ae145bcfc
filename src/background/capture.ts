/**
 * Auto-capture ("seen before"): with the reader's consent (settings `capture`, off by default), each
 * article they read is added to the corpus as a captured record, so that the same text met later under
 * another masthead is flagged with where and when it was read first. The text is the one the page check
 * already extracted: capturing costs no extra work in the page.
 *
 * Never captured: pages in private (incognito) windows, switched-off sites, non-http(s) pages, and short
 * texts. A page is stored under its canonical URL (tracking parameters dropped), so reading it again adds
 * nothing, and its own captured copy never matches it (`excludeUrl` in the scan).
 *
 * The work runs after the check has answered, one capture at a time, and keeps the background's cached
 * index in step (store-access `advanceIndex`), so that the next check does not reload the whole index.
 */
import { analyze, comparableUrl, countWords, type CorpusRecord } from '@wiretrace/engine';
import type { PageInfo } from '../shared/messages';
import { isSiteDisabled, type Settings } from '../shared/settings';
import { advanceIndex, getStore } from './store-access';

/**
 * Shortest text worth remembering, in words. The page gate already decided the page is an article; this
 * only keeps out stubs (a paywall teaser, a live-blog header) that could not hold a copied passage of the
 * engine's minimum length more than once or twice.
 */
export const MIN_CAPTURE_WORDS = 80;

/** Ids of captured records start with this, then the article's comparable URL. */
export const CAPTURE_ID_PREFIX = 'seen:';

export type CaptureOutcome = 'captured' | 'known' | 'off' | 'private' | 'site-off' | 'not-web' | 'too-short' | 'failed';

/** What a capture needs to know about where the page was read. */
export interface CaptureContext {
  /** The page's URL as the browser knows it. */
  pageUrl: string;
  /** The tab is in a private (incognito) window. */
  incognito: boolean;
}

/** The outlet's name: `og:site_name`, else the host without "www.". */
export function outletOf(page: PageInfo, pageUrl: string): string | null {
  if (page.outlet) return page.outlet;
  try {
    return new URL(pageUrl).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** The record a captured page becomes (null when the URL is not a web address). */
export function capturedRecord(page: PageInfo, text: string, pageUrl: string): CorpusRecord | null {
  const url = page.canonicalUrl && /^https?:\/\//i.test(page.canonicalUrl) ? page.canonicalUrl : pageUrl;
  if (!/^https?:\/\//i.test(url)) return null;
  return {
    id: CAPTURE_ID_PREFIX + comparableUrl(url),
    title: page.title,
    outlet: outletOf(page, pageUrl),
    url,
    published: page.published,
    byline: page.byline,
    text,
  };
}

/** Why a page is not captured, or null when it is. */
export function captureRefusal(settings: Settings, ctx: CaptureContext, text: string): Exclude<CaptureOutcome, 'captured' | 'known' | 'failed'> | null {
  if (!settings.capture) return 'off';
  if (ctx.incognito) return 'private';
  if (!/^https?:\/\//i.test(ctx.pageUrl)) return 'not-web';
  if (isSiteDisabled(settings, ctx.pageUrl)) return 'site-off';
  if (countWords(text) < MIN_CAPTURE_WORDS) return 'too-short';
  return null;
}

let queue: Promise<unknown> = Promise.resolve();
/** Captures scheduled and not yet finished (for `capturesSettled`). */
const scheduled = new Set<Promise<CaptureOutcome>>();

/**
 * A captured page is stored this long after its check answered: its highlights are drawn and its results
 * written by then, so that the capture (analysis, a write, the index snapshot) never delays them.
 */
export const CAPTURE_DELAY_MS = 1_000;

/** Captures the page CAPTURE_DELAY_MS from now (see `capturePage`). */
export function scheduleCapture(page: PageInfo, text: string, settings: Settings, ctx: CaptureContext): Promise<CaptureOutcome> {
  const done = new Promise<CaptureOutcome>((resolve) => setTimeout(() => resolve(capturePage(page, text, settings, ctx)), CAPTURE_DELAY_MS));
  scheduled.add(done);
  void done.finally(() => scheduled.delete(done));
  return done;
}

/** Resolves once every capture scheduled so far has finished (tests; the `captures-settled` test hook). */
export async function capturesSettled(): Promise<void> {
  while (scheduled.size > 0) await Promise.all([...scheduled]);
}

/**
 * Captures the page if the settings and the context allow it, then applies the limits. Queued: one capture
 * at a time, after what is already queued. Never rejects.
 */
export function capturePage(page: PageInfo, text: string, settings: Settings, ctx: CaptureContext): Promise<CaptureOutcome> {
  const run = queue.then(() => captureNow(page, text, settings, ctx));
  queue = run.catch(() => undefined);
  return run;
}

async function captureNow(page: PageInfo, text: string, settings: Settings, ctx: CaptureContext): Promise<CaptureOutcome> {
  const refused = captureRefusal(settings, ctx, text);
  if (refused) return refused;
  const record = capturedRecord(page, text, ctx.pageUrl);
  if (!record) return 'not-web';
  const access = await getStore();
  if (!access.store) return 'failed';
  const store = access.store;
  try {
    // Read before (a re-visit, a re-check): nothing to add, and no analysis spent on finding that out.
    if (await store.getRecord(record.id)) return 'known';
    const before = await store.generation();
    const added = await store.addRecords([record], 'capture');
    if (added.status !== 'done') return 'failed';
    if (added.imported === 0) return 'known';
    let evicted: string[] = [];
    const stats = await store.originStats();
    const limits = settings.captureLimits;
    // Cheap test first: only a set at or past a limit is walked for the ids to evict.
    if (stats.capture.articles > limits.articles || stats.capture.textBytes > limits.megabytes * 1024 * 1024 || isOlderThan(stats.capture.oldest, limits.days)) {
      evicted = await store.evictCaptured(limits);
    }
    const steps = 1 + (evicted.length > 0 ? 1 : 0);
    advanceIndex(before, before + steps, await store.generation(), evicted.includes(record.id) ? [] : [{ record, analysis: analyze(record.text) }], evicted);
    return 'captured';
  } catch {
    return 'failed';
  }
}

function isOlderThan(iso: string | null, days: number): boolean {
  if (iso === null) return false;
  const t = Date.parse(iso);
  return Number.isFinite(t) && t < Date.now() - days * 24 * 60 * 60 * 1000;
}
