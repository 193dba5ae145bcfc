/**
 * Import jobs: the bookkeeping behind the consistency rule (see api.ts). Records of a job that is not
 * `done` are uncommitted: readers skip them (idb/visible-rows.ts), and a job that ended badly, or whose
 * context died, has its records deleted.
 *
 * How a dead job is told from a live one: the context running an import holds an exclusive Web Lock named
 * `importLockName(jobId)` from before the job is written until after it is committed or rolled back. The
 * browser releases a lock when its holder's page or worker goes away (closed, crashed, reloaded), so a
 * `running` job whose lock nobody holds is dead, and the next context that opens the store rolls it back
 * at once. Where the Web Locks API is missing (Node with fake-indexeddb, very old browsers) the heartbeat
 * rule below is the fallback.
 */
import type { Db, ImportJob } from '../idb/schema';

/**
 * Fallback when the Web Locks API is missing: a running import whose heartbeat is older than this is
 * taken to be dead (its page was closed or crashed) and is rolled back by the next context that opens the
 * store. The importer beats every HEARTBEAT_MS (2 s); 30 s is fifteen missed beats, far more than the
 * longest pause a live import makes (the commit's snapshot write, or a hidden tab's throttled tasks), and
 * short enough that a reader who reopens the options page after a crash finds the corpus clean. With Web
 * Locks the lock decides and the heartbeat is only informative.
 */
export const STALE_IMPORT_MS = 30_000;

/** How often a running import proves it is alive. */
export const HEARTBEAT_MS = 2_000;

/** Rows deleted per transaction when rolling back: keeps each transaction short on a big import. */
const ROLLBACK_BATCH = 2_000;

export function newJob(id: string, origin: ImportJob['origin'], at: number): ImportJob {
  return { id, state: 'running', origin, startedAt: at, heartbeat: at, finishedAt: null, imported: 0, duplicates: 0, skipped: 0, error: null };
}

/** A fresh import id: random, so two contexts importing at once never share one. */
export function newImportId(): string {
  return `import-${crypto.randomUUID()}`;
}

/** The Web Lock a running import holds for its whole life (see the header). */
export function importLockName(jobId: string): string {
  return `wiretrace-import-${jobId}`;
}

/** The parts of the Web Locks API used here (`navigator.locks`). */
export type ImportLocks = Pick<LockManager, 'request' | 'query'>;

/** `navigator.locks` of this context, or null where the Web Locks API is missing (feature-detected). */
export function webLocks(): ImportLocks | null {
  const locks = (globalThis as { navigator?: { locks?: Partial<LockManager> } }).navigator?.locks;
  return locks && typeof locks.request === 'function' && typeof locks.query === 'function' ? (locks as ImportLocks) : null;
}

/**
 * Runs `run` (the whole import, including its commit or rollback) while holding the job's exclusive lock.
 * The lock is held before `run` writes the job, so no context can see the job `running` without its lock.
 * Without the Web Locks API, or if the browser refuses the request, the import runs unlocked and the
 * heartbeat rule protects it.
 */
export async function withImportLock<T>(jobId: string, run: () => Promise<T>, locks: ImportLocks | null = webLocks()): Promise<T> {
  if (!locks) return run();
  let started = false;
  try {
    return (await locks.request(importLockName(jobId), { mode: 'exclusive' }, () => {
      started = true;
      return run();
    })) as T;
  } catch (e) {
    if (started) throw e;
    return run();
  }
}

/** Names of the locks held now in this origin, or null when they cannot be known (no Web Locks API). */
async function heldLockNames(locks: ImportLocks | null): Promise<Set<string> | null> {
  if (!locks) return null;
  try {
    const snapshot = await locks.query();
    return new Set((snapshot.held ?? []).map((l) => l.name).filter((n): n is string => typeof n === 'string'));
  } catch {
    return null;
  }
}

/**
 * Ends a job as cancelled or failed and deletes its records. The state is written first: if this context
 * dies halfway through the deletes, the job is already marked and `cleanUpImports` finishes the work.
 * With `onlyIf`, the job is ended only if it still passes (read in the same transaction as the write);
 * returns whether it was ended.
 */
export async function rollBackJob(
  db: Db,
  jobId: string,
  state: 'cancelled' | 'failed',
  error: string | null,
  onlyIf?: (job: ImportJob) => boolean,
): Promise<boolean> {
  const tx = db.transaction('imports', 'readwrite');
  const job = await tx.store.get(jobId);
  const end = job !== undefined && (!onlyIf || onlyIf(job));
  if (job && end) await tx.store.put({ ...job, state, error, finishedAt: Date.now() });
  await tx.done;
  if (!end && onlyIf) return false;
  await deleteJobRecords(db, jobId);
  return true;
}

async function deleteJobRecords(db: Db, jobId: string): Promise<void> {
  for (;;) {
    const tx = db.transaction('records', 'readwrite');
    const keys = await tx.store.index('importId').getAllKeys(jobId, ROLLBACK_BATCH);
    await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
    if (keys.length < ROLLBACK_BATCH) return;
  }
}

const DEAD_IMPORT_MESSAGE = 'The import stopped before it finished (its page was closed or crashed), so it was undone.';

/**
 * Run whenever a context opens the store: rolls back running jobs whose context died, and finishes
 * rollbacks that were interrupted (a cancelled or failed job that still has records).
 *
 * A running job is dead when nobody holds its Web Lock (at once: the browser released it with the page);
 * without the Web Locks API, when its heartbeat is older than STALE_IMPORT_MS. The locks are looked at
 * after the jobs are read: a job's lock is taken before the job is written, so a job read as running whose
 * lock is free has ended. If it ended well (committed, or rolled back by its own page) in between, the
 * transaction that ends it sees it is no longer running and leaves it alone.
 */
export async function cleanUpImports(db: Db, now: number = Date.now(), locks: ImportLocks | null = webLocks()): Promise<number> {
  const tx = db.transaction(['imports', 'records'], 'readonly');
  const state = tx.objectStore('imports').index('state');
  const [running, ended] = await Promise.all([state.getAll('running'), Promise.all([state.getAll('cancelled'), state.getAll('failed')])]);
  const leftovers = await Promise.all(ended.flat().map(async (job) => ((await tx.objectStore('records').index('importId').count(job.id)) > 0 ? job : null)));
  await tx.done;
  const held = running.length > 0 ? await heldLockNames(locks) : null;
  const isDead = (job: ImportJob): boolean =>
    job.state === 'running' && (held ? !held.has(importLockName(job.id)) : now - job.heartbeat > STALE_IMPORT_MS);
  let rolledBack = 0;
  for (const job of running) {
    if (!isDead(job)) continue;
    if (await rollBackJob(db, job.id, 'failed', DEAD_IMPORT_MESSAGE, isDead)) rolledBack++;
  }
  for (const job of leftovers) {
    if (job) await deleteJobRecords(db, job.id);
  }
  return rolledBack;
}
