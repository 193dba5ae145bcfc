/**
 * The corpus store's public contract (IndexedDB through `idb`). The background, the options page and the
 * compare page use it; the implementation lives next to this file. Records and the index snapshot carry a
 * schema version (`SCHEMA_VERSION`); opening an older database migrates it and keeps the data.
 *
 * Consistency rule: the index snapshot in `meta` always describes exactly the committed records. An import
 * writes its records tagged with its `importId` while it runs, and commits by writing the new snapshot and
 * marking the import done in one transaction. An import that was cancelled is rolled back by its own page;
 * one whose page or worker died is rolled back the next time any context opens the store: at once, because
 * the dead context's Web Lock on the job was released by the browser (`navigator.locks`; without that API,
 * after `STALE_IMPORT_MS` with no heartbeat). So a reader never sees half an import.
 */
import type { BackupRecord, ImportIssue, ImportSource } from '@wiretrace/engine/formats';
import type { CorpusRecord, MemoryCorpus } from '@wiretrace/engine';
import type { CaptureLimits } from '../shared/settings';
import type { HistoryEntry } from './history/history-entry';

export const DB_NAME = 'wiretrace';
/**
 * 1: first layout. 2: record texts stored deflated (`textZ`, see text-codec.ts); version-1 rows keep their
 * plain `text` and are read as they are, so the step itself changes nothing in place. 3: the reading
 * history's store (history-entry.ts); records untouched.
 */
export const SCHEMA_VERSION = 3;

export type RecordOrigin = 'import' | 'capture';

/** A corpus article as stored. */
export interface StoredRecord extends CorpusRecord {
  v: typeof SCHEMA_VERSION;
  origin: RecordOrigin;
  /** The import that added it (null for captured pages). */
  importId: string | null;
  /** ISO time it was added. */
  addedAt: string;
  /** Word count of `text`. */
  words: number;
}

/** A record without its text, for listings. */
export type RecordSummary = Omit<StoredRecord, 'text'>;

export interface ListQuery {
  /** Case-insensitive substring of title, outlet or url. */
  search?: string;
  /** Exact outlet (case-insensitive). */
  outlet?: string;
  /** ISO dates, inclusive, on `published`. */
  from?: string;
  to?: string;
  sort?: 'published-desc' | 'published-asc' | 'title' | 'added-desc';
  offset?: number;
  limit?: number;
}

export interface ImportProgress {
  /** Files (top-level sources) finished / given. */
  filesDone: number;
  filesTotal: number;
  /** Bytes read / total bytes of the given files. */
  bytesDone: number;
  bytesTotal: number;
  imported: number;
  duplicates: number;
  skipped: number;
  /** Articles imported per second so far. */
  rate: number;
  currentFile: string | null;
}

export interface ImportResult {
  status: 'done' | 'cancelled' | 'failed';
  imported: number;
  /** The same text as a stored or earlier record (after whitespace/case normalisation): not added. */
  duplicates: number;
  /** Kept under a scoped id because another article held their id (`Deduper.admit`); counted in `imported`. */
  renamed: number;
  skipped: number;
  /** The first issues (file, line, reason). */
  issues: ImportIssue[];
  /** The first duplicates and renamed records (file, line, what happened): nothing is left out unlisted. */
  notes: ImportIssue[];
  /** Articles in the corpus afterwards. */
  total: number;
  /** User-facing message when status is 'failed'. */
  error?: string;
  seconds: number;
}

export interface RunImportOptions {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Needed for HTML files (the options page passes a DOMParser + Readability one). */
  extractHtml?: import('@wiretrace/engine/formats').ExtractHtml;
  origin?: RecordOrigin;
}

/**
 * How a backup is restored: `merge` adds the records whose id the corpus does not hold (the others are
 * duplicates); `replace` makes the corpus exactly the backup's records, in one commit (see run-restore.ts).
 */
export type RestoreMode = 'merge' | 'replace';

export interface RestoreOptions {
  mode: RestoreMode;
  signal?: AbortSignal;
  /** Records written so far (not yet committed). */
  onProgress?: (written: number) => void;
}

/** Thrown (with a user-facing message) when IndexedDB cannot be used: private mode, quota, blocked. */
export class StorageError extends Error {
  constructor(message: string, readonly reason: 'unavailable' | 'quota' | 'blocked' | 'version' | 'unknown') {
    super(message);
    this.name = 'StorageError';
  }
}

export interface OriginStats {
  articles: number;
  /** Text size in bytes (UTF-8, uncompressed). */
  textBytes: number;
  /** ISO time the oldest of them was added, or null when there are none. */
  oldest: string | null;
}

export interface CorpusStore {
  count(): Promise<number>;
  /** Bumped by every committed change; contexts holding an index reload it when it moves. */
  generation(): Promise<number>;
  getRecord(id: string): Promise<StoredRecord | undefined>;
  /** In the order asked; undefined for ids not stored. One transaction. */
  getRecords(ids: readonly string[]): Promise<(StoredRecord | undefined)[]>;
  list(query?: ListQuery): Promise<{ total: number; records: RecordSummary[] }>;
  /** Outlets with their article counts, most first. */
  outlets(): Promise<{ outlet: string; count: number }[]>;
  /** Deletes records and updates the index snapshot; returns how many were deleted. */
  deleteRecords(ids: readonly string[]): Promise<number>;
  clear(): Promise<void>;
  /** The corpus as JSON Lines (one record per line, importable again), in chunks. */
  exportJsonl(): AsyncIterable<string>;
  /** Every committed record with its metadata (origin, addedAt, byline), in batches: what a backup holds. */
  exportRecords(): AsyncIterable<StoredRecord[]>;
  /**
   * Restores backup records, keeping each one's origin and addedAt. Same commit rule as an import: a
   * failure anywhere (including the source throwing: a damaged backup) leaves the corpus as it was.
   */
  restore(records: AsyncIterable<readonly BackupRecord[]>, opts: RestoreOptions): Promise<ImportResult>;
  /** The index (records not held in memory: fetch them with getRecords). Snapshot, or rebuilt from records. */
  loadIndex(): Promise<{ corpus: MemoryCorpus; generation: number }>;
  /** Imports files; never leaves half an import behind (see the consistency rule above). */
  runImport(sources: ImportSource[], opts?: RunImportOptions): Promise<ImportResult>;
  /** Adds records directly (tests, capture); same commit rule as an import. */
  addRecords(records: CorpusRecord[], origin?: RecordOrigin): Promise<ImportResult>;
  /** Articles and text size of each set (imported, captured): the options page shows them apart. */
  originStats(): Promise<Record<RecordOrigin, OriginStats>>;
  /** Deletes every article of one set (the other stays); returns how many were deleted. */
  clearOrigin(origin: RecordOrigin): Promise<number>;
  /** Deletes the captured articles past the limits, oldest first (see capture-limits.ts); returns their ids. */
  evictCaptured(limits: CaptureLimits, now?: number): Promise<string[]>;
  /**
   * Adds or replaces (same `key`) a reading-history entry, then evicts the oldest entries past `limit`
   * (HISTORY_LIMIT by default), in one transaction; returns how many were evicted.
   */
  putHistory(entry: HistoryEntry, limit?: number): Promise<number>;
  /** Every history entry, newest first. */
  listHistory(): Promise<HistoryEntry[]>;
  /** Deletes the whole reading history (the corpus stays); returns how many entries were deleted. */
  clearHistory(): Promise<number>;
  /** Writes a backup's history entries (replace: they become the history; merge: the newer entry per page wins). */
  restoreHistory(entries: readonly HistoryEntry[], mode: RestoreMode): Promise<number>;
  close(): void;
}
