/**
 * The messages between a page and its index worker (index-worker.ts), typed per call as
 * `{ payload; response }` and versioned: a page and a worker from different builds refuse each other
 * instead of misreading (an extension update replaces both, but a page may outlive it).
 */
import type { CorpusRecord } from '@wiretrace/engine';
import type { IndexBytes, IndexedRecord } from './index-keeper';

/** Bump when a call's payload or response changes shape. */
export const INDEX_WORKER_PROTOCOL = 2; // 2: `add` answers with packed texts

export interface IndexWorkerCalls {
  /** Opens the database by name; the first call, and the handshake. */
  open: { payload: { dbName: string }; response: null };
  ensure: { payload: { generation: number }; response: number };
  add: { payload: { records: CorpusRecord[] }; response: (IndexedRecord | null)[] };
  remove: { payload: { ids: string[] }; response: null };
  serialise: { payload: null; response: IndexBytes };
  committed: { payload: { generation: number }; response: null };
  reset: { payload: { generation: number }; response: null };
  drop: { payload: null; response: null };
}

export type IndexWorkerCall = keyof IndexWorkerCalls;

export interface IndexWorkerRequest<K extends IndexWorkerCall = IndexWorkerCall> {
  v: typeof INDEX_WORKER_PROTOCOL;
  id: number;
  call: K;
  payload: IndexWorkerCalls[K]['payload'];
}

export type IndexWorkerReply<K extends IndexWorkerCall = IndexWorkerCall> =
  | { v: typeof INDEX_WORKER_PROTOCOL; id: number; ok: true; response: IndexWorkerCalls[K]['response'] }
  | { v: typeof INDEX_WORKER_PROTOCOL; id: number; ok: false; error: string; name: string };

/** What both ends need of a MessagePort, a Worker, or a worker's global scope. */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

export function isRequest(data: unknown): data is IndexWorkerRequest {
  if (typeof data !== 'object' || data === null) return false;
  const r = data as Partial<IndexWorkerRequest>;
  return typeof r.id === 'number' && typeof r.call === 'string';
}
