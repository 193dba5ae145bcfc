/**
 * `IndexKeeper` in a dedicated Worker (see index-keeper.ts for why). The worker is started on first use;
 * if it cannot start (no Worker here, the script does not load) the keeper falls back to the page's own
 * thread, so an import is slower but still works. If the worker dies later (out of memory), the calls
 * waiting on it fail with a plain message, the import rolls back as after any failure, and the next call
 * starts a fresh worker (which reloads the index).
 */
import type { CorpusRecord } from '@wiretrace/engine';
import type { IndexBytes, IndexedRecord, IndexKeeper } from './index-keeper';
import { INDEX_WORKER_PROTOCOL, type IndexWorkerCall, type IndexWorkerCalls, type IndexWorkerReply, type PortLike } from './index-worker-protocol';

/** A Worker as far as this module needs one (tests pass a MessagePort wrapper). */
export interface WorkerLike extends PortLike {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

/** How long a new worker may take to open the database and answer (opening itself gives up after 10 s). */
export const START_TIMEOUT_MS = 15_000;

export const WORKER_DIED_MESSAGE = 'The background indexer stopped (the browser may have run out of memory).';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class WorkerIndexKeeper implements IndexKeeper {
  private worker: WorkerLike | null = null;
  /** Resolves once the worker answered `open`; rejects if it could not start. */
  private ready: Promise<void> | null = null;
  private local: IndexKeeper | null = null;
  /** The worker holds a working index (an `ensure` succeeded since it started). */
  private loaded = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /**
   * @param startWorker creates the worker (`new Worker(new URL(…, import.meta.url), { type: 'module' })`)
   * @param dbName the database the worker opens (the page's own)
   * @param fallback the in-thread keeper used when no worker can be started
   */
  constructor(
    private readonly startWorker: () => WorkerLike,
    private readonly dbName: string,
    private readonly fallback: () => IndexKeeper,
  ) {}

  /** True once a worker failed to start and the page's own thread does the work. */
  get inThread(): boolean {
    return this.local !== null;
  }

  async ensure(generation: number): Promise<number> {
    const held = (await this.call('ensure', { generation })) as number;
    this.loaded = true;
    return held;
  }

  async add(records: readonly CorpusRecord[]): Promise<(IndexedRecord | null)[]> {
    return (await this.call('add', { records: [...records] })) as (IndexedRecord | null)[];
  }

  async remove(ids: readonly string[]): Promise<void> {
    await this.call('remove', { ids: [...ids] });
  }

  async serialise(): Promise<IndexBytes> {
    return (await this.call('serialise', null)) as IndexBytes;
  }

  committed(generation: number): void {
    this.tell('committed', { generation });
  }

  reset(generation: number): void {
    this.tell('reset', { generation });
  }

  drop(): void {
    this.tell('drop', null);
    if (!this.local) this.loaded = false;
  }

  close(): void {
    this.local?.close();
    this.stop(new Error('the store was closed'));
  }

  /** A call whose answer nobody waits for; the worker handles calls in order, so later calls see it. */
  private tell<K extends 'committed' | 'reset' | 'drop'>(call: K, payload: IndexWorkerCalls[K]['payload']): void {
    if (this.local) {
      if (call === 'drop') this.local.drop();
      else if (call === 'reset') this.local.reset((payload as { generation: number }).generation);
      else this.local.committed((payload as { generation: number }).generation);
      return;
    }
    // No worker: nothing to tell (a new one starts with no working index).
    if (!this.worker) return;
    this.send(call, payload).catch(() => undefined);
  }

  private async call<K extends IndexWorkerCall>(call: K, payload: IndexWorkerCalls[K]['payload']): Promise<unknown> {
    if (!this.local) {
      try {
        await this.start();
      } catch {
        // No worker here: do the work in this thread from now on.
        this.local = this.fallback();
      }
    }
    if (this.local) return this.callLocal(call, payload);
    // A worker started after the last one died holds no index: the caller's job (an import that was
    // adding to the dead worker's index) cannot go on.
    if (call !== 'ensure' && !this.loaded) throw new Error(WORKER_DIED_MESSAGE);
    return this.send(call, payload);
  }

  private callLocal(call: IndexWorkerCall, payload: unknown): Promise<unknown> {
    const keeper = this.local!;
    const p = payload as { generation: number; records: CorpusRecord[]; ids: string[] };
    switch (call) {
      case 'ensure':
        return keeper.ensure(p.generation);
      case 'add':
        return keeper.add(p.records);
      case 'remove':
        return keeper.remove(p.ids);
      case 'serialise':
        return keeper.serialise();
      default:
        return Promise.resolve(null);
    }
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    let worker: WorkerLike;
    try {
      worker = this.startWorker();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    this.worker = worker;
    worker.addEventListener('message', (event: MessageEvent) => this.receive(event.data as IndexWorkerReply));
    const died = (): void => this.stop(new Error(WORKER_DIED_MESSAGE));
    worker.addEventListener('error', died);
    worker.addEventListener('messageerror', died);
    worker.start?.();
    // A worker that neither answers nor reports an error (seen once in CI: an import that never ended) is
    // given up after START_TIMEOUT_MS, and the page does the work itself.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.stop(new Error('the index worker did not start'));
        reject(new Error('the index worker did not start'));
      }, START_TIMEOUT_MS);
    });
    const ready = Promise.race([this.send('open', { dbName: this.dbName }), silent]).then(
      () => clearTimeout(timer),
      (e: unknown) => {
        clearTimeout(timer);
        throw e;
      },
    );
    this.ready = ready;
    // A failed start is forgotten, so that the caller can fall back (or a later call try again).
    ready.catch(() => {
      if (this.ready === ready) this.ready = null;
    });
    return ready;
  }

  private send<K extends IndexWorkerCall>(call: K, payload: IndexWorkerCalls[K]['payload']): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error(WORKER_DIED_MESSAGE));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ v: INDEX_WORKER_PROTOCOL, id, call, payload });
    });
  }

  private receive(reply: IndexWorkerReply): void {
    const waiting = this.pending.get(reply?.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (reply.ok) {
      waiting.resolve(reply.response);
    } else {
      const error = new Error(reply.error);
      error.name = reply.name;
      waiting.reject(error);
    }
  }

  /** Ends the worker and fails whatever waited on it. */
  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    this.loaded = false;
    worker?.terminate();
    for (const waiting of this.pending.values()) waiting.reject(reason);
    this.pending.clear();
  }
}
