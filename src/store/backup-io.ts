/**
 * Backups of a store: the store's records through the backup codec (src/core/formats/backup), both ways. No DOM and
 * no settings storage: the caller passes the settings to save and applies the ones restored.
 */
import { BACKUP_MARK, BACKUP_VERSION, type BackupHeader, type BackupRecord, decodeBackup, encodeBackup } from '@wiretrace/engine/formats';
import type { CorpusStore, ImportResult, RestoreMode, StoredRecord } from './api';

export function backupRecordOf(r: StoredRecord): BackupRecord {
  return {
    id: r.id,
    title: r.title,
    outlet: r.outlet,
    url: r.url,
    published: r.published,
    byline: r.byline ?? null,
    text: r.text,
    origin: r.origin,
    addedAt: r.addedAt,
  };
}

async function* backupBatches(store: Pick<CorpusStore, 'exportRecords'>): AsyncIterable<BackupRecord[]> {
  for await (const batch of store.exportRecords()) yield batch.map(backupRecordOf);
}

/** The whole corpus and `settings` as backup file chunks (gzip), read from the store batch by batch. */
export async function* backupChunks(
  store: Pick<CorpusStore, 'exportRecords' | 'originStats'>,
  settings: unknown,
  now: Date = new Date(),
): AsyncIterable<Uint8Array> {
  const stats = await store.originStats();
  const header: BackupHeader = {
    wiretrace: BACKUP_MARK,
    version: BACKUP_VERSION,
    createdAt: now.toISOString(),
    settings,
    counts: { records: stats.import.articles + stats.capture.articles, imported: stats.import.articles, captured: stats.capture.articles },
  };
  yield* encodeBackup(header, backupBatches(store));
}

export interface RestoreOutcome {
  result: ImportResult;
  /** The backup's header (null when the file is not a backup at all). */
  header: BackupHeader | null;
}

/**
 * Restores a backup file into the store. The records go in while the file is read; a damaged file (even at
 * its very end) fails the restore and the store rolls it back, so the corpus is as it was.
 */
export async function restoreBackup(
  store: Pick<CorpusStore, 'restore'>,
  chunks: AsyncIterable<Uint8Array>,
  mode: RestoreMode,
  opts: { signal?: AbortSignal; onProgress?: (written: number) => void } = {},
): Promise<RestoreOutcome> {
  let header: BackupHeader | null = null;
  async function* records(): AsyncIterable<BackupRecord[]> {
    for await (const event of decodeBackup(chunks)) {
      if (event.type === 'header') header = event.header;
      else yield event.records;
    }
  }
  const result = await store.restore(records(), { mode, ...opts });
  return { result, header };
}
