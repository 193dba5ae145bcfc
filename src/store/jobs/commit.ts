/**
 * A job's first and last writes: its `running` row (`putJob`), and the commit that makes its rows part of
 * the corpus (the consistency rule of api.ts). A restore that replaces the corpus has its own commit
 * (run-restore.ts).
 */
import { GENERATION_KEY, SNAPSHOT_KEY, type Db, type ImportJob } from '../idb/schema';
import { abandon, observedDone, Requests } from '../idb/tx-requests';
import { indexSnapshotRow } from '../index/index-snapshot';
import { untagCaptured } from './captured-rows';
import type { ImportContext, JobCounts } from './import-context';
import { INTERRUPTED_MESSAGE, InterruptedError } from './job-errors';

export async function putJob(db: Db, job: ImportJob): Promise<void> {
  const tx = db.transaction('imports', 'readwrite');
  await Promise.all([tx.store.put(job), tx.done]);
}

/**
 * The commit: the new snapshot, generation + 1 and the job marked done, in one transaction. If another
 * context committed meanwhile, the working index misses its changes: the snapshot is deleted instead, and
 * the next loadIndex rebuilds it from the records. The snapshot bytes are made before the transaction
 * opens (the keeper may be a worker, and a transaction must not wait on anything but its own requests).
 * `captured`: ids of restored captured rows, whose job tag the commit clears (captured-rows.ts).
 */
export async function commit(ctx: ImportContext, jobId: string, workGeneration: number, counts: JobCounts, captured: readonly string[] = []): Promise<number> {
  const snapshot = counts.imported > 0 ? indexSnapshotRow(await ctx.keeper.serialise(), workGeneration + 1) : null;
  const tx = ctx.db.transaction(['meta', 'imports', 'records'], 'readwrite');
  const done = observedDone(tx);
  try {
    const meta = tx.objectStore('meta');
    const imports = tx.objectStore('imports');
    const [genRow, job] = await Promise.all([meta.get(GENERATION_KEY), imports.get(jobId)]);
    if (!job || job.state !== 'running') throw new InterruptedError(INTERRUPTED_MESSAGE);
    const current = genRow && genRow.key === GENERATION_KEY ? genRow.value : 0;
    const writes = new Requests();
    await untagCaptured(tx.objectStore('records'), captured, writes);
    writes.add(imports.put({ ...job, ...counts, state: 'done', heartbeat: Date.now(), finishedAt: Date.now() }));
    let generation = current;
    if (snapshot) {
      generation = current + 1;
      writes.add(meta.put({ key: GENERATION_KEY, value: generation }));
      if (current === workGeneration) writes.add(meta.put({ ...snapshot, generation }));
      else writes.add(meta.delete(SNAPSHOT_KEY));
    }
    await writes.all();
    await done;
    if (current === workGeneration) ctx.keeper.committed(generation);
    else ctx.keeper.drop();
    return generation;
  } catch (e) {
    throw await abandon(tx, done, e);
  }
}
