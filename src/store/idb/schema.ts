/**
 * The IndexedDB layout of the corpus store and its migrations.
 *
 * Object stores (version 1):
 *   records  one row per article (`RecordRow`), keyPath `id`; indexes on importId, origin, outlet (lower
 *            case, in the `outletKey` field because an index cannot lower-case by itself), published, addedAt.
 *            Rows whose indexed field is null simply have no entry in that index.
 *   meta     small keyed values: the generation counter and the index snapshot (`MetaRow`).
 *   imports  one row per import job (`ImportJob`), keyPath `id`; index on `state`, so readers find the
 *            uncommitted imports (whose records they must not show) without scanning the history.
 *
 * Added in version 3:
 *   history  the reading history (`HistoryEntry`, history-entry.ts), keyPath `key` (the page's comparable
 *            URL); index on `checkedAt`, for newest-first listing and oldest-first eviction.
 *
 * `upgrade` runs one migration per version step, oldest first, all in the versionchange transaction: a
 * database at version 1 opened by a version-3 build runs 1→2 then 2→3 and keeps its rows. Add a version by
 * appending to `MIGRATIONS` and bumping `SCHEMA_VERSION` in api.ts.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { SCHEMA_VERSION, type StoredRecord } from '../api';
import type { HistoryEntry, HistoryEntryV1 } from '../history/history-entry';

/**
 * The layout of the record rows written now: 2 (deflated texts). Schema version 3 added a store and left
 * the rows as they were, so rows keep their own version rather than the database's.
 */
export const RECORD_ROW_VERSION = 2;

/**
 * A stored record as a row: the text deflated (`textZ` + `textBytes`, rows of version 2) or plain (`text`,
 * rows written by version 1), plus the fields that only exist for the indexes.
 */
export interface RecordRow extends Omit<StoredRecord, 'v' | 'text'> {
  v: 1 | typeof RECORD_ROW_VERSION;
  text?: string;
  textZ?: Uint8Array;
  textBytes?: number;
  /** `outlet` in lower case (absent when there is no outlet), for the case-insensitive outlet index. */
  outletKey?: string;
}

export type ImportState = 'running' | 'done' | 'cancelled' | 'failed';

/** One import (or direct addition), kept after it ends as a small history. */
export interface ImportJob {
  id: string;
  state: ImportState;
  origin: StoredRecord['origin'];
  /** ms since the epoch. */
  startedAt: number;
  /** ms since the epoch of the last sign of life of the context running it (see STALE_IMPORT_MS). */
  heartbeat: number;
  finishedAt: number | null;
  imported: number;
  duplicates: number;
  skipped: number;
  error: string | null;
}

/** Key of the generation counter in `meta`. */
export const GENERATION_KEY = 'generation';
/** Key of the index snapshot in `meta`. */
export const SNAPSHOT_KEY = 'index';

export interface GenerationRow {
  key: typeof GENERATION_KEY;
  value: number;
}

export interface SnapshotRow {
  key: typeof SNAPSHOT_KEY;
  /**
   * `writeCorpus(corpus, { includeRecords: false })`: a Blob since the index worker (tens of MB at 100k
   * articles: stored as a Blob, IndexedDB keeps it as a file and neither writing nor reading it clones the
   * bytes on the calling thread); a Uint8Array in snapshots written before.
   */
  bytes: Uint8Array | Blob;
  /** The generation these bytes describe; a snapshot from another generation is stale. */
  generation: number;
  /** Committed records the snapshot indexes; a disagreement with the records store means it is stale. */
  count: number;
  savedAt: string;
}

export type MetaRow = GenerationRow | SnapshotRow;

export interface WireTraceDB extends DBSchema {
  records: {
    key: string;
    value: RecordRow;
    indexes: { importId: string; origin: string; outlet: string; published: string; addedAt: string };
  };
  meta: { key: string; value: MetaRow };
  imports: { key: string; value: ImportJob; indexes: { state: string } };
  history: { key: string; value: HistoryEntry | HistoryEntryV1; indexes: { checkedAt: string } };
}

export type Db = IDBPDatabase<WireTraceDB>;
type UpgradeTx = IDBPTransaction<WireTraceDB, StoreNames<WireTraceDB>[], 'versionchange'>;

/**
 * `MIGRATIONS[n]` brings a database from version n − 1 to version n. Version 0 means "no database yet",
 * so `MIGRATIONS[1]` creates the first layout. Typed loosely on purpose: a later migration may need to
 * touch stores that the current `WireTraceDB` type no longer describes.
 */
export const MIGRATIONS: Record<number, (db: Db, tx: UpgradeTx) => void> = {
  1: (db) => {
    const records = db.createObjectStore('records', { keyPath: 'id' });
    records.createIndex('importId', 'importId');
    records.createIndex('origin', 'origin');
    records.createIndex('outlet', 'outletKey');
    records.createIndex('published', 'published');
    records.createIndex('addedAt', 'addedAt');
    db.createObjectStore('meta', { keyPath: 'key' });
    const imports = db.createObjectStore('imports', { keyPath: 'id' });
    imports.createIndex('state', 'state');
  },
  // Texts are written deflated from now on; version-1 rows stay as they are and are read as they are
  // (compressing 100k rows inside the upgrade would hold every other context off for tens of seconds).
  // The version still moves, so that an older WireTrace, which cannot read deflated rows, refuses the
  // database with its "newer version" message instead of showing empty articles.
  2: () => undefined,
  // The reading history: a new store beside the others, nothing else touched (every row is kept).
  3: (db) => {
    const history = db.createObjectStore('history', { keyPath: 'key' });
    history.createIndex('checkedAt', 'checkedAt');
  },
};

/** The `upgrade` callback: every migration step from `oldVersion` up to `newVersion`, in order. */
export function upgradeDatabase(db: Db, oldVersion: number, newVersion: number | null, tx: UpgradeTx): void {
  const target = newVersion ?? SCHEMA_VERSION;
  for (let v = oldVersion + 1; v <= target; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no migration to storage version ${v}`);
    step(db, tx);
  }
}
