/**
 * Typed messages between the extension's contexts (Web Scrobbler style): one map per direction, with the
 * `{ payload; response }` of each message name, joined into `MessageMap`. Every message is made by
 * `message()` and carries `v`, so that a content script left over from an older version (after an update) is
 * recognised and answered with an error, not misread. The receiving end validates every payload with one
 * validator per name (`Validators`, keyed by the same map: src/background/payloads.ts,
 * src/content/payloads.ts) and answers with one handler per name (`Handlers`); the lists of names are the
 * keys of those validators (src/shared/receive.ts).
 */
import type { PageReport, ScanResult } from '@wiretrace/engine';
import type { CheckTimings, PageTimings } from './timings';

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

/**
 * Every message, to the background or to a tab: one map. An interface cannot extend two maps that give one
 * name two shapes, and test/shared/message-types.test.ts checks that no name is in both.
 */
export interface MessageMap extends BackgroundMessages, ContentMessages {}

export type PayloadOf<M, K extends keyof M> = M[K] extends { payload: infer P } ? P : never;
export type ResponseOf<M, K extends keyof M> = M[K] extends { response: infer R } ? R : never;
export type MessageOf<M, K extends keyof M> = { v: typeof MESSAGE_VERSION; type: K; payload: PayloadOf<M, K> };
export type AnyMessage<M> = { [K in keyof M]: MessageOf<M, K> }[keyof M];

/** One handler per message name of `M`, typed by the map: its payload in, its response out. */
export type Handlers<M, S> = { readonly [K in keyof M]: (payload: PayloadOf<M, K>, sender: S) => Promise<ResponseOf<M, K>> };

/**
 * One validator per message name of `M`: the payload as received (any object) to its checked and bounded
 * form, or null when it is malformed. The receiving end keeps them (it cannot trust the sender's types).
 */
export type Validators<M> = { readonly [K in keyof M]: (payload: Readonly<Record<string, unknown>>) => PayloadOf<M, K> | null };

/** The one way a message is made (the lint rule in eslint.config.js keeps it so). */
export function message<K extends keyof MessageMap>(type: K, payload: PayloadOf<MessageMap, K>): MessageOf<MessageMap, K> {
  // eslint-disable-next-line no-restricted-syntax -- the builder itself
  return { v: MESSAGE_VERSION, type, payload };
}
