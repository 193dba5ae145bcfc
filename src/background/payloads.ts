/**
 * The background's end of the message map: one validator per message name (shape and size, whatever the
 * sender's types say: content scripts speak for web pages, which may be hostile or just broken), and who may
 * send it. Both are keyed by `BackgroundMessages`, so a name added to the map does not compile until it has
 * both; the list of names is their keys.
 */
import type { BackgroundMessages, TabStatus, Validators } from '../shared/messages';
import { messageTypes } from '../shared/receive';
import { parsePageTimings } from './check-timer';
import { MAX_TEXT_CHARS, parseHighlights, parsePageInfo, parseScanResult, parseTabId, parseText, parseUrl } from './validate';

const SKIPPED: ReadonlySet<TabStatus> = new Set(['not-article', 'disabled', 'too-large']);
const isSkipped = (x: unknown): x is 'not-article' | 'disabled' | 'too-large' => typeof x === 'string' && SKIPPED.has(x as TabStatus);

/** Messages without a payload take an empty object (anything in it is ignored). */
const empty = (): Record<string, never> => ({});

/** Messages about a tab, named by an extension page. */
const tabOnly = (p: Readonly<Record<string, unknown>>): { tabId: number } | null => {
  const tabId = parseTabId(p.tabId);
  return tabId === null ? null : { tabId };
};

export const BACKGROUND_PAYLOADS: Validators<BackgroundMessages> = {
  'check-page': (p) => {
    const page = parsePageInfo(p.page);
    const text = parseText(p.text);
    return page && text !== null ? { page, text } : null;
  },
  'page-restored': (p) => {
    // The text the result's spans point into (bounded as a checked text is), then the result against it.
    const page = parsePageInfo(p.page);
    const text = parseText(p.text);
    const result = text === null || text.length > MAX_TEXT_CHARS ? null : parseScanResult(p.result, text.length);
    return page && text !== null && result ? { page, text, result } : null;
  },
  'page-skipped': (p) => {
    const url = parseUrl(p.url);
    return url !== null && isSkipped(p.status) ? { url, status: p.status } : null;
  },
  'report-highlights': (p) => {
    const url = parseUrl(p.url);
    const highlighted = parseHighlights(p.highlighted);
    if (url === null || highlighted === null) return null;
    const timings = parsePageTimings(p.timings);
    return timings ? { url, highlighted, timings } : { url, highlighted };
  },
  'tab-results': tabOnly,
  'check-text': (p) => {
    const text = parseText(p.text);
    return text === null ? null : { text };
  },
  'corpus-changed': empty,
  'corpus-status': empty,
  'show-in-page': (p) => {
    const tabId = parseTabId(p.tabId);
    if (tabId === null || (p.sourceId !== undefined && typeof p.sourceId !== 'string')) return null;
    return p.sourceId === undefined ? { tabId } : { tabId, sourceId: p.sourceId };
  },
  'settings-changed': empty,
  'check-tab': tabOnly,
};

/** Every message name the background answers. */
export const BACKGROUND_MESSAGE_TYPES = messageTypes(BACKGROUND_PAYLOADS);

/**
 * Who may send each message: `content` (a content script's top frame: the handler takes the tab from the
 * sender), `extension-page` (never a content script, which speaks for a web page: it never gets results or acts
 * for the extension), or `any` context of the extension.
 */
export const SENDERS = {
  'check-page': 'content',
  'page-restored': 'content',
  'page-skipped': 'content',
  'report-highlights': 'content',
  'tab-results': 'extension-page',
  'check-text': 'extension-page',
  'corpus-changed': 'extension-page',
  'corpus-status': 'any',
  'show-in-page': 'extension-page',
  'settings-changed': 'extension-page',
  'check-tab': 'extension-page',
} as const satisfies { readonly [K in keyof BackgroundMessages]: 'content' | 'extension-page' | 'any' };
