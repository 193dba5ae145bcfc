/**
 * Import jobs: the bookkeeping behind the consistency rule (see api.ts). Records of a job that is not
 * `done` are uncommitted: readers skip them, and a job that ended badly, or whose context died, has its
 * records deleted.
 */
import type { IDBPTransaction } from 'idb';
import type { Db, ImportJob, ImportState, WireTraceDB } from './schema';

/**
 * A running import whose heartbeat is older than this is taken to be dead (its page was closed or
 * crashed) and is rolled back by the next context that opens the store. The importer beats every
 * HEARTBEAT_MS (2 s); 30 s is fifteen missed beats, far more than the longest pause a live import makes
 * (the commit's snapshot write, or a hidden tab's throttled tasks), and short enough that a reader who
 * reopens the options page after a crash finds the corpus clean.
 */
export const STALE_IMPORT_MS = 30_000;

/** How often a running import proves it is alive. */
export const HEARTBEAT_MS = 2_000;

/** Rows deleted per transaction when rolling back: keeps each transaction short on a big import. */
const ROLLBACK_BATCH = 2_000;

/** States whose records are not part of the corpus. */
const UNCOMMITTED_STATES: readonly ImportState[] = ['running', 'cancelled', 'failed'];

type ReadTx = IDBPTransaction<WireTraceDB, ('records' | 'imports' | 'meta')[], 'readonly' | 'readwrite'>;

/** Ids of the jobs whose records readers must not see. Needs `imports` in the transaction. */
export async function uncommittedImportIds(tx: ReadTx): Promise<Set<string>> {
  const index = tx.objectStore('imports').index('state');
  const lists = await Promise.all(UNCOMMITTED_STATES.map((state) => index.getAllKeys(state)));
  return new Set(lists.flat());
}

/** Records in the store that belong to the corpus. Needs `records` and `imports` in the transaction. */
export async function committedCount(tx: ReadTx): Promise<number> {
  const records = tx.objectStore('records');
  const [total, pending] = await Promise.all([records.count(), uncommittedImportIds(tx)]);
  const pendingCounts = await Promise.all([...pending].map((id) => records.index('importId').count(id)));
  return total - pendingCounts.reduce((a, b) => a + b, 0);
}

export function newJob(id: string, origin: ImportJob['origin'], at: number): ImportJob {
  return { id, state: 'running', origin, startedAt: at, heartbeat: at, finishedAt: null, imported: 0, duplicates: 0, skipped: 0, error: null };
}

/** A fresh import id: random, so two contexts importing at once never share one. */
export function newImportId(): string {
  return `import-${crypto.randomUUID()}`;
}

/**
 * Ends a job as cancelled or failed and deletes its records. The state is written first: if this context
 * dies halfway through the deletes, the job is already marked and `cleanUpImports` finishes the work.
 */
export async function rollBackJob(db: Db, jobId: string, state: 'cancelled' | 'failed', error: string | null): Promise<void> {
  const tx = db.transaction('imports', 'readwrite');
  const job = await tx.store.get(jobId);
  if (job) await tx.store.put({ ...job, state, error, finishedAt: Date.now() });
  await tx.done;
  await deleteJobRecords(db, jobId);
}

async function deleteJobRecords(db: Db, jobId: string): Promise<void> {
  for (;;) {
    const tx = db.transaction('records', 'readwrite');
    const keys = await tx.store.index('importId').getAllKeys(jobId, ROLLBACK_BATCH);
    await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
    if (keys.length < ROLLBACK_BATCH) return;
  }
}

/**
 * Run whenever a context opens the store: rolls back running jobs with a stale heartbeat, and finishes
 * rollbacks that were interrupted (a cancelled or failed job that still has records).
 */
export async function cleanUpImports(db: Db, now: number = Date.now()): Promise<number> {
  const tx = db.transaction(['imports', 'records'], 'readonly');
  const state = tx.objectStore('imports').index('state');
  const [running, ended] = await Promise.all([state.getAll('running'), Promise.all([state.getAll('cancelled'), state.getAll('failed')])]);
  const leftovers = await Promise.all(ended.flat().map(async (job) => ((await tx.objectStore('records').index('importId').count(job.id)) > 0 ? job : null)));
  await tx.done;
  let rolledBack = 0;
  for (const job of running) {
    if (now - job.heartbeat <= STALE_IMPORT_MS) continue;
    await rollBackJob(db, job.id, 'failed', 'The import stopped before it finished (its page was closed or crashed), so it was undone.');
    rolledBack++;
  }
  for (const job of leftovers) {
    if (job) await deleteJobRecords(db, job.id);
  }
  return rolledBack;
}
