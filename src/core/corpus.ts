/**
 * An in-memory corpus: records plus their index, and the scan entry point used by the CLI, the tests and
 * (with its records held in IndexedDB instead) the extension.
 */
import { analyze, analyzeText, sentencePassageKeys, type Analysis, type TextAnalysis } from './analysis';
import { boilerplateMask } from './align';
import type { ChunkedRecords } from './chunked-records';
import { CorpusIndex } from './corpus-index';
import { matchSources, parseDate, type MatchOptions, type SourceDoc } from './match';
import type { CorpusRecord, ScanResult } from './types';

export interface ScanOptions extends MatchOptions {
  /** Source ids to leave out (for example the page itself). */
  excludeIds?: Iterable<string>;
  /**
   * Leave out sources whose url equals this one (an article never matches itself; see `comparableUrl`).
   * An array names several (a page's own URL and its canonical URL).
   */
  excludeUrl?: string | null | readonly (string | null)[];
}

/** Analyses of recently matched sources kept in memory, so that re-checks do not re-tokenise them. */
const ANALYSIS_CACHE_SIZE = 256;

export class MemoryCorpus {
  readonly index = new CorpusIndex();
  /** A record, null when removed, or the index of a record in the lazily inflated store. */
  private records: Array<CorpusRecord | null | number> = [];
  private cache = new Map<number, TextAnalysis>();

  get size(): number {
    return this.index.size;
  }

  /** Adds a record; returns false (and changes nothing) when its id is already present. */
  add(record: CorpusRecord, analysis: Analysis = analyze(record.text)): boolean {
    if (this.index.has(record.id)) return false;
    const ord = this.index.add(record.id, parseDate(record.published), analysis);
    this.records[ord] = record;
    return true;
  }

  constructor(private readonly stored?: ChunkedRecords) {}

  /**
   * Restores a record when loading a serialised corpus (the index is loaded separately): the record, or
   * its index in the stored chunks given to the constructor.
   */
  restoreRecord(ord: number, record: CorpusRecord | number | null): void {
    this.records[ord] = record;
  }

  remove(id: string): boolean {
    const ord = this.index.ordinalOf(id);
    if (ord === undefined) return false;
    this.index.remove(id);
    this.records[ord] = null;
    this.cache.delete(ord);
    return true;
  }

  get(id: string): CorpusRecord | undefined {
    const ord = this.index.ordinalOf(id);
    return ord === undefined ? undefined : (this.record(ord) ?? undefined);
  }

  record(ord: number): CorpusRecord | null {
    const r = this.records[ord];
    if (typeof r === 'number') return this.stored!.get(r);
    return r ?? null;
  }

  *all(): IterableIterator<CorpusRecord> {
    for (let ord = 0; ord < this.records.length; ord++) {
      const r = this.record(ord);
      if (r) yield r;
    }
  }

  private analysisOf(ord: number, record: CorpusRecord): TextAnalysis {
    let a = this.cache.get(ord);
    if (a) {
      this.cache.delete(ord);
    } else {
      a = analyzeText(record.text);
      if (this.cache.size >= ANALYSIS_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as number);
    }
    this.cache.set(ord, a);
    return a;
  }

  /** Scan a page's text (or an analysis of it) against the corpus. */
  scan(page: string | Analysis, opts: ScanOptions = {}): ScanResult {
    const analysis = typeof page === 'string' ? analyze(page) : page;
    const sources: SourceDoc[] = [];
    for (const ord of scanCandidates(this.index, analysis)) {
      const record = this.record(ord);
      if (record) sources.push({ record, analysis: this.analysisOf(ord, record) });
    }
    return finishScan(this.index, analysis, sources, opts);
  }
}

/**
 * The first half of a scan: the ordinals of the candidate sources, best first. Callers whose records live
 * elsewhere (the extension keeps them in IndexedDB) fetch those records, then call `finishScan`.
 */
export function scanCandidates(index: CorpusIndex, analysis: Analysis): number[] {
  return index.candidates(analysis).map((c) => c.ord);
}

/** What the second half of a scan asks of the index: which of the page's keys are boilerplate in the corpus. */
export type BoilerplateTest = Pick<CorpusIndex, 'isBoilerplate' | 'isBoilerplatePassage'>;

/**
 * The second half of a scan: align the page with the fetched candidate records and attribute the spans.
 * Sources excluded by `opts.excludeIds` / `opts.excludeUrl` are dropped here.
 */
export function finishScan(index: BoilerplateTest, analysis: Analysis, candidates: SourceDoc[], opts: ScanOptions = {}): ScanResult {
  const exclude = new Set(opts.excludeIds ?? []);
  const urls = new Set(
    (Array.isArray(opts.excludeUrl) ? opts.excludeUrl : [opts.excludeUrl]).filter((u): u is string => typeof u === 'string' && u !== '').map(comparableUrl),
  );
  const sources = candidates.filter(({ record }) => !exclude.has(record.id) && !(urls.size > 0 && record.url && urls.has(comparableUrl(record.url))));
  const boilerplate = boilerplateMask(analysis, (fp) => index.isBoilerplate(fp));
  // A sentence whose passage keys are all boilerplate ("Sign up for our newsletter…") is no evidence of
  // rewording either, whichever candidate it is compared with.
  const boilerplateSentences = Uint8Array.from(analysis.sentences, (s) => {
    const keys = sentencePassageKeys(s);
    return keys.length > 0 && keys.every((k) => index.isBoilerplatePassage(k)) ? 1 : 0;
  });
  return matchSources(analysis, sources, { ...opts, boilerplate, boilerplateSentences });
}

/**
 * Query parameters that only say how the reader got to an article (campaign and click ids): two URLs that
 * differ only in them name the same article.
 */
const TRACKING_PARAM = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|igshid)$/i;

/**
 * A URL in the form two addresses of one article share: no scheme, no leading "www.", no fragment, no
 * tracking parameters, no trailing slash, lower case.
 */
export function comparableUrl(u: string): string {
  let s = u.trim().replace(/#.*$/, '');
  const q = s.indexOf('?');
  if (q >= 0) {
    const kept = s
      .slice(q + 1)
      .split('&')
      .filter((pair) => pair !== '' && !TRACKING_PARAM.test(pair.split('=')[0]));
    s = s.slice(0, q) + (kept.length > 0 ? `?${kept.join('&')}` : '');
  }
  return s
    .replace(/^https?:\/\/(www\.)?/i, '')
    .replace(/\/+(\?|$)/, '$1')
    .toLowerCase();
}

/** URLs equal up to scheme, a trailing slash, the fragment, tracking parameters and a leading "www.". */
export function sameUrl(a: string, b: string): boolean {
  return comparableUrl(a) === comparableUrl(b);
}
