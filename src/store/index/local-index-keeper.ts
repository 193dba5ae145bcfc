/**
 * The writer's working index in the caller's own thread (the `IndexKeeper` contract and why it may live in
 * a worker: index-keeper.ts). Used where no worker can be started, and inside the index worker itself.
 */
import { analyze, MemoryCorpus, writeCorpus, type CorpusRecord } from '@wiretrace/engine';
import type { Db } from '../idb/schema';
import { packText } from '../idb/text-codec';
import type { IndexBytes, IndexedRecord, IndexKeeper } from './index-keeper';
import { loadIndex } from './index-snapshot';
import { TimeSlicer } from './time-slicer';

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
