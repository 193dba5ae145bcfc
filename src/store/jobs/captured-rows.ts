/**
 * Captured pages belong to no import: their rows carry `importId: null` (api.ts). A restore writes every row
 * tagged with its job's id, so that readers skip them until the commit; the commit then clears the tag of the
 * restored captured rows, which keep their capture origin like any captured page.
 */
import type { IDBPObjectStore, StoreNames } from 'idb';
import type { WireTraceDB } from '../idb/schema';
import type { Requests } from '../idb/tx-requests';

type RecordsStore = IDBPObjectStore<WireTraceDB, ArrayLike<StoreNames<WireTraceDB>>, 'records', 'readwrite'>;

/** Queues, in the commit's transaction, the rewrite of the captured rows among `ids` with `importId: null`. */
export async function untagCaptured(records: RecordsStore, ids: readonly string[], writes: Requests): Promise<void> {
  const rows = await Promise.all(ids.map((id) => records.get(id)));
  for (const row of rows) if (row && row.origin === 'capture' && row.importId !== null) writes.add(records.put({ ...row, importId: null }));
}
