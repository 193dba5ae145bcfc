/**
 * Dead imports are told from live ones by a Web Lock (import-jobs.ts): the importing context holds
 * `wiretrace-import-<jobId>` for the whole import, the browser releases it when that context dies, and the
 * next open rolls back at once a running job whose lock is free. Node has no `navigator.locks`, so these
 * tests install a small fake of `request` / `query` (other store tests run without it: the heartbeat rule).
 */
import 'fake-indexeddb/auto';
import { chunksSource } from '@wiretrace/engine/formats';
import { importLockName, STALE_IMPORT_MS, webLocks } from '../../src/store/jobs/import-jobs';
import { openStore } from '../../src/store/open-store';
import { toRow } from '../../src/store/idb/record-rows';
import type { ImportJob } from '../../src/store/idb/schema';
import { freshName, rawDb, syntheticRecords, toJsonl, waitUntil } from './helpers';

/** A LockManager reduced to what the store uses, with a way to simulate the holder's death. */
class FakeLocks {
  private readonly held = new Map<string, symbol>();
  readonly requested: string[] = [];

  request(name: string, ...rest: unknown[]): Promise<unknown> {
    const callback = rest[rest.length - 1] as (lock: { name: string; mode: string }) => unknown;
    const mode = rest.length > 1 ? ((rest[0] as { mode?: string }).mode ?? 'exclusive') : 'exclusive';
    if (this.held.has(name)) return Promise.reject(new Error(`fake locks: ${name} is already held`));
    this.requested.push(`${name}:${mode}`);
    const token = Symbol(name);
    this.held.set(name, token);
    return (async () => {
      try {
        return await callback({ name, mode });
      } finally {
        if (this.held.get(name) === token) this.held.delete(name);
      }
    })();
  }

  query(): Promise<{ held: { name: string; mode: string; clientId: string }[]; pending: never[] }> {
    return Promise.resolve({ held: this.names().map((name) => ({ name, mode: 'exclusive', clientId: 'fake' })), pending: [] });
  }

  names(): string[] {
    return [...this.held.keys()];
  }

  /** Another context holds this lock. */
  hold(name: string): void {
    this.held.set(name, Symbol(name));
  }

  /** The holder's context died: the browser releases its lock, though its callback never settled. */
  kill(name: string): void {
    this.held.delete(name);
  }
}

let locks: FakeLocks;
const hadNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

beforeEach(() => {
  locks = new FakeLocks();
  Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true, writable: true });
});

afterEach(() => {
  if (hadNavigator) Object.defineProperty(globalThis, 'navigator', hadNavigator);
  else delete (globalThis as { navigator?: unknown }).navigator;
});

const running = (id: string, heartbeat: number): ImportJob => ({
  id,
  state: 'running',
  origin: 'import',
  startedAt: heartbeat,
  heartbeat,
  finishedAt: null,
  imported: 2,
  duplicates: 0,
  skipped: 0,
  error: null,
});

/** A committed corpus of 3 articles plus a running job `id` with 2 uncommitted rows. */
async function plantRunningJob(name: string, id: string, heartbeat: number): Promise<void> {
  const store = await openStore({ name });
  if ((await store.count()) === 0) await store.addRecords(syntheticRecords(3, 31, 'kept'), 'import');
  store.close();
  const db = await rawDb(name);
  await db.put('imports', running(id, heartbeat));
  for (const r of syntheticRecords(2, 32, id)) await db.put('records', toRow(r, 60, 'import', id, new Date().toISOString()));
  db.close();
}

async function jobsAndRows(name: string): Promise<{ jobs: ImportJob[]; rowsOf: (id: string) => number }> {
  const db = await rawDb(name);
  const [jobs, rows] = await Promise.all([db.getAll('imports'), db.getAll('records')]);
  db.close();
  return { jobs, rowsOf: (id) => rows.filter((r) => r.importId === id).length };
}

test('the fake is what the store finds as navigator.locks', () => {
  expect(webLocks()).toBe(locks);
});

test('a running job whose lock is free is rolled back on the next open, without waiting for its heartbeat to go stale', async () => {
  const name = freshName();
  // Heartbeat just now: the fallback rule would leave it alone for STALE_IMPORT_MS.
  await plantRunningJob(name, 'orphan', Date.now());
  const store = await openStore({ name });
  const { jobs, rowsOf } = await jobsAndRows(name);
  expect(rowsOf('orphan')).toBe(0);
  expect(jobs.find((j) => j.id === 'orphan')).toMatchObject({ state: 'failed', error: expect.stringMatching(/undone/) });
  expect(await store.count()).toBe(3);
  store.close();
});

test('a running job whose lock is still held is left alone, even with a stale heartbeat', async () => {
  const name = freshName();
  await plantRunningJob(name, 'busy', Date.now() - STALE_IMPORT_MS - 60_000);
  locks.hold(importLockName('busy'));
  const store = await openStore({ name });
  const { jobs, rowsOf } = await jobsAndRows(name);
  expect(rowsOf('busy')).toBe(2);
  expect(jobs.find((j) => j.id === 'busy')?.state).toBe('running');
  // Still uncommitted: invisible to readers.
  expect(await store.count()).toBe(3);
  expect(await store.getRecord('busy-0')).toBeUndefined();
  store.close();

  // Its holder dies: the next open rolls it back.
  locks.kill(importLockName('busy'));
  const again = await openStore({ name });
  expect((await jobsAndRows(name)).rowsOf('busy')).toBe(0);
  expect(await again.count()).toBe(3);
  again.close();
});

test('a job that commits between the read of the jobs and the look at the locks is not rolled back', async () => {
  const name = freshName();
  await plantRunningJob(name, 'finishing', Date.now());
  // The lock is released because the job just committed (its page marks it done before letting go).
  const query = locks.query.bind(locks);
  locks.query = async () => {
    const db = await rawDb(name);
    const job = await db.get('imports', 'finishing');
    if (job) await db.put('imports', { ...job, state: 'done', finishedAt: Date.now() });
    db.close();
    return query();
  };
  const store = await openStore({ name });
  const { jobs, rowsOf } = await jobsAndRows(name);
  expect(jobs.find((j) => j.id === 'finishing')?.state).toBe('done');
  expect(rowsOf('finishing')).toBe(2);
  expect(await store.count()).toBe(5);
  store.close();
});

test('runImport holds its job lock for the whole import; when its page dies the job is rolled back on the next open', async () => {
  const name = freshName();
  const first = await openStore({ name });
  await first.addRecords(syntheticRecords(3, 41, 'kept'), 'import');

  // One chunk of 1,001 records (one full batch is written), then the source stalls until `resume`.
  let reached!: () => void;
  const stalled = new Promise<void>((r) => (reached = r));
  let resume!: () => void;
  const resumed = new Promise<void>((r) => (resume = r));
  async function* chunks(): AsyncIterable<Uint8Array> {
    yield new TextEncoder().encode(toJsonl(syntheticRecords(1001, 42, 'big')));
    reached();
    await resumed;
  }
  const importing = first.runImport([chunksSource('big.jsonl', chunks())]);
  await stalled;

  // The full batch is written once the index keeper has analysed it.
  const { jobs, rowsOf } = await waitUntil(
    () => jobsAndRows(name),
    (seen) => seen.jobs.some((j) => j.state === 'running' && seen.rowsOf(j.id) === 1000),
  );
  const job = jobs.find((j) => j.state === 'running')!;
  expect(job).toBeDefined();
  expect(rowsOf(job.id)).toBe(1000);
  expect(locks.names()).toEqual([importLockName(job.id)]);
  expect(locks.requested).toEqual([`${importLockName(job.id)}:exclusive`]);

  // While the import is alive, another context opening the store leaves it alone.
  const reader = await openStore({ name });
  expect((await jobsAndRows(name)).rowsOf(job.id)).toBe(1000);
  expect(await reader.count()).toBe(3);
  reader.close();

  // The page dies (the browser releases its lock): the next open rolls the job back at once.
  locks.kill(importLockName(job.id));
  const after = await openStore({ name });
  const cleaned = await jobsAndRows(name);
  expect(cleaned.rowsOf(job.id)).toBe(0);
  expect(cleaned.jobs.find((j) => j.id === job.id)?.state).toBe('failed');
  expect(await after.count()).toBe(3);

  // Were the page somehow still running, its next write finds the job undone and gives up.
  resume();
  const result = await importing;
  expect(result).toMatchObject({ status: 'failed', imported: 0, total: 3 });
  expect(await after.count()).toBe(3);
  after.close();
  first.close();
});

test('a finished import releases its lock', async () => {
  const store = await openStore({ name: freshName() });
  const result = await store.runImport([chunksSource('few.jsonl', [new TextEncoder().encode(toJsonl(syntheticRecords(5, 51, 'few')))])]);
  expect(result).toMatchObject({ status: 'done', imported: 5, total: 5 });
  expect(locks.requested).toHaveLength(1);
  expect(locks.names()).toEqual([]);
  store.close();
});
