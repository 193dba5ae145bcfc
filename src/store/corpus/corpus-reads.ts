/**
 * The store's reads: committed records only, each read in its own transaction (the consistency rule of
 * api.ts: rows of an import still running elsewhere are skipped).
 */
import type { ListQuery, OriginStats, RecordOrigin, RecordSummary, StoredRecord } from '../api';
import { fromRow, outletKey, summaryOf } from '../idb/record-rows';
import type { Db, RecordRow } from '../idb/schema';
import { committedCount, uncommittedImportIds } from '../idb/visible-rows';
import type { CapturedEntry } from './capture-limits';
import { compareSummaries, DEFAULT_LIST_LIMIT, rowFilter } from './list-query';

/** Records per exported chunk (and per read transaction): a few MB of JSON at most. */
const EXPORT_BATCH = 500;

export async function countRecords(db: Db): Promise<number> {
  const tx = db.transaction(['records', 'imports'], 'readonly');
  const [n] = await Promise.all([committedCount(tx), tx.done]);
  return n;
}

export async function getRecords(db: Db, ids: readonly string[]): Promise<(StoredRecord | undefined)[]> {
  const tx = db.transaction(['records', 'imports'], 'readonly');
  const records = tx.objectStore('records');
  const [pending, rows] = await Promise.all([uncommittedImportIds(tx), Promise.all(ids.map((id) => records.get(id))), tx.done]);
  return rows.map((row) => (row && !(row.importId !== null && pending.has(row.importId)) ? fromRow(row) : undefined));
}

export async function listRecords(db: Db, query: ListQuery): Promise<{ total: number; records: RecordSummary[] }> {
  const keep = rowFilter(query);
  const found: RecordSummary[] = [];
  // An empty outlet means "any outlet", as in rowFilter.
  const key = outletKey(query.outlet);
  const tx = db.transaction(['records', 'imports'], 'readonly');
  const pending = await uncommittedImportIds(tx);
  const store = tx.objectStore('records');
  // The outlet filter reads only that outlet's rows through its index; everything else is a scan.
  let cursor = key === null ? await store.openCursor() : await store.index('outlet').openCursor(key);
  while (cursor) {
    const row = cursor.value;
    if (!(row.importId !== null && pending.has(row.importId)) && keep(row)) found.push(summaryOf(row));
    cursor = await cursor.continue();
  }
  await tx.done;
  found.sort(compareSummaries(query.sort ?? 'published-desc'));
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_LIST_LIMIT));
  return { total: found.length, records: found.slice(offset, offset + limit) };
}

export async function outletCounts(db: Db): Promise<{ outlet: string; count: number }[]> {
  const tx = db.transaction(['records', 'imports'], 'readonly');
  const index = tx.objectStore('records').index('outlet');
  const counts = new Map<string, number>();
  // Keys only: counting needs no texts.
  let cursor = await index.openKeyCursor();
  while (cursor) {
    counts.set(cursor.key, (counts.get(cursor.key) ?? 0) + 1);
    cursor = await cursor.continue();
  }
  // Uncommitted rows (an import running elsewhere) do not count.
  for (const id of await uncommittedImportIds(tx)) {
    for (const row of await tx.objectStore('records').index('importId').getAll(id)) {
      if (row.outletKey !== undefined) counts.set(row.outletKey, (counts.get(row.outletKey) ?? 0) - 1);
    }
  }
  const keys = [...counts].filter(([, n]) => n > 0);
  // Show the outlet as spelled in one of its records.
  const names = await Promise.all(keys.map(([k]) => index.get(k)));
  await tx.done;
  return keys
    .map(([k, count], i) => ({ outlet: names[i]?.outlet?.trim() || k, count }))
    .sort((a, b) => b.count - a.count || a.outlet.localeCompare(b.outlet));
}

/** The committed rows in id order, EXPORT_BATCH per read transaction (so no transaction waits on the consumer). */
export async function* committedRows(db: Db): AsyncIterable<RecordRow[]> {
  let after: string | null = null;
  for (;;) {
    const tx = db.transaction(['records', 'imports'], 'readonly');
    const range: IDBKeyRange | undefined = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
    const [pending, rows]: [Set<string>, RecordRow[], void] = await Promise.all([
      uncommittedImportIds(tx),
      tx.objectStore('records').getAll(range, EXPORT_BATCH),
      tx.done,
    ]);
    yield rows.filter((r) => !(r.importId !== null && pending.has(r.importId)));
    if (rows.length < EXPORT_BATCH) return;
    after = rows[rows.length - 1].id;
  }
}

/** The committed rows of one set, without their texts (through the `origin` index, one cursor). */
export async function originEntries(db: Db, origin: RecordOrigin): Promise<CapturedEntry[]> {
  const tx = db.transaction(['records', 'imports'], 'readonly');
  const pending = await uncommittedImportIds(tx);
  const out: CapturedEntry[] = [];
  let cursor = await tx.objectStore('records').index('origin').openCursor(origin);
  while (cursor) {
    const row = cursor.value;
    if (!(row.importId !== null && pending.has(row.importId))) {
      // Version-1 rows hold the text itself; its UTF-16 length is close enough for the limits.
      out.push({ id: row.id, addedAt: row.addedAt, textBytes: row.textBytes ?? row.text?.length ?? 0 });
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return out;
}

/** Articles, text size and oldest addition of one set's entries. */
export function originStatsOf(entries: readonly CapturedEntry[]): OriginStats {
  return {
    articles: entries.length,
    textBytes: entries.reduce((sum, e) => sum + e.textBytes, 0),
    oldest: entries.reduce<string | null>((min, e) => (min === null || e.addedAt < min ? e.addedAt : min), null),
  };
}
