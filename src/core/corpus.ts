/**
 * An in-memory corpus: records plus their index, and the scan entry point used by the CLI, the tests and
 * (with its records held in IndexedDB instead) the extension.
 */
import { analyze, sentencePassageKeys, type Analysis } from './analysis';
import { boilerplateMask } from './align';
import { CorpusIndex } from './corpus-index';
import { matchSources, parseDate, type MatchOptions } from './match';
import type { CorpusRecord, ScanResult } from './types';

export interface ScanOptions extends MatchOptions {
  /** Source ids to leave out (for example the page itself). */
  excludeIds?: Iterable<string>;
  /** Leave out sources whose url equals this one (an article never matches itself). */
  excludeUrl?: string | null;
}

/** Analyses of recently matched sources kept in memory, so that re-checks do not re-tokenise them. */
const ANALYSIS_CACHE_SIZE = 256;

export class MemoryCorpus {
  readonly index = new CorpusIndex();
  private records: Array<CorpusRecord | null> = [];
  private cache = new Map<number, Analysis>();

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

  /** Restores a record at the next ordinal when loading a serialised corpus (the index is loaded separately). */
  restoreRecord(ord: number, record: CorpusRecord | null): void {
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
    return ord === undefined ? undefined : (this.records[ord] ?? undefined);
  }

  record(ord: number): CorpusRecord | null {
    return this.records[ord] ?? null;
  }

  *all(): IterableIterator<CorpusRecord> {
    for (const r of this.records) if (r) yield r;
  }

  private analysisOf(ord: number, record: CorpusRecord): Analysis {
    let a = this.cache.get(ord);
    if (a) {
      this.cache.delete(ord);
    } else {
      a = analyze(record.text);
      if (this.cache.size >= ANALYSIS_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as number);
    }
    this.cache.set(ord, a);
    return a;
  }

  /** Scan a page's text (or an analysis of it) against the corpus. */
  scan(page: string | Analysis, opts: ScanOptions = {}): ScanResult {
    const analysis = typeof page === 'string' ? analyze(page) : page;
    const exclude = new Set(opts.excludeIds ?? []);
    const sources = [];
    for (const c of this.index.candidates(analysis)) {
      const record = this.records[c.ord];
      if (!record || exclude.has(record.id)) continue;
      if (opts.excludeUrl && record.url && sameUrl(record.url, opts.excludeUrl)) continue;
      sources.push({ record, analysis: this.analysisOf(c.ord, record) });
    }
    const boilerplate = boilerplateMask(analysis, (fp) => this.index.isBoilerplate(fp));
    // A sentence whose passage keys are all boilerplate ("Sign up for our newsletter…") is no evidence of
    // rewording either, whichever candidate it is compared with.
    const boilerplateSentences = Uint8Array.from(analysis.sentences, (s) => {
      const keys = sentencePassageKeys(s);
      return keys.length > 0 && keys.every((k) => this.index.isBoilerplatePassage(k)) ? 1 : 0;
    });
    return matchSources(analysis, sources, { ...opts, boilerplate, boilerplateSentences });
  }
}

/** URLs equal up to scheme, a trailing slash, the fragment and a leading "www.". */
export function sameUrl(a: string, b: string): boolean {
  const norm = (u: string): string =>
    u
      .trim()
      .replace(/#.*$/, '')
      .replace(/^https?:\/\/(www\.)?/i, '')
      .replace(/\/+$/, '')
      .toLowerCase();
  return norm(a) === norm(b);
}
