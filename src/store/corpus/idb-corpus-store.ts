/**
 * The IndexedDB implementation of `CorpusStore` (contract and consistency rule in api.ts): reads in
 * corpus-reads.ts, the store's own writes in corpus-writes.ts, imports and restores in jobs/, the reading
 * history in history/. This class queues the writes of its context and hands each its context.
 */
import type { CorpusRecord, MemoryCorpus } from '@wiretrace/engine';
import type { BackupRecord, ImportSource } from '@wiretrace/engine/formats';
import type { CaptureLimits } from '../../shared/settings';
import type { CorpusStore, ImportResult, ListQuery, OriginStats, RecordOrigin, RecordSummary, RestoreMode, RestoreOptions, RunImportOptions, StoredRecord } from '../api';
import type { HistoryEntry } from '../history/history-entry';
import { clearHistory, listHistory, putHistory, restoreHistory } from '../history/history-store';
import { corpusRecordOf, fromRow } from '../idb/record-rows';
import { GENERATION_KEY, type Db } from '../idb/schema';
import type { IndexKeeper } from '../index/index-keeper';
import { LocalIndexKeeper } from '../index/local-index-keeper';
import { generationOf, loadIndex } from '../index/index-snapshot';
import { TimeSlicer } from '../index/time-slicer';
import type { ImportContext } from '../jobs/import-context';
import { runImport } from '../jobs/run-import';
import { runRestore } from '../jobs/run-restore';
import { capturedToEvict } from './capture-limits';
import { committedRows, countRecords, getRecords, listRecords, originEntries, originStatsOf, outletCounts } from './corpus-reads';
import { addRecords, clearRecords, deleteRecords } from './corpus-writes';

export class IdbCorpusStore implements CorpusStore {
  /** Writes of this context run one at a time (they share the keeper's working index). */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * `keeper` holds the writer's own copy of the index, kept between writes of this context and never
   * handed out: in this thread by default, in a Worker on extension pages (see index-keeper.ts).
   */
  constructor(
    private readonly db: Db,
    private readonly keeper: IndexKeeper = new LocalIndexKeeper(db),
  ) {}

  close(): void {
    this.keeper.close();
    this.db.close();
  }

  async generation(): Promise<number> {
    return generationOf(await this.db.get('meta', GENERATION_KEY));
  }

  count(): Promise<number> {
    return countRecords(this.db);
  }

  async getRecord(id: string): Promise<StoredRecord | undefined> {
    return (await this.getRecords([id]))[0];
  }

  getRecords(ids: readonly string[]): Promise<(StoredRecord | undefined)[]> {
    return getRecords(this.db, ids);
  }

  list(query: ListQuery = {}): Promise<{ total: number; records: RecordSummary[] }> {
    return listRecords(this.db, query);
  }

  outlets(): Promise<{ outlet: string; count: number }[]> {
    return outletCounts(this.db);
  }

  async *exportJsonl(): AsyncIterable<string> {
    for await (const rows of committedRows(this.db)) {
      if (rows.length > 0) yield rows.map((r) => `${JSON.stringify(corpusRecordOf(r))}\n`).join('');
    }
  }

  async *exportRecords(): AsyncIterable<StoredRecord[]> {
    for await (const rows of committedRows(this.db)) {
      if (rows.length > 0) yield rows.map(fromRow);
    }
  }

  restore(records: AsyncIterable<readonly BackupRecord[]>, opts: RestoreOptions): Promise<ImportResult> {
    return this.exclusive(() => runRestore(this.importContext(), records, opts));
  }

  async loadIndex(): Promise<{ corpus: MemoryCorpus; generation: number }> {
    // Each call gets its own corpus: callers keep it, and the writer's copy changes under imports.
    const { corpus, generation } = await loadIndex(this.db, new TimeSlicer());
    return { corpus, generation };
  }

  runImport(sources: ImportSource[], opts?: RunImportOptions): Promise<ImportResult> {
    return this.exclusive(() => runImport(this.importContext(), sources, opts));
  }

  addRecords(records: CorpusRecord[], origin: RecordOrigin = 'capture'): Promise<ImportResult> {
    return this.exclusive(() => addRecords(this.importContext(), records, origin));
  }

  deleteRecords(ids: readonly string[]): Promise<number> {
    return this.exclusive(() => deleteRecords(this.importContext(), ids));
  }

  clear(): Promise<void> {
    return this.exclusive(() => clearRecords(this.importContext()));
  }

  async originStats(): Promise<Record<RecordOrigin, OriginStats>> {
    const [imported, captured] = await Promise.all([originEntries(this.db, 'import'), originEntries(this.db, 'capture')]);
    return { import: originStatsOf(imported), capture: originStatsOf(captured) };
  }

  clearOrigin(origin: RecordOrigin): Promise<number> {
    return this.exclusive(async () => deleteRecords(this.importContext(), (await originEntries(this.db, origin)).map((e) => e.id)));
  }

  evictCaptured(limits: CaptureLimits, now: number = Date.now()): Promise<string[]> {
    return this.exclusive(async () => {
      const doomed = capturedToEvict(await originEntries(this.db, 'capture'), limits, now);
      if (doomed.length > 0) await deleteRecords(this.importContext(), doomed);
      return doomed;
    });
  }

  putHistory(entry: HistoryEntry, limit?: number): Promise<number> {
    return putHistory(this.db, entry, limit);
  }

  listHistory(): Promise<HistoryEntry[]> {
    return listHistory(this.db);
  }

  clearHistory(): Promise<number> {
    return clearHistory(this.db);
  }

  restoreHistory(entries: readonly HistoryEntry[], mode: RestoreMode): Promise<number> {
    return restoreHistory(this.db, entries, mode);
  }

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private importContext(): ImportContext {
    return { db: this.db, keeper: this.keeper, generation: () => this.generation(), count: () => this.count() };
  }
}
