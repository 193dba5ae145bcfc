/**
 * The reading history in IndexedDB (the `history` store, schema version 3; entries in history-entry.ts).
 * Kept apart from the corpus: no generation, no index snapshot, nothing the engine reads, so recording a
 * page never makes another context reload its index.
 */
import type { RestoreMode } from '../api';
import { HISTORY_LIMIT, readHistoryEntry, type HistoryEntry } from './history-entry';
import type { IDBPObjectStore } from 'idb';
import type { Db, WireTraceDB } from '../idb/schema';
import { abandon, observedDone, Requests } from '../idb/tx-requests';

/** Adds or replaces the entry, then deletes the oldest entries past `limit`, in one transaction. */
export async function putHistory(db: Db, entry: HistoryEntry, limit: number = HISTORY_LIMIT): Promise<number> {
  const tx = db.transaction('history', 'readwrite');
  const done = observedDone(tx);
  try {
    await tx.store.put(entry);
    const writes = new Requests();
    // The entry just written is the newest, so it stays.
    const evicted = await evictOldest(tx.store, limit, writes, entry.key);
    await writes.all();
    await done;
    return evicted;
  } catch (e) {
    throw await abandon(tx, done, e);
  }
}

type HistoryStore = IDBPObjectStore<WireTraceDB, ['history'], 'history', 'readwrite'>;

/** Queues the deletion of the oldest entries (by `checkedAt`) past `limit`, sparing `keep`; returns how many. */
async function evictOldest(store: HistoryStore, limit: number, writes: Requests, keep?: string): Promise<number> {
  let excess = (await store.count()) - Math.max(0, Math.floor(limit));
  let evicted = 0;
  let cursor = excess > 0 ? await store.index('checkedAt').openCursor() : null;
  while (cursor && excess > 0) {
    if (cursor.primaryKey !== keep) {
      writes.add(cursor.delete());
      excess--;
      evicted++;
    }
    cursor = await cursor.continue();
  }
  return evicted;
}

/** Every entry, newest first (at most HISTORY_LIMIT of about 1 KB: read whole), older versions upgraded. */
export async function listHistory(db: Db): Promise<HistoryEntry[]> {
  const entries = await db.getAllFromIndex('history', 'checkedAt');
  return entries.reverse().map(readHistoryEntry);
}

/** Deletes every entry; returns how many there were. */
export async function clearHistory(db: Db): Promise<number> {
  const tx = db.transaction('history', 'readwrite');
  const [n] = await Promise.all([tx.store.count(), tx.store.clear(), tx.done]);
  return n;
}

/**
 * Restores history entries from a backup, in one transaction. Replace: the history becomes the backup's.
 * Merge: per page (`key`), the newer entry (by `checkedAt`) stays. Then the oldest past `limit` are evicted.
 * Returns how many entries were written.
 */
export async function restoreHistory(db: Db, entries: readonly HistoryEntry[], mode: RestoreMode, limit: number = HISTORY_LIMIT): Promise<number> {
  const tx = db.transaction('history', 'readwrite');
  const done = observedDone(tx);
  try {
    const writes = new Requests();
    if (mode === 'replace') writes.add(tx.store.clear());
    const stored = mode === 'merge' ? await Promise.all(entries.map((e) => tx.store.get(e.key))) : [];
    let written = 0;
    entries.forEach((entry, i) => {
      const old = stored[i];
      if (old && old.checkedAt >= entry.checkedAt) return;
      writes.add(tx.store.put(entry));
      written++;
    });
    await evictOldest(tx.store, limit, writes);
    await writes.all();
    await done;
    return written;
  } catch (e) {
    throw await abandon(tx, done, e);
  }
}
