/**
 * The writer's working copy of the index, behind an asynchronous interface so that it can live in a
 * dedicated Worker (index-worker.ts) instead of on the page that imports.
 *
 * Why: analysing 100k articles and compacting and serialising their index is seconds of CPU. On the
 * options page's main thread that froze the page (measured at 100k: one 5.4 s task for the commit's
 * compaction and `writeCorpus`), and it ran one after the other with parsing and IndexedDB writes. With
 * the index in a worker the page parses the next batch and writes the last one while the worker analyses.
 *
 * `LocalIndexKeeper` (local-index-keeper.ts) is the same thing in the caller's own thread: used where no
 * worker can be started (Chrome's MV3 service worker cannot start one; tests), and inside the worker itself.
 *
 * Every method is called from the store's write queue, one at a time.
 */
import type { CorpusRecord } from '@wiretrace/engine';
import type { PackedText } from '../idb/text-codec';

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
