/**
 * Typed messages between the extension's contexts (Web Scrobbler style): one map per direction, with the
 * `{ payload; response }` of each message name. Every message carries `v`, so that a content script left
 * over from an older version (after an update) is recognised and answered with an error, not misread.
 */
import type { PageReport, ScanResult } from '../core/types';

/**
 * 2: the check-page answer carries the scan result without the page text (`result`, not `report`), and
 * page-restored sends the text and that result back. A version 1 message is refused, not misread.
 */
export const MESSAGE_VERSION = 2;

/** Shape of the per-tab results (TabResults); 2 added the page facts to `report`. */
export const TAB_RESULTS_VERSION = 2;

/** What the content script learns about the page from its own metadata. */
export interface PageInfo {
  /** location.href when checked. */
  url: string;
  /** `<link rel=canonical>` or `og:url`, absolute; null when the page names none. */
  canonicalUrl: string | null;
  title: string | null;
  outlet: string | null;
  byline: string | null;
  /** ISO date from the page's metadata, or null. */
  published: string | null;
  lang: string | null;
}

/** Why a tab has (or has no) results; the popup's empty states are keyed on this. */
export type TabStatus =
  | 'checking'
  | 'done' // checked; `report.matches` may be empty ("no matches")
  | 'not-article' // the gate or Readability found no article
  | 'disabled' // the site is switched off in the settings
  | 'too-large' // the page is over the size cap; nothing was parsed
  | 'no-corpus' // the corpus is empty: nothing to compare with
  | 'error'; // something failed; `error` says what

/** Per-tab state, kept in `storage.session` under `tab:<tabId>` so that it survives worker restarts. */
export interface TabResults {
  v: typeof TAB_RESULTS_VERSION;
  tabId: number;
  status: TabStatus;
  /** The page as the content script described it. */
  page: PageInfo | null;
  /** The CLI's JSON shape for the page (null until checked). `report.page` is the tab's URL. */
  report: PageReport | null;
  /** The exact page-text strings that the content script highlighted (one per drawn passage). */
  highlighted: string[];
  /** User-facing message when status is 'error'. */
  error?: string;
  checkedAt: string | null;
  /** How long the last check of this page took, phase by phase (see PageTimings); absent until highlights are reported. */
  timings?: PageTimings;
}

/**
 * The background's timing of one `check-page` (milliseconds, `performance.now()` differences). Optional and
 * informational: the browser benchmark (bench/browser) reads it; nothing else depends on it.
 */
export interface CheckTimings {
  /** True when the answer came from the results cache (no scan: the scan phases are 0). */
  cached: boolean;
  /** True when this check loaded the index (worker just started, or the corpus changed). */
  indexLoaded: boolean;
  /** Age of the service worker when the check arrived (`performance.now()` in the worker): small = cold start. */
  workerAgeMs: number;
  /**
   * Settings (kept in memory), size and site checks, generation read and results-cache key side by side,
   * results-cache lookup (in memory; storage.session once per worker).
   */
  prepareMs: number;
  /** getIndex: the snapshot load and parse when `indexLoaded` (the generation was read in prepare); ≈0 otherwise. */
  indexMs: number;
  /** Analysis of the page text. */
  analyzeMs: number;
  /** Candidate selection in the in-memory index. */
  candidatesMs: number;
  /** Reading the candidates' records from IndexedDB. */
  recordsMs: number;
  /** Analysis of the sources (cached per source), alignment and attribution. */
  alignMs: number;
  /**
   * From the scan's end to the answer (building the report, remembering the result in memory). The
   * bookkeeping (the tab's results in storage.session, the badge, the results cache's storage copy) runs after
   * the answer was sent and is in no field here: nobody waits for it.
   */
  publishMs: number;
  /** The whole handler, from message to answer (the bookkeeping after the answer excluded, see publishMs). */
  totalMs: number;
}

/**
 * The content script's timing of one run (milliseconds), sent with `report-highlights` only when the
 * background's answer carried `timings` (a fresh check, not a cached answer). Phases are consecutive: their sum is `totalMs`.
 */
export interface PageTimings {
  /** `performance.now()` of the page (time since navigation start) when the run began; document_idle for the first run. */
  startAt: number;
  /** Settings read (storage.local). */
  settingsMs: number;
  /** The gate: site switch, size cap, isProbablyReaderable. */
  gateMs: number;
  /** Readability on a clone of the document and the page's metadata. */
  extractMs: number;
  /**
   * check-page round trip (the background's own share is in `check.totalMs`). While the check is out the
   * content script takes the re-check baseline and indexes the live page's text; when that outlasts the
   * answer, the rest is counted here.
   */
  checkMs: number;
  /**
   * Mapping the spans onto the live page and building the passages' Ranges (plus indexing the live text again
   * when the page changed while the check was out).
   */
  mapMs: number;
  /** Drawing the boxes in the overlay (until drawn). */
  drawMs: number;
  totalMs: number;
  check: CheckTimings;
}

export interface CorpusStatus {
  articles: number;
  /** Set when IndexedDB cannot be used (quota, private mode, blocked): the extension runs without a corpus. */
  storageError: string | null;
}

/** Messages handled by the background (sent by content scripts and extension pages). */
export interface BackgroundMessages {
  /**
   * Content script → background: check this article's text. The answer's `result` (on `done`) is the scan
   * result: offsets into the text sent, the sources and the page facts; not the text, which the sender has.
   * `timings` only on a `done` answer (see CheckTimings).
   */
  'check-page': {
    payload: { page: PageInfo; text: string };
    response: { status: TabStatus; result: ScanResult | null; error?: string; timings?: CheckTimings };
  };
  /**
   * Content script → background: the page came back (SPA back/forward) with a text it already checked; that
   * text and its cached result become the tab's results again, without a new scan.
   */
  'page-restored': { payload: { page: PageInfo; text: string; result: ScanResult }; response: void };
  /** Content script → background: the page was not checked, and why. */
  'page-skipped': { payload: { url: string; status: 'not-article' | 'disabled' | 'too-large' }; response: void };
  /** Content script → background: what it actually drew. */
  'report-highlights': { payload: { url: string; highlighted: string[]; timings?: PageTimings }; response: void };
  /** Extension pages only (the test hook and the popup): a tab's results. */
  'tab-results': { payload: { tabId: number }; response: TabResults | null };
  /** Extension pages only: check pasted text ("Check text" in the popup). */
  'check-text': { payload: { text: string }; response: { report: PageReport; error?: string } };
  /** Extension pages only: the corpus changed in IndexedDB (import, delete, clear); reload the index. */
  'corpus-changed': { payload: Record<string, never>; response: CorpusStatus };
  /** Any context: how many articles, and whether storage works. */
  'corpus-status': { payload: Record<string, never>; response: CorpusStatus };
  /** Extension pages only: ask the tab's content script to scroll to and flash passages (of one source). */
  'show-in-page': { payload: { tabId: number; sourceId?: string }; response: { shown: number } };
  /** Extension pages only: settings changed; re-check open tabs. */
  'settings-changed': { payload: Record<string, never>; response: void };
  /**
   * Extension pages only (the popup of the per-site build, opened by a toolbar click): check this tab now by
   * injecting the content script under the click's `activeTab` grant. `started` is false when the tab already
   * has results or the build checks pages by itself; `error` says why the tab cannot be read.
   */
  'check-tab': { payload: { tabId: number }; response: { started: boolean; error: string | null } };
}

/** Messages handled by the content script (sent by the background with `tabs.sendMessage`). */
export interface ContentMessages {
  /** Scroll to the first passage (of one source, or any) and flash them all. */
  'show-passages': { payload: { sourceId?: string }; response: { shown: number } };
  /** Show or hide the highlights: the background sends the saved setting, so every tab ends up the same. */
  'toggle-highlights': { payload: { visible: boolean }; response: { visible: boolean } };
  /** Keyboard command: move to the next (1) or previous (−1) passage and show its card. */
  'step-passage': { payload: { direction: 1 | -1 }; response: { index: number; total: number } };
  /** Settings or corpus changed: check the page again (the per-URL cache is dropped). */
  recheck: { payload: Record<string, never>; response: void };
}

export type MessageOf<M, K extends keyof M> = { v: typeof MESSAGE_VERSION; type: K; payload: M[K] extends { payload: infer P } ? P : never };
export type ResponseOf<M, K extends keyof M> = M[K] extends { response: infer R } ? R : never;
export type AnyMessage<M> = { [K in keyof M]: MessageOf<M, K> }[keyof M];

export function message<M, K extends keyof M & string>(type: K, payload: MessageOf<M, K>['payload']): MessageOf<M, K> {
  return { v: MESSAGE_VERSION, type, payload } as MessageOf<M, K>;
}

/** True for a well-formed message of this version whose type is one of `types`. */
export function isMessage<M>(value: unknown, types: readonly (keyof M & string)[]): value is AnyMessage<M> {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { v?: unknown; type?: unknown; payload?: unknown };
  return m.v === MESSAGE_VERSION && typeof m.type === 'string' && (types as readonly string[]).includes(m.type) && typeof m.payload === 'object' && m.payload !== null;
}

export const BACKGROUND_MESSAGE_TYPES = [
  'check-page',
  'page-restored',
  'page-skipped',
  'report-highlights',
  'tab-results',
  'check-text',
  'corpus-changed',
  'corpus-status',
  'show-in-page',
  'settings-changed',
  'check-tab',
] as const satisfies readonly (keyof BackgroundMessages)[];

/** Messages that only extension pages may send: a content script (that is, a web page) never gets results. */
export const EXTENSION_PAGE_ONLY: ReadonlySet<keyof BackgroundMessages> = new Set([
  'tab-results',
  'check-text',
  'corpus-changed',
  'show-in-page',
  'settings-changed',
  'check-tab',
] as const);

export const CONTENT_MESSAGE_TYPES = ['show-passages', 'toggle-highlights', 'step-passage', 'recheck'] as const satisfies readonly (keyof ContentMessages)[];
