/**
 * The store's own writes (not file imports: jobs/run-import.ts): direct additions, deletions and "Clear
 * all". Each commits its rows, the index snapshot and the generation in one transaction (api.ts), and keeps
 * the writer's working index (the keeper) in step, or drops it when something else was committed meanwhile.
 */
import { MemoryCorpus, type CorpusRecord } from '@wiretrace/engine';
import { Deduper } from '@wiretrace/engine/formats';
import type { ImportResult, RecordOrigin } from '../api';
import { toRow } from '../idb/record-rows';
import { GENERATION_KEY, SNAPSHOT_KEY, type RecordRow } from '../idb/schema';
import { abandon, observedDone, Requests } from '../idb/tx-requests';
import { uncommittedImportIds } from '../idb/visible-rows';
import { generationOf, indexSnapshotRow, snapshotRow } from '../index/index-snapshot';
import type { ImportContext } from '../jobs/import-context';
import { newImportId, newJob } from '../jobs/import-jobs';
import { failureMessage } from '../jobs/job-errors';

/** Direct additions: one transaction for records, snapshot, generation (and the job when origin is import). */
export async function addRecords(ctx: ImportContext, records: CorpusRecord[], origin: RecordOrigin): Promise<ImportResult> {
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
    total: await ctx.count().catch(() => 0),
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
    workGeneration = await ctx.keeper.ensure(await ctx.generation());
    const indexed = await ctx.keeper.add(fresh);
    fresh.forEach((record, i) => {
      const done = indexed[i];
      if (!done) duplicates++;
      else rows.push(toRow(record, done.words, origin, importId, addedAt, done));
    });
    if (rows.length === 0) return result('done', 0);
    snapshot = indexSnapshotRow(await ctx.keeper.serialise(), workGeneration + 1);
  } catch (e) {
    ctx.keeper.drop();
    return result('failed', 0, failureMessage(e));
  }
  const tx = ctx.db.transaction(['records', 'meta', 'imports'], 'readwrite');
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
    if (current === workGeneration) ctx.keeper.committed(generation);
    else ctx.keeper.drop();
    return result('done', rows.length);
  } catch (e) {
    const cause = await abandon(tx, done, e);
    ctx.keeper.drop();
    return result('failed', 0, failureMessage(cause));
  }
}

/**
 * Deletes in two steps, because the keeper (perhaps a worker) cannot answer inside a transaction: find
 * the committed rows and the generation, have the keeper drop them and serialise, then delete and write
 * the snapshot in one transaction that first checks that nothing was committed in between (if something
 * was, the snapshot is deleted instead and the next load rebuilds it).
 */
export async function deleteRecords(ctx: ImportContext, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rtx = ctx.db.transaction(['records', 'meta', 'imports'], 'readonly');
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
    const workGeneration = await ctx.keeper.ensure(seen);
    if (workGeneration === seen) {
      await ctx.keeper.remove(doomed);
      snapshot = indexSnapshotRow(await ctx.keeper.serialise(), seen + 1);
    }
  } catch (e) {
    ctx.keeper.drop();
    throw e;
  }
  const tx = ctx.db.transaction(['records', 'meta', 'imports'], 'readwrite');
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
    if (valid) ctx.keeper.committed(generation);
    else ctx.keeper.drop();
    return gone.length;
  } catch (e) {
    const cause = await abandon(tx, done, e);
    ctx.keeper.drop();
    throw cause;
  }
}

export async function clearRecords(ctx: ImportContext): Promise<void> {
  const empty = new MemoryCorpus();
  const tx = ctx.db.transaction(['records', 'meta', 'imports'], 'readwrite');
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
  ctx.keeper.reset(generation);
}
