/**
/**
 * Backups of a store: the store's records (and reading history) through the backup codec
 * (src/core/formats/backup), both ways. No DOM and no settings storage: the caller passes the settings to save
 * and applies the ones restored.
 */
import { BACKUP_MARK, BACKUP_VERSION, BackupError, backupRecordOf, decodeBackup, encodeBackup, type BackupHeader, type BackupRecord } from '@wiretrace/engine/formats';
import type { CorpusStore, ImportResult, RestoreMode } from '../api';
import { parseHistoryEntry, type HistoryEntry } from '../history/history-entry';

async function* backupBatches(store: Pick<CorpusStore, 'exportRecords'>): AsyncIterable<BackupRecord[]> {
  for await (const batch of store.exportRecords()) yield batch.map(backupRecordOf);
}

export interface BackupOptions {
  /** Include the reading history (the reader opted in to keeping one: `settings.history`). */
  history?: boolean;
  now?: Date;
}

/** The whole corpus, `settings` and (when asked) the reading history as backup file chunks (gzip), read from the store batch by batch. */
export async function* backupChunks(
  store: Pick<CorpusStore, 'exportRecords' | 'originStats' | 'listHistory'>,
  settings: unknown,
  opts: BackupOptions = {},
): AsyncIterable<Uint8Array> {
  const stats = await store.originStats();
  // At most HISTORY_LIMIT entries of about 1 KB: held whole, written after the records.
  const history = opts.history ? await store.listHistory() : [];
  const header: BackupHeader = {
    wiretrace: BACKUP_MARK,
    version: BACKUP_VERSION,
    createdAt: (opts.now ?? new Date()).toISOString(),
    settings,
    counts: {
      records: stats.import.articles + stats.capture.articles,
      imported: stats.import.articles,
      captured: stats.capture.articles,
      history: history.length,
    },
  };
  yield* encodeBackup(header, backupBatches(store), history);
}

export interface RestoreOutcome {
  result: ImportResult;
  /** The backup's header (null when the file is not a backup at all). */
  header: BackupHeader | null;
  /** Reading-history entries written (0 for a version-1 backup, or when the restore did not complete). */
  history: number;
}

/**
 * Restores a backup file into the store. The records go in while the file is read; a damaged file (even at
 * its very end) fails the restore and the store rolls it back, so the corpus is as it was. The history
 * entries come last in the file; they are checked before the records commit and written once they have.
 */
export async function restoreBackup(
  store: Pick<CorpusStore, 'restore' | 'restoreHistory'>,
  chunks: AsyncIterable<Uint8Array>,
  mode: RestoreMode,
  opts: { signal?: AbortSignal; onProgress?: (written: number) => void } = {},
): Promise<RestoreOutcome> {
  let header: BackupHeader | null = null;
  let history: HistoryEntry[] = [];
  async function* records(): AsyncIterable<BackupRecord[]> {
    for await (const event of decodeBackup(chunks)) {
      if (event.type === 'header') header = event.header;
      else if (event.type === 'records') yield event.records;
      else history = event.entries.map(checkedEntry);
    }
  }
  const result = await store.restore(records(), { mode, ...opts });
  // A backup without history (version 1, or made without one) leaves the reader's history as it is, in both modes.
  const written = result.status === 'done' && history.length > 0 ? await store.restoreHistory(history, mode) : 0;
  return { result, header, history: written };
}

function checkedEntry(value: unknown, i: number): HistoryEntry {
  const entry = parseHistoryEntry(value);
  if (!entry) throw new BackupError(`The backup is damaged: its reading-history entry ${i + 1} is not valid.`);
  return entry;
}
