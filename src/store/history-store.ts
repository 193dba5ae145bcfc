/**
 * The reading history in IndexedDB (the `history` store, schema version 3; entries in history-entry.ts).
 * Kept apart from the corpus: no generation, no index snapshot, nothing the engine reads, so recording a
 * page never makes another context reload its index.
 */
import { HISTORY_LIMIT, readHistoryEntry, type HistoryEntry } from './history-entry';
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
