/**
 * The reading history (issue 6, items 4–5): one small entry per page checked, kept in the `history` object
 * store (schema version 3) so that the options page can list the pages where reuse was found and report,
 * per outlet, how many of the articles read were recycled. Pages with no reuse are kept too: they are the
 * report's denominator. No article text is stored, only what the list and the report show.
 */

import { reuseLevel, type CorpusRecord, type ReuseLevel } from '@wiretrace/engine';

/**
 * Shape of an entry; bump when it changes (readers can then tell old entries from new ones). 2 added
 * `level`; version 1 entries are upgraded as they are read (`readHistoryEntry`), never rewritten or dropped.
 */
export const HISTORY_VERSION = 2;

/**
 * At most this many entries; past it the oldest (by `checkedAt`) are evicted on the next write. 10,000 is
 * more than a year of a keen reader's news (15 pages a day) at about 1 KB each (≈10 MB), small next to the
 * quota, and still read whole in well under a second by the options page's list and report.
 */
export const HISTORY_LIMIT = 10_000;

/** Sources kept per entry, largest first: the list shows them and the report counts them. */
export const HISTORY_TOP_SOURCES = 5;

/** A source as an entry keeps it: the corpus record's names (never its text) and how much of the page it covers. */
export interface HistorySource extends Pick<CorpusRecord, 'id' | 'title' | 'outlet' | 'url'> {
  /** Share of the page covered by this source, 0..1 (the match's coverage). */
  share: number;
}

export interface HistoryEntry {
  v: typeof HISTORY_VERSION;
  /**
   * The page's comparable canonical URL (`comparableUrl`: no scheme, "www.", fragment or tracking
   * parameters): a re-check or a reload updates the one entry instead of adding another.
   */
  key: string;
  /** The page's canonical URL (its own when it names none), as a link. */
  url: string;
  title: string | null;
  /** og:site_name, else the host without "www.". */
  outlet: string | null;
  /** ISO time of the latest check. */
  checkedAt: string;
  words: number;
  /** Distinct sources found (near-duplicate groups, as the badge counts them). */
  sourceCount: number;
  /** Share of the page found in any source (the scan's `facts.share`: the union of every source's spans), 0..1. */
  share: number;
  /** The scan's reuse level (`facts.level`): the badge's colour then, and "recycled" in the outlet report. */
  level: ReuseLevel;
  /** The HISTORY_TOP_SOURCES largest sources. */
  sources: HistorySource[];
}

/** An entry written before version 2: no `level`. */
export type HistoryEntryV1 = Omit<HistoryEntry, 'v' | 'level'> & { v: 1 };

/**
 * An entry as stored, of any version, in the current shape. A version 1 entry gets the level its stored
 * share and source count have under the engine's thresholds (`reuseLevel`), which is the level its scan
 * had: version 1 stored the same union share.
 */
export function readHistoryEntry(entry: HistoryEntry | HistoryEntryV1): HistoryEntry {
  if (entry.v === HISTORY_VERSION) return entry;
  return { ...entry, v: HISTORY_VERSION, level: reuseLevel(entry.share, entry.sourceCount) };
}

const LEVELS: ReadonlySet<unknown> = new Set<ReuseLevel>(['none', 'some', 'recycled', 'mostly']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isShare = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const textOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

function parseSource(v: unknown): HistorySource | null {
  if (!isObject(v) || typeof v.id !== 'string' || !isShare(v.share)) return null;
  if (!textOrNull(v.title) || !textOrNull(v.outlet) || !textOrNull(v.url)) return null;
  return { id: v.id, title: v.title, outlet: v.outlet, url: v.url, share: v.share };
}

/**
 * An entry read from outside (a backup), checked field by field, in the current shape (a version 1 entry, from
 * a backup made before `level`, upgraded as `readHistoryEntry` does); null when it is not a version 1 or 2
 * entry. Only the fields of `HistoryEntry` are kept.
 */
export function parseHistoryEntry(v: unknown): HistoryEntry | null {
  if (!isObject(v) || (v.v !== 1 && v.v !== HISTORY_VERSION) || typeof v.key !== 'string' || v.key === '' || typeof v.url !== 'string') return null;
  if (!textOrNull(v.title) || !textOrNull(v.outlet) || typeof v.checkedAt !== 'string' || Number.isNaN(Date.parse(v.checkedAt))) return null;
  if (!isCount(v.words) || !isCount(v.sourceCount) || !isShare(v.share) || !Array.isArray(v.sources)) return null;
  if (v.v === HISTORY_VERSION && !LEVELS.has(v.level)) return null;
  const sources = v.sources.map(parseSource);
  if (sources.some((s) => s === null)) return null;
  const fields = {
    key: v.key, url: v.url, title: v.title, outlet: v.outlet, checkedAt: v.checkedAt,
    words: v.words, sourceCount: v.sourceCount, share: v.share, sources: sources as HistorySource[],
  };
  return v.v === HISTORY_VERSION ? { v: HISTORY_VERSION, ...fields, level: v.level as ReuseLevel } : readHistoryEntry({ v: 1, ...fields });
}
