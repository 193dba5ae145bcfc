/**
 * Shape checks for message payloads. Content scripts speak for web pages, which may be hostile or just
 * broken: every field is checked and bounded before use, whatever the TypeScript types say.
 */
import { PASSAGE_KINDS, reuseLevel, type Match, type PageFacts, type ReuseLevel, type ScanResult } from '@wiretrace/engine';
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

/** At most this many sources in a restored result (the engine reports far fewer). */
const MAX_REPORT_MATCHES = 1_000;

const LEVELS: ReadonlySet<string> = new Set<ReuseLevel>(['none', 'some', 'recycled', 'mostly']);
const isShare = (x: unknown): x is number => typeof x === 'number' && x >= 0 && x <= 1;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/**
 * The page facts of a restored result: their shape, and their agreement with the result's own matches (one
 * source's facts per match, same id) and with the engine's thresholds (the level of the share and source
 * count), so that a restored page gets no badge its own result does not back.
 */
function factsFit(x: unknown, matches: readonly Match[], sourceCount: number): boolean {
  if (!isRecord(x) || !isCount(x.reusedWords) || !isShare(x.share) || typeof x.level !== 'string' || !LEVELS.has(x.level)) return false;
  if (x.level !== reuseLevel(x.share, sourceCount)) return false;
  if (!Array.isArray(x.kinds) || !x.kinds.every((k) => (PASSAGE_KINDS as readonly unknown[]).includes(k))) return false;
  if (!Array.isArray(x.sources) || x.sources.length !== matches.length) return false;
  return x.sources.every((f: unknown, i) => {
    if (!isRecord(f) || f.id !== matches[i].source.id || !isShare(f.coverage) || !Array.isArray(f.kinds) || !isRecord(f.passages)) return false;
    const passages = f.passages;
    return PASSAGE_KINDS.every((k) => isCount(passages[k]));
  });
}

/**
 * A scan result sent back by the content script (`page-restored`) for a text of `textLength` characters:
 * shape-checked, bounded, every span inside the text, the facts consistent with the matches. Null when any
 * of it fails.
 */
export function parseScanResult(x: unknown, textLength: number): ScanResult | null {
  if (!isRecord(x) || !isCount(x.words) || !isCount(x.sourceCount) || !Array.isArray(x.matches)) return null;
  if (x.matches.length > MAX_REPORT_MATCHES) return null;
  for (const m of x.matches as unknown[]) {
    if (!isRecord(m) || !isRecord(m.source) || typeof m.source.id !== 'string' || !Array.isArray(m.spans)) return null;
    if (typeof m.coverage !== 'number' || typeof m.sharedWords !== 'number') return null;
    for (const s of m.spans as unknown[]) {
      if (!isRecord(s) || typeof s.start !== 'number' || typeof s.end !== 'number') return null;
      if (!(s.start >= 0 && s.start < s.end && s.end <= textLength)) return null;
    }
  }
  const matches = x.matches as Match[];
  if (!factsFit(x.facts, matches, x.sourceCount)) return null;
  return { words: x.words, sourceCount: x.sourceCount, matches, facts: x.facts as PageFacts };
}

export { isRecord };
