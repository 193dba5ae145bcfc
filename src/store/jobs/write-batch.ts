/**
 * Writing one batch of a running job (an import or a restore): its rows and the job's heartbeat, in one
 * transaction that first checks the job is still running, so a job rolled back meanwhile (taken for dead,
 * or the corpus cleared) stops here with `InterruptedError`.
 */
import type { Db, RecordRow } from '../idb/schema';
import { abandon, observedDone, Requests } from '../idb/tx-requests';
import type { JobCounts } from './import-context';
import { INTERRUPTED_MESSAGE, InterruptedError } from './job-errors';

/** Rows handed to IndexedDB in one task of a batch's transaction (≈0.1–0.2 ms of serialisation each). */
export const ADDS_PER_TASK = 100;

export interface BatchOptions {
  /**
   * The job's counters, written with the heartbeat as they are when the batch commits (an import passes its
   * running counts). Without them the job's `imported` grows by the batch's rows.
   */
  counts?: JobCounts;
  /**
   * A replacing restore: the key a row is parked under when its id is already stored (the old corpus must
   * stay visible until the commit; run-restore.ts). Without it every row goes under its own id.
   */
  stagingKey?: (id: string) => string;
}

/** Writes one batch and renews the job's heartbeat, in one transaction; fails if the job was rolled back. */
export async function writeBatch(db: Db, jobId: string, rows: readonly RecordRow[], opts: BatchOptions = {}): Promise<void> {
  const { counts, stagingKey } = opts;
  const tx = db.transaction(['records', 'imports'], 'readwrite');
  const done = observedDone(tx);
  try {
    const imports = tx.objectStore('imports');
    const job = await imports.get(jobId);
    if (!job || job.state !== 'running') throw new InterruptedError(INTERRUPTED_MESSAGE);
    const records = tx.objectStore('records');
    // `add`, not `put`: a row with this id written meanwhile by another context must not be overwritten.
    // Issued ADDS_PER_TASK at a time: each `add` serialises its row on this thread, and the page must
    // get a turn between them (awaiting the requests keeps the transaction open).
    for (let at = 0; at < rows.length; at += ADDS_PER_TASK) {
      const slice = rows.slice(at, at + ADDS_PER_TASK);
      const taken = stagingKey ? await Promise.all(slice.map((row) => records.getKey(row.id))) : [];
      const writes = new Requests();
      slice.forEach((row, i) => writes.add(records.add(stagingKey && taken[i] !== undefined ? { ...row, id: stagingKey(row.id) } : row)));
      await writes.all();
    }
    await imports.put({ ...job, heartbeat: Date.now(), ...(counts ?? { imported: job.imported + rows.length }) });
    await done;
  } catch (e) {
    throw await abandon(tx, done, e);
  }
}
