/**
 * The background's access to the corpus store and its index. Nothing here has to survive a worker
 * restart: the store is reopened, and the index is a cache, reloaded from the store when missing or when
 * the store's generation has moved (another context imported or deleted articles).
 */
import type { Analysis, MemoryCorpus, CorpusRecord } from '@wiretrace/engine';
import { StorageError, type CorpusStore } from '../store/api';
import { openStore } from '../store/open-store';

/**
 * After a failed open, answer with that error for this long before trying again: a broken IndexedDB
 * (private mode, blocked) fails the same way on every check, and a blocked open waits 10 s each time.
 */
export const STORE_RETRY_MS = 30_000;

export type StoreAccess = { store: CorpusStore; error: null } | { store: null; error: string };

let opening: Promise<CorpusStore> | null = null;
let failure: { message: string; at: number } | null = null;
let index: { corpus: MemoryCorpus; generation: number } | null = null;
let loadingIndex: Promise<{ corpus: MemoryCorpus; generation: number }> | null = null;

export function storageErrorMessage(e: unknown): string {
  if (e instanceof StorageError) return e.message;
  return `WireTrace could not read its corpus: ${e instanceof Error ? e.message : String(e)}`;
}

export async function getStore(): Promise<StoreAccess> {
  if (failure && Date.now() - failure.at < STORE_RETRY_MS) return { store: null, error: failure.message };
  opening ??= openStore();
  try {
    const store = await opening;
    failure = null;
    return { store, error: null };
  } catch (e) {
    opening = null;
    failure = { message: storageErrorMessage(e), at: Date.now() };
    return { store: null, error: failure.message };
  }
}

/**
 * Forget the connection (after an operation failed: an update may have closed it to migrate the
 * database). The next call opens it again.
 */
export function forgetStore(): void {
  const old = opening;
  opening = null;
  failure = null;
  index = null;
  old?.then((s) => s.close()).catch(() => undefined);
}

/**
 * Brings the cached index from generation `from` to `expected` by the caller's own committed change (a
 * capture: records added, ids removed), instead of reloading the whole index at the next check. Only when
 * nothing else committed in between (`actual` = `expected`) and the cache is at `from`; otherwise the cache
 * is left alone, and the next check reloads it as after any change.
 */
export function advanceIndex(from: number, expected: number, actual: number, added: readonly { record: CorpusRecord; analysis: Analysis }[], removed: readonly string[]): void {
  if (!index || index.generation !== from || actual !== expected || loadingIndex) return;
  const corpus = index.corpus;
  for (const id of removed) corpus.remove(id);
  for (const { record, analysis } of added) {
    if (!corpus.add(record, analysis)) continue;
    // As after a load: the index holds no texts (scans fetch them from IndexedDB).
    corpus.restoreRecord(corpus.index.ordinalOf(record.id)!, null);
  }
  index = { corpus, generation: expected };
}

/** Drop the cached index; the next `getIndex` reloads it. */
export function dropIndex(): void {
  index = null;
}

/** True when the index in memory is at `generation`: a scan will not have to load it (it answers quickly). */
export function hasIndexAt(generation: number): boolean {
  return index !== null && index.generation === generation;
}

/**
 * The index at the store's current generation (one cheap read to check it, unless the caller has just read
 * it: `generation`).
 */
export async function getIndex(store: CorpusStore, generation?: number): Promise<{ corpus: MemoryCorpus; generation: number }> {
  generation ??= await store.generation();
  if (index && index.generation === generation) return index;
  // Concurrent checks after a change share one load.
  loadingIndex ??= store.loadIndex().finally(() => {
    loadingIndex = null;
  });
  const loaded = await loadingIndex;
  index = loaded;
  return loaded;
}
