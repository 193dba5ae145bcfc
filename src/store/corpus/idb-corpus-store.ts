/** The IndexedDB implementation of `CorpusStore` (contract and consistency rule in api.ts). */
import { MemoryCorpus, type CorpusRecord } from '@wiretrace/engine';
import { Deduper, type ImportSource, type BackupRecord } from '@wiretrace/engine/formats';
import type { CaptureLimits } from '../../shared/settings';
import type { CorpusStore, ImportResult, ListQuery, OriginStats, RecordOrigin, RecordSummary, RestoreMode, RestoreOptions, RunImportOptions, StoredRecord } from '../api';
import { capturedToEvict, type CapturedEntry } from './capture-limits';
import type { HistoryEntry } from '../history/history-entry';
import { clearHistory, listHistory, putHistory, restoreHistory } from '../history/history-store';
import { committedCount, newImportId, newJob, uncommittedImportIds } from '../jobs/import-jobs';
import { LocalIndexKeeper, type IndexKeeper } from '../index/index-keeper';
import { generationOf, indexSnapshotRow, loadIndex, snapshotRow } from '../index/index-snapshot';
import { compareSummaries, DEFAULT_LIST_LIMIT, rowFilter } from './list-query';
import { corpusRecordOf, fromRow, outletKey, summaryOf, toRow } from '../idb/record-rows';
import { failureMessage, runImport, type ImportContext } from '../jobs/run-import';
import { runRestore } from '../jobs/run-restore';
import { GENERATION_KEY, SNAPSHOT_KEY, type Db, type RecordRow } from '../idb/schema';
import { TimeSlicer } from '../index/time-slicer';
import { abandon, observedDone, Requests } from '../idb/tx-requests';

/** Records per exported chunk (and per read transaction): a few MB of JSON at most. */
const EXPORT_BATCH = 500;

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

  async count(): Promise<number> {
    const tx = this.db.transaction(['records', 'imports'], 'readonly');
    const [n] = await Promise.all([committedCount(tx), tx.done]);
    return n;
  }

  async getRecord(id: string): Promise<StoredRecord | undefined> {
    return (await this.getRecords([id]))[0];
  }

  async getRecords(ids: readonly string[]): Promise<(StoredRecord | undefined)[]> {
    const tx = this.db.transaction(['records', 'imports'], 'readonly');
    const records = tx.objectStore('records');
    const [pending, rows] = await Promise.all([uncommittedImportIds(tx), Promise.all(ids.map((id) => records.get(id))), tx.done]);
    return rows.map((row) => (row && !(row.importId !== null && pending.has(row.importId)) ? fromRow(row) : undefined));
  }

  async list(query: ListQuery = {}): Promise<{ total: number; records: RecordSummary[] }> {
    const keep = rowFilter(query);
    const found: RecordSummary[] = [];
    // An empty outlet means "any outlet", as in rowFilter.
    const key = outletKey(query.outlet);
    const tx = this.db.transaction(['records', 'imports'], 'readonly');
    const pending = await uncommittedImportIds(tx);
    const store = tx.objectStore('records');
    // The outlet filter reads only that outlet's rows through its index; everything else is a scan.
    let cursor = key === null ? await store.openCursor() : await store.index('outlet').openCursor(key);
    while (cursor) {
      const row = cursor.value;
      if (!(row.importId !== null && pending.has(row.importId)) && keep(row)) found.push(summaryOf(row));
      cursor = await cursor.continue();
    }
    await tx.done;
    found.sort(compareSummaries(query.sort ?? 'published-desc'));
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_LIST_LIMIT));
    return { total: found.length, records: found.slice(offset, offset + limit) };
  }

  async outlets(): Promise<{ outlet: string; count: number }[]> {
    const tx = this.db.transaction(['records', 'imports'], 'readonly');
    const index = tx.objectStore('records').index('outlet');
    const counts = new Map<string, number>();
    // Keys only: counting needs no texts.
    let cursor = await index.openKeyCursor();
    while (cursor) {
      counts.set(cursor.key, (counts.get(cursor.key) ?? 0) + 1);
      cursor = await cursor.continue();
    }
    // Uncommitted rows (an import running elsewhere) do not count.
    for (const id of await uncommittedImportIds(tx)) {
      for (const row of await tx.objectStore('records').index('importId').getAll(id)) {
        if (row.outletKey !== undefined) counts.set(row.outletKey, (counts.get(row.outletKey) ?? 0) - 1);
      }
    }
    const keys = [...counts].filter(([, n]) => n > 0);
    // Show the outlet as spelled in one of its records.
    const names = await Promise.all(keys.map(([k]) => index.get(k)));
    await tx.done;
    return keys
      .map(([k, count], i) => ({ outlet: names[i]?.outlet?.trim() || k, count }))
      .sort((a, b) => b.count - a.count || a.outlet.localeCompare(b.outlet));
  }

  async *exportJsonl(): AsyncIterable<string> {
    for await (const rows of this.committedRows()) {
      if (rows.length > 0) yield rows.map((r) => `${JSON.stringify(corpusRecordOf(r))}\n`).join('');
    }
  }

  async *exportRecords(): AsyncIterable<StoredRecord[]> {
    for await (const rows of this.committedRows()) {
      if (rows.length > 0) yield rows.map(fromRow);
    }
  }

  restore(records: AsyncIterable<readonly BackupRecord[]>, opts: RestoreOptions): Promise<ImportResult> {
    return this.exclusive(() => runRestore(this.importContext(), records, opts));
  }

  /** The committed rows in id order, EXPORT_BATCH per read transaction (so no transaction waits on the consumer). */
  private async *committedRows(): AsyncIterable<RecordRow[]> {
    let after: string | null = null;
    for (;;) {
      const tx = this.db.transaction(['records', 'imports'], 'readonly');
      const range: IDBKeyRange | undefined = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
      const [pending, rows]: [Set<string>, RecordRow[], void] = await Promise.all([
        uncommittedImportIds(tx),
        tx.objectStore('records').getAll(range, EXPORT_BATCH),
        tx.done,
      ]);
      yield rows.filter((r) => !(r.importId !== null && pending.has(r.importId)));
      if (rows.length < EXPORT_BATCH) return;
      after = rows[rows.length - 1].id;
    }
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
    return this.exclusive(() => this.addAll(records, origin));
  }

  deleteRecords(ids: readonly string[]): Promise<number> {
    return this.exclusive(() => this.deleteAll(ids));
  }

  clear(): Promise<void> {
    return this.exclusive(() => this.clearAll());
  }

  async originStats(): Promise<Record<RecordOrigin, OriginStats>> {
    const [imported, captured] = await Promise.all([this.originEntries('import'), this.originEntries('capture')]);
    const stats = (entries: CapturedEntry[]): OriginStats => ({
      articles: entries.length,
      textBytes: entries.reduce((sum, e) => sum + e.textBytes, 0),
      oldest: entries.reduce<string | null>((min, e) => (min === null || e.addedAt < min ? e.addedAt : min), null),
    });
    return { import: stats(imported), capture: stats(captured) };
  }

  clearOrigin(origin: RecordOrigin): Promise<number> {
    return this.exclusive(async () => this.deleteAll((await this.originEntries(origin)).map((e) => e.id)));
  }

  evictCaptured(limits: CaptureLimits, now: number = Date.now()): Promise<string[]> {
    return this.exclusive(async () => {
      const doomed = capturedToEvict(await this.originEntries('capture'), limits, now);
      if (doomed.length > 0) await this.deleteAll(doomed);
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

  /** The committed rows of one set, without their texts (through the `origin` index, one cursor). */
  private async originEntries(origin: RecordOrigin): Promise<CapturedEntry[]> {
    const tx = this.db.transaction(['records', 'imports'], 'readonly');
    const pending = await uncommittedImportIds(tx);
    const out: CapturedEntry[] = [];
    let cursor = await tx.objectStore('records').index('origin').openCursor(origin);
    while (cursor) {
      const row = cursor.value;
      if (!(row.importId !== null && pending.has(row.importId))) {
        // Version-1 rows hold the text itself; its UTF-16 length is close enough for the limits.
        out.push({ id: row.id, addedAt: row.addedAt, textBytes: row.textBytes ?? row.text?.length ?? 0 });
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return out;
  }

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private importContext(): ImportContext {
    return { db: this.db, keeper: this.keeper, generation: () => this.generation(), count: () => this.count() };
  }

  /** Direct additions: one transaction for records, snapshot, generation (and the job when origin is import). */
  private async addAll(records: CorpusRecord[], origin: RecordOrigin): Promise<ImportResult> {
    const t0 = Date.now();
    let duplicates = 0;
    const result = async (status: ImportResult['status'], imported: number, error?: string): Promise<ImportResult> => ({
      status,
      imported,
      duplicates,
      renamed: 0,
      skipped: 0,
      issues: [],
      notes: [],
      total: await this.count().catch(() => 0),
      ...(error ? { error } : {}),
      seconds: (Date.now() - t0) / 1000,
    });
    // Captured pages have no import; anything else gets a job record, like a file import.
    const importId = origin === 'capture' ? null : newImportId();
    const addedAt = new Date().toISOString();
    const deduper = new Deduper();
    const fresh = records.filter((record) => deduper.accept(record) === 'new');
    duplicates = records.length - fresh.length;
    const rows: RecordRow[] = [];
    let workGeneration: number;
    let snapshot;
    try {
      workGeneration = await this.keeper.ensure(await this.generation());
      const indexed = await this.keeper.add(fresh);
      fresh.forEach((record, i) => {
        const done = indexed[i];
        if (!done) duplicates++;
        else rows.push(toRow(record, done.words, origin, importId, addedAt, done));
      });
      if (rows.length === 0) return result('done', 0);
      snapshot = indexSnapshotRow(await this.keeper.serialise(), workGeneration + 1);
    } catch (e) {
      this.keeper.drop();
      return result('failed', 0, failureMessage(e));
    }
    const tx = this.db.transaction(['records', 'meta', 'imports'], 'readwrite');
    const done = observedDone(tx);
    try {
      const meta = tx.objectStore('meta');
      const current = generationOf(await meta.get(GENERATION_KEY));
      const generation = current + 1;
      const store = tx.objectStore('records');
      const writes = new Requests();
      for (const row of rows) writes.add(store.add(row));
      writes.add(meta.put({ key: GENERATION_KEY, value: generation }));
      if (current === workGeneration) writes.add(meta.put({ ...snapshot, generation }));
      else writes.add(meta.delete(SNAPSHOT_KEY));
      if (importId !== null) {
        const now = Date.now();
        const job = { ...newJob(importId, origin, now), state: 'done' as const, finishedAt: now, imported: rows.length, duplicates };
        writes.add(tx.objectStore('imports').put(job));
      }
      await writes.all();
      await done;
      if (current === workGeneration) this.keeper.committed(generation);
      else this.keeper.drop();
      return result('done', rows.length);
    } catch (e) {
      const cause = await abandon(tx, done, e);
      this.keeper.drop();
      return result('failed', 0, failureMessage(cause));
    }
  }

  /**
   * Deletes in two steps, because the keeper (perhaps a worker) cannot answer inside a transaction: find
   * the committed rows and the generation, have the keeper drop them and serialise, then delete and write
   * the snapshot in one transaction that first checks that nothing was committed in between (if something
   * was, the snapshot is deleted instead and the next load rebuilds it).
   */
  private async deleteAll(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rtx = this.db.transaction(['records', 'meta', 'imports'], 'readonly');
    const [pending, found, genRow] = await Promise.all([
      uncommittedImportIds(rtx),
      Promise.all(ids.map((id) => rtx.objectStore('records').get(id))),
      rtx.objectStore('meta').get(GENERATION_KEY),
      rtx.done,
    ]);
    const doomed = [...new Set(found.filter((r): r is RecordRow => !!r && !(r.importId !== null && pending.has(r.importId))).map((r) => r.id))];
    if (doomed.length === 0) return 0;
    const seen = generationOf(genRow);
    let snapshot = null;
    try {
      const workGeneration = await this.keeper.ensure(seen);
      if (workGeneration === seen) {
        await this.keeper.remove(doomed);
        snapshot = indexSnapshotRow(await this.keeper.serialise(), seen + 1);
      }
    } catch (e) {
      this.keeper.drop();
      throw e;
    }
    const tx = this.db.transaction(['records', 'meta', 'imports'], 'readwrite');
    const done = observedDone(tx);
    try {
      const store = tx.objectStore('records');
      const meta = tx.objectStore('meta');
      const [stillPending, rows, nowRow] = await Promise.all([
        uncommittedImportIds(tx),
        Promise.all(doomed.map((id) => store.get(id))),
        meta.get(GENERATION_KEY),
      ]);
      const current = generationOf(nowRow);
      const gone = rows.filter((r): r is RecordRow => !!r && !(r.importId !== null && stillPending.has(r.importId))).map((r) => r.id);
      const generation = current + 1;
      const writes = new Requests();
      for (const id of gone) writes.add(store.delete(id));
      writes.add(meta.put({ key: GENERATION_KEY, value: generation }));
      // The snapshot describes exactly `seen` minus `doomed`: only valid if nothing else changed.
      const valid = snapshot !== null && current === seen && gone.length === doomed.length;
      if (valid) writes.add(meta.put({ ...snapshot!, generation }));
      else writes.add(meta.delete(SNAPSHOT_KEY));
      await writes.all();
      await done;
      if (valid) this.keeper.committed(generation);
      else this.keeper.drop();
      return gone.length;
    } catch (e) {
      const cause = await abandon(tx, done, e);
      this.keeper.drop();
      throw cause;
    }
  }

  private async clearAll(): Promise<void> {
    const empty = new MemoryCorpus();
    const tx = this.db.transaction(['records', 'meta', 'imports'], 'readwrite');
    const meta = tx.objectStore('meta');
    const generation = generationOf(await meta.get(GENERATION_KEY)) + 1;
    // Imports running elsewhere lose their job record and stop at their next batch (InterruptedError).
    await Promise.all([
      tx.objectStore('records').clear(),
      tx.objectStore('imports').clear(),
      meta.put({ key: GENERATION_KEY, value: generation }),
      meta.put(snapshotRow(empty, generation)),
      tx.done,
    ]);
    this.keeper.reset(generation);
  }
}
