/** What the store hands an import or a restore, and the limits of what a job reports back. */
import type { IndexKeeper } from '../index/index-keeper';
import type { Db } from '../idb/schema';

/** What the store gives the import: its database and its writer-side copy of the index. */
export interface ImportContext {
  db: Db;
  /** The working index, owned by the writer (mutated by the import). */
  keeper: IndexKeeper;
  generation(): Promise<number>;
  count(): Promise<number>;
}

/** A job's counters, as its result and its job row carry them. */
export interface JobCounts {
  imported: number;
  duplicates: number;
  skipped: number;
}

/** Issues kept in the result: the options page lists the first ones; the count covers all. */
export const MAX_RESULT_ISSUES = 200;
