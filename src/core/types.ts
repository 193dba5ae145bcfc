/**
 * Shared types of the WireTrace engine. Everything in `src/core` is pure: it runs in Node, workers, the
 * extension's background and the CLI, and never touches the DOM or `chrome.*`.
 */

/** One article of the corpus, as importers produce it and the index stores it. */
export interface CorpusRecord {
  /** The record's own id, or `path[:line]` when the file gave none. Unique within a corpus. */
  id: string;
  title: string | null;
  outlet: string | null;
  url: string | null;
  /** ISO 8601 date or date-time, or null when unknown. */
  published: string | null;
  /** Plain article text. Offsets in results (`sourceStart`, `sourceEnd`) index into this string. */
  text: string;
  /** The author line, when known (captured pages keep the page's byline). */
  byline?: string | null;
}

/** A record's metadata with every field present (`byline` null when unknown): backups and the team server's rows. */
export type RecordFields = Required<Omit<CorpusRecord, 'text'>>;

/** Where a source span came from and how it relates to the page. */
export type SpanKind = 'verbatim' | 'reworded';

export interface MatchSpan {
  /** UTF-16 offsets into the page text, [start, end). */
  start: number;
  end: number;
  /** UTF-16 offsets into the source record's text, [sourceStart, sourceEnd). */
  sourceStart: number;
  sourceEnd: number;
  kind: SpanKind;
  /** True when the page passage lies inside quotation marks. */
  quote: boolean;
  /** Ids of other sources that hold the same passage (not attributed to them). */
  others: string[];
}

export interface MatchSource {
  id: string;
  title: string | null;
  outlet: string | null;
  url: string | null;
  published: string | null;
  /** Set when the source is a page the reader read (captured by the extension): ISO time it was read. */
  seenAt?: string;
}

export interface Match {
  source: MatchSource;
  /** sharedWords / page word count, 0..1. */
  coverage: number;
  /** Page words covered by this source's spans. */
  sharedWords: number;
  spans: MatchSpan[];
  /** Id of the near-duplicate group this source belongs to (the group's representative source id). */
  group: string;
}

/** How a passage is shown: verbatim, inside quotation marks (verbatim), or reworded (quoted or not). */
export type PassageKind = 'verbatim' | 'quote' | 'reworded';

/**
 * How much of the page is someone else's text (facts.ts): `none` (no source), `some` (under
 * RECYCLED_SHARE), `recycled` (from RECYCLED_SHARE), `mostly` (from MOSTLY_SHARE). The badge's colour and
 * the reading history's "recycled" are this level.
 */
export type ReuseLevel = 'none' | 'some' | 'recycled' | 'mostly';

/** One source's facts, in the order of `matches` (same index). */
export interface SourceFacts {
  /** The match's source id. */
  id: string;
  /** The share of the page this source covers, 0..1 (the match's `coverage`). */
  coverage: number;
  /** Display kinds among its spans, in the order verbatim, quote, reworded. */
  kinds: PassageKind[];
  /** How many of its spans are of each display kind. */
  passages: Record<PassageKind, number>;
}

/** What a scan says about the page as a whole, computed once by the engine (facts.ts). */
export interface PageFacts {
  /** Page words covered by any source (the union of every match's spans). */
  reusedWords: number;
  /** reusedWords ÷ the page's words, 0..1: the reused share. */
  share: number;
  level: ReuseLevel;
  /** Display kinds present on the page, in the order verbatim, quote, reworded. */
  kinds: PassageKind[];
  sources: SourceFacts[];
}

export interface ScanResult {
  /** Page word count (tokens). */
  words: number;
  matches: Match[];
  /** Number of distinct near-duplicate groups among the matches: what the badge counts. */
  sourceCount: number;
  facts: PageFacts;
}

/**
 * One page's result in the CLI's JSON shape (`wiretrace scan --json`, one line per page). The extension's
 * test hook answers with the same shape (plus what it highlighted).
 */
export interface PageReport {
  /** The page's name: a file path in the CLI, the tab's URL in the extension. */
  page: string;
  title: string | null;
  published: string | null;
  url: string | null;
  text: string;
  words: number;
  sourceCount: number;
  matches: Match[];
  /** The scan's page facts (share, level, kinds, per source): every view reads them from here. */
  facts: PageFacts;
}
