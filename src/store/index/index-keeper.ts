/**
 * The writer's working copy of the index, behind an asynchronous interface so that it can live in a
 * dedicated Worker (index-worker.ts) instead of on the page that imports.
 *
 * Why: analysing 100k articles and compacting and serialising their index is seconds of CPU. On the
 * options page's main thread that froze the page (measured at 100k: one 5.4 s task for the commit's
 * compaction and `writeCorpus`), and it ran one after the other with parsing and IndexedDB writes. With
 * the index in a worker the page parses the next batch and writes the last one while the worker analyses.
 *
 * `LocalIndexKeeper` is the same thing in the caller's own thread: used where no worker can be started
 * (Chrome's MV3 service worker cannot start one; tests), and inside the worker itself.
 *
 * Every method is called from the store's write queue, one at a time.
 */
import { analyze, MemoryCorpus, writeCorpus, type CorpusRecord } from '@wiretrace/engine';
import { loadIndex } from './index-snapshot';
import type { Db } from '../idb/schema';
import { packText, type PackedText } from '../idb/text-codec';
import { TimeSlicer } from './time-slicer';

/** What indexing a record gives the writer: its word count and its text as stored. */
export interface IndexedRecord extends PackedText {
  words: number;
}

/** The index file bytes of the working index (a Blob when made in the index worker) and how many records it holds. */
export interface IndexBytes {
  bytes: Uint8Array | Blob;
  count: number;
}

export interface IndexKeeper {
  /**
   * Makes the working index that of `generation` (kept if it already is; loaded from the snapshot, or
   * rebuilt from the records, otherwise). Returns the generation it describes: a newer one when another
   * context committed in between (the caller's commit then sees the difference and drops it).
   */
  ensure(generation: number): Promise<number>;
  /**
   * Analyses and indexes the records, and deflates their texts for storage. Returns, for each, its word
   * count and packed text, or null for an id the index already holds (a duplicate of a stored article:
   * not added).
   */
  add(records: readonly CorpusRecord[]): Promise<(IndexedRecord | null)[]>;
  /** Removes ids from the working index (unknown ids are ignored). */
  remove(ids: readonly string[]): Promise<void>;
  /** The working index as index-only corpus file bytes (compacting it first). */
  serialise(): Promise<IndexBytes>;
  /** The working index was committed as `generation`. */
  committed(generation: number): void;
  /** Starts an empty index at `generation` (after the corpus was cleared). */
  reset(generation: number): void;
  /** The working index can no longer be trusted (a write failed after changing it): reload next time. */
  drop(): void;
  /** Releases what the keeper holds (its worker). */
  close(): void;
}

/** The index held in this thread. */
export class LocalIndexKeeper implements IndexKeeper {
  private working: { corpus: MemoryCorpus; generation: number } | null = null;

  constructor(private readonly db: Db) {}

  async ensure(generation: number): Promise<number> {
    if (this.working && this.working.generation === generation) return generation;
    this.working = null;
    const loaded = await loadIndex(this.db, new TimeSlicer());
    this.working = { corpus: loaded.corpus, generation: loaded.generation };
    return loaded.generation;
  }

  async add(records: readonly CorpusRecord[]): Promise<(IndexedRecord | null)[]> {
    const corpus = this.corpus();
    // In a page's own thread (no worker) the batch must not freeze it.
    const slicer = new TimeSlicer();
    const out: (IndexedRecord | null)[] = [];
    for (const record of records) {
      if (corpus.index.has(record.id)) {
        out.push(null);
        continue;
      }
      const analysis = analyze(record.text);
      corpus.add(record, analysis);
      // The index keeps no texts: scans fetch candidates from IndexedDB.
      corpus.restoreRecord(corpus.index.ordinalOf(record.id)!, null);
      // Deflating is here rather than on the page: in a worker it is off the page's thread (it was a third
      // of the options page's CPU time in a 100k import, with much of its garbage collection).
      out.push({ words: analysis.tokens.length, ...packText(record.text) });
      await slicer.maybeYield();
    }
    return out;
  }

  async remove(ids: readonly string[]): Promise<void> {
    const corpus = this.corpus();
    for (const id of ids) corpus.remove(id);
  }

  async serialise(): Promise<IndexBytes> {
    const corpus = this.corpus();
    return { bytes: writeCorpus(corpus, { includeRecords: false }), count: corpus.size };
  }

  committed(generation: number): void {
    if (this.working) this.working.generation = generation;
  }

  reset(generation: number): void {
    this.working = { corpus: new MemoryCorpus(), generation };
  }

  drop(): void {
    this.working = null;
  }

  close(): void {
    this.working = null;
  }

  /** The generation the working index describes, or null when none is loaded (tests, the worker). */
  get generation(): number | null {
    return this.working?.generation ?? null;
  }

  private corpus(): MemoryCorpus {
    if (!this.working) throw new Error('the working index is not loaded (ensure() first)');
    return this.working.corpus;
  }
}
