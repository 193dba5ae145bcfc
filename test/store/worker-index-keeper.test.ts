/**
 * The index keeper in a worker: the same corpus as in-thread, the fallback when no worker starts, and a
 * worker that dies mid-import (the import rolls back; the next one starts a fresh worker). The worker
 * is simulated by a MessageChannel whose far end runs the real server (index-keeper-server.ts).
 */
import 'fake-indexeddb/auto';
import { analyze } from '@wiretrace/engine';
import { bytesSource, chunksSource } from '@wiretrace/engine/formats';
import type { CorpusStore } from '../../src/store/api';
import { LocalIndexKeeper } from '../../src/store/index/local-index-keeper';
import { serveIndexKeeper } from '../../src/store/index/index-keeper-server';
import { INDEX_WORKER_PROTOCOL, type PortLike } from '../../src/store/index/index-worker-protocol';
import { openDatabase } from '../../src/store/idb/open-database';
import { openStore } from '../../src/store/open-store';
import { SNAPSHOT_KEY } from '../../src/store/idb/schema';
import { WORKER_DIED_MESSAGE, WorkerIndexKeeper, type WorkerLike } from '../../src/store/index/worker-index-keeper';
import { DEMO_JSONL, DEMO_RECORDS, freshName, rawDb, syntheticRecords, toJsonl, waitUntil } from './helpers';

interface FakeWorker {
  worker: WorkerLike;
  /** The worker dies (as when the browser kills it for memory): an error event, and no more answers. */
  kill(): void;
  /** Messages the page sent, by call name. */
  calls: string[];
}

const open: FakeWorker[] = [];

/** A "worker" whose other end is the real server; `serve: false` never answers (a script that failed to load). */
function fakeWorker(serve = true): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  if (serve) serveIndexKeeper(port2 as unknown as PortLike, openDatabase);
  const errorListeners: ((e: Event) => void)[] = [];
  const calls: string[] = [];
  const worker: WorkerLike = {
    postMessage: (m: unknown, t?: Transferable[]) => {
      calls.push((m as { call: string }).call);
      port1.postMessage(m, t ?? []);
    },
    addEventListener: ((type: string, l: (e: Event) => void) => {
      if (type === 'message') port1.addEventListener('message', l as (e: MessageEvent) => void);
      else errorListeners.push(l);
    }) as WorkerLike['addEventListener'],
    start: () => port1.start(),
    terminate: () => {
      port1.close();
      port2.close();
    },
  };
  const fake = {
    worker,
    calls,
    kill: () => {
      worker.terminate();
      for (const l of errorListeners) l(new Event('error'));
    },
  };
  open.push(fake);
  return fake;
}

afterEach(() => {
  for (const f of open.splice(0)) f.worker.terminate();
});

async function workerStore(name: string, start: () => WorkerLike): Promise<{ store: CorpusStore; keeper: () => WorkerIndexKeeper }> {
  let keeper!: WorkerIndexKeeper;
  const store = await openStore({
    name,
    keeper: (db, dbName) => (keeper = new WorkerIndexKeeper(start, dbName, () => new LocalIndexKeeper(db))),
  });
  return { store, keeper: () => keeper };
}

const page = `${DEMO_RECORDS[0].text.slice(0, 1500)} ${DEMO_RECORDS[3].text.slice(0, 800)}`;

async function candidateIds(store: CorpusStore): Promise<string[]> {
  const { corpus } = await store.loadIndex();
  return corpus.index.candidates(analyze(page)).map((c) => corpus.index.doc(c.ord)!.id);
}

test('an import through the worker gives the same corpus and index as one in the page', async () => {
  const jsonl = DEMO_JSONL + toJsonl(syntheticRecords(1_300, 5));
  const local = await openStore({ name: freshName() });
  const fake = fakeWorker();
  const { store: remote, keeper } = await workerStore(freshName(), () => fake.worker);

  const [a, b] = [await local.runImport([bytesSource('c.jsonl', jsonl)]), await remote.runImport([bytesSource('c.jsonl', jsonl)])];
  expect(b).toMatchObject({ status: 'done', imported: a.imported, duplicates: a.duplicates, total: a.total });
  expect(a.imported).toBe(DEMO_RECORDS.length + 1_300);
  expect(keeper().inThread).toBe(false);
  expect(fake.calls).toContain('add');
  expect(fake.calls).toContain('serialise');
  const comparable = async (store: CorpusStore): Promise<unknown[]> =>
    (await store.list({ limit: 2_000 })).records.map(({ addedAt: _at, importId: _job, ...rest }) => rest);
  expect(await comparable(remote)).toEqual(await comparable(local));
  // Texts deflated in the worker read back as they were.
  for (const r of DEMO_RECORDS) expect((await remote.getRecord(r.id))?.text).toBe(r.text);
  const ids = await candidateIds(local);
  expect(ids.length).toBeGreaterThan(0);
  expect(await candidateIds(remote)).toEqual(ids);

  // Re-importing the same file: every record is a duplicate the worker's index already holds.
  const again = await remote.runImport([bytesSource('c.jsonl', jsonl)]);
  expect(again).toMatchObject({ status: 'done', imported: 0, duplicates: a.imported });
  local.close();
  remote.close();
});

test('deleting through the worker writes a snapshot without the deleted article (no rebuild on the next load)', async () => {
  const name = freshName();
  const fake = fakeWorker();
  const { store } = await workerStore(name, () => fake.worker);
  await store.runImport([bytesSource('demo.jsonl', DEMO_JSONL)]);
  expect(await store.deleteRecords([DEMO_RECORDS[0].id, 'no-such-id'])).toBe(1);
  expect(fake.calls).toContain('remove');
  const reader = await openStore({ name });
  const { corpus } = await reader.loadIndex();
  expect(corpus.index.has(DEMO_RECORDS[0].id)).toBe(false);
  expect(corpus.size).toBe(DEMO_RECORDS.length - 1);
  const db = await rawDb(name);
  const snap = await db.get('meta', SNAPSHOT_KEY);
  expect(snap && 'count' in snap ? snap.count : -1).toBe(DEMO_RECORDS.length - 1);
  db.close();
  reader.close();
  store.close();
});

test('when no worker can be started the page does the work itself', async () => {
  const { store, keeper } = await workerStore(freshName(), () => {
    throw new Error('Worker is not defined');
  });
  const result = await store.runImport([bytesSource('demo.jsonl', DEMO_JSONL)]);
  expect(result).toMatchObject({ status: 'done', imported: DEMO_RECORDS.length });
  expect(keeper().inThread).toBe(true);
  expect(await store.deleteRecords([DEMO_RECORDS[1].id])).toBe(1);
  expect(await store.count()).toBe(DEMO_RECORDS.length - 1);
  store.close();
});

test('a worker whose script fails to load is replaced by the page itself', async () => {
  const silent = fakeWorker(false);
  const { store, keeper } = await workerStore(freshName(), () => silent.worker);
  setTimeout(() => silent.kill(), 20); // the browser reports the failed script as an error event
  const result = await store.runImport([bytesSource('demo.jsonl', DEMO_JSONL)]);
  expect(result).toMatchObject({ status: 'done', imported: DEMO_RECORDS.length });
  expect(keeper().inThread).toBe(true);
  store.close();
});

test('a worker that dies mid-import: the import rolls back with a clear message; the next one starts a new worker', async () => {
  const name = freshName();
  const workers: FakeWorker[] = [];
  const { store } = await workerStore(name, () => {
    const f = fakeWorker();
    workers.push(f);
    return f.worker;
  });
  await store.runImport([bytesSource('demo.jsonl', DEMO_JSONL)]);
  const before = { count: await store.count(), generation: await store.generation() };

  const records = syntheticRecords(2_500, 9);
  let killed = false;
  const bytes = new TextEncoder().encode(toJsonl(records));
  const source = chunksSource(
    'big.jsonl',
    (async function* () {
      const step = 8192;
      for (let at = 0; at < bytes.length; at += step) {
        if (!killed && at > bytes.length / 2) {
          // Let the first batch reach IndexedDB, then kill the worker.
          const db = await rawDb(name);
          await waitUntil(() => db.count('records'), (n) => n >= before.count + 1_000);
          db.close();
          workers[0].kill();
          killed = true;
        }
        yield bytes.subarray(at, at + step);
      }
    })(),
  );
  const result = await store.runImport([source]);
  expect(result.status).toBe('failed');
  expect(result.error).toContain(WORKER_DIED_MESSAGE);
  expect(result.imported).toBe(0);
  expect(await store.count()).toBe(before.count);
  expect(await store.generation()).toBe(before.generation);
  const db = await rawDb(name);
  expect(await db.count('records')).toBe(before.count);
  db.close();

  const retry = await store.runImport([bytesSource('small.jsonl', toJsonl(records.slice(0, 50)))]);
  expect(retry).toMatchObject({ status: 'done', imported: 50, total: before.count + 50 });
  expect(workers.length).toBe(2);
  store.close();
});

test('the worker refuses a request from another protocol version', async () => {
  const { port1, port2 } = new MessageChannel();
  serveIndexKeeper(port2 as unknown as PortLike, openDatabase);
  const reply = new Promise<unknown>((resolve) => port1.addEventListener('message', (e) => resolve((e as MessageEvent).data)));
  port1.start();
  port1.postMessage({ v: INDEX_WORKER_PROTOCOL + 1, id: 7, call: 'ensure', payload: { generation: 0 } });
  expect(await reply).toMatchObject({ id: 7, ok: false, name: 'ProtocolError' });
  port1.close();
  port2.close();
});
