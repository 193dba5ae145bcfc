/**
 * The readers' half of the consistency rule (api.ts): the records of a job that is not `done` are not part
 * of the corpus, so every read skips them (the jobs' half, writing and rolling back: jobs/import-jobs.ts).
 */
import type { IDBPTransaction } from 'idb';
import type { ImportState, WireTraceDB } from './schema';

/** States whose records are not part of the corpus. */
const UNCOMMITTED_STATES: readonly ImportState[] = ['running', 'cancelled', 'failed'];

type ReadTx = IDBPTransaction<WireTraceDB, ('records' | 'imports' | 'meta')[], 'readonly' | 'readwrite'>;

/** Ids of the jobs whose records readers must not see. Needs `imports` in the transaction. */
export async function uncommittedImportIds(tx: ReadTx): Promise<Set<string>> {
  const index = tx.objectStore('imports').index('state');
  const lists = await Promise.all(UNCOMMITTED_STATES.map((state) => index.getAllKeys(state)));
  return new Set(lists.flat());
}

/** Records in the store that belong to the corpus. Needs `records` and `imports` in the transaction. */
export async function committedCount(tx: ReadTx): Promise<number> {
  const records = tx.objectStore('records');
  const [total, pending] = await Promise.all([records.count(), uncommittedImportIds(tx)]);
  const pendingCounts = await Promise.all([...pending].map((id) => records.index('importId').count(id)));
  return total - pendingCounts.reduce((a, b) => a + b, 0);
}
