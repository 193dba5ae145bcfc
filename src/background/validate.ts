/**
 * Shape checks for message payloads. Content scripts speak for web pages, which may be hostile or just
 * broken: every field is checked and bounded before use, whatever the TypeScript types say.
 */
import type { PageReport } from '@wiretrace/engine';
import type { PageInfo } from '../shared/messages';

/**
 * Longest text checked, in UTF-16 code units. The longest real articles are around 100k characters; a
 * page sending ten times that is not an article, and scanning it would hold the worker for seconds.
 */
export const MAX_TEXT_CHARS = 1_000_000;
/** Metadata fields are cut to this length (a title, an outlet, a URL). */
export const MAX_FIELD_CHARS = 4_096;
/** `report-highlights`: at most this many strings (one per drawn passage)… */
const MAX_HIGHLIGHTS = 2_000;
/** …of at most this many characters each. */
const MAX_HIGHLIGHT_CHARS = 20_000;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function field(x: unknown): string | null {
  return typeof x === 'string' && x.length > 0 ? x.slice(0, MAX_FIELD_CHARS) : null;
}

export function parsePageInfo(x: unknown): PageInfo | null {
  if (!isRecord(x) || typeof x.url !== 'string' || x.url.length === 0) return null;
  return {
    url: x.url.slice(0, MAX_FIELD_CHARS),
    canonicalUrl: field(x.canonicalUrl),
    title: field(x.title),
    outlet: field(x.outlet),
    byline: field(x.byline),
    published: field(x.published),
    lang: field(x.lang),
  };
}

/** The text, or null when it is not a string. Length is checked by the caller (too-large is a status). */
export function parseText(x: unknown): string | null {
  return typeof x === 'string' ? x : null;
}

export function parseHighlights(x: unknown): string[] | null {
  if (!Array.isArray(x)) return null;
  return x
    .filter((s): s is string => typeof s === 'string')
    .slice(0, MAX_HIGHLIGHTS)
    .map((s) => s.slice(0, MAX_HIGHLIGHT_CHARS));
}

export function parseTabId(x: unknown): number | null {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : null;
}

export function parseUrl(x: unknown): string | null {
  return typeof x === 'string' && x.length > 0 ? x.slice(0, MAX_FIELD_CHARS) : null;
}

/** At most this many sources in a restored report (the engine reports far fewer). */
const MAX_REPORT_MATCHES = 1_000;

/** A PageReport sent back by the content script (`page-restored`): shape-checked, bounded. */
export function parseReport(x: unknown): PageReport | null {
  if (!isRecord(x) || typeof x.text !== 'string' || x.text.length > MAX_TEXT_CHARS) return null;
  if (typeof x.words !== 'number' || typeof x.sourceCount !== 'number' || !Array.isArray(x.matches)) return null;
  if (x.matches.length > MAX_REPORT_MATCHES) return null;
  const textLength = x.text.length;
  for (const m of x.matches as unknown[]) {
    if (!isRecord(m) || !isRecord(m.source) || typeof m.source.id !== 'string' || !Array.isArray(m.spans)) return null;
    if (typeof m.coverage !== 'number' || typeof m.sharedWords !== 'number') return null;
    for (const s of m.spans as unknown[]) {
      if (!isRecord(s) || typeof s.start !== 'number' || typeof s.end !== 'number') return null;
      if (!(s.start >= 0 && s.start < s.end && s.end <= textLength)) return null;
    }
  }
  return {
    page: typeof x.page === 'string' ? x.page.slice(0, MAX_FIELD_CHARS) : '',
    title: field(x.title),
    published: field(x.published),
    url: field(x.url),
    text: x.text,
    words: x.words,
    sourceCount: x.sourceCount,
    matches: x.matches as PageReport['matches'],
  };
}

export { isRecord };
