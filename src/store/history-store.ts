/**
 * The reading history in IndexedDB (the `history` store, schema version 3; entries in history-entry.ts).
 * Kept apart from the corpus: no generation, no index snapshot, nothing the engine reads, so recording a
 * page never makes another context reload its index.
 */
import type { RestoreMode } from './api';
import { HISTORY_LIMIT, type HistoryEntry } from './history-entry';
import type { Db } from './schema';
import { abandon, observedDone, Requests } from './tx-requests';

/** Adds or replaces the entry, then deletes the oldest entries past `limit`, in one transaction. */
export async function putHistory(db: Db, entry: HistoryEntry, limit: number = HISTORY_LIMIT): Promise<number> {
  const tx = db.transaction('history', 'readwrite');
  const done = observedDone(tx);
  try {
    await tx.store.put(entry);
    let excess = (await tx.store.count()) - Math.max(0, Math.floor(limit));
    let evicted = 0;
    // Oldest first through the `checkedAt` index; the entry just written is the newest, so it stays.
    let cursor = excess > 0 ? await tx.store.index('checkedAt').openCursor() : null;
    const writes = new Requests();
    while (cursor && excess > 0) {
      if (cursor.primaryKey !== entry.key) {
        writes.add(cursor.delete());
        excess--;
        evicted++;
      }
      cursor = await cursor.continue();
    }
    await writes.all();
    await done;
    return evicted;
  } catch (e) {
    throw await abandon(tx, done, e);
  }
}

/** Every entry, newest first (at most HISTORY_LIMIT of about 1 KB: read whole). */
export async function listHistory(db: Db): Promise<HistoryEntry[]> {
  const entries = await db.getAllFromIndex('history', 'checkedAt');
  return entries.reverse();
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
    let excess = (await tx.store.count()) - Math.max(0, Math.floor(limit));
    let cursor = excess > 0 ? await tx.store.index('checkedAt').openCursor() : null;
    while (cursor && excess > 0) {
      writes.add(cursor.delete());
      excess--;
      cursor = await cursor.continue();
    }
    await writes.all();
    await done;
    return written;
  } catch (e) {
    throw await abandon(tx, done, e);
  }
}
