/**
 * The backup file on the options page's side: recognising one among files given to "Import files", and
 * writing one as a Blob (format: src/core/formats/backup).
 */
import { BackupError, readBackupHeader, blobSource } from '@wiretrace/engine/formats';
import type { CorpusStore } from '../../store/api';
import { backupChunks } from '../../store/jobs/backup-io';
import { loadSettings } from '../../shared/settings';

/** gzip content type: the browser saves the file as it is, without unpacking it. */
export const BACKUP_MIME = 'application/gzip';

/**
 * Chunks gathered before they are folded into a Blob: the browser keeps a Blob's bytes in its own storage
 * (spilling to disk when large), so the page holds at most this much of the backup at a time.
 */
const BLOB_FOLD_BYTES = 16 * 1024 * 1024;

/** True when the file starts with a backup header (or one this build is too old to read). */
export async function isBackupFile(file: Blob): Promise<boolean> {
  try {
    await readBackupHeader(blobSource('backup', file.slice(0, 1024 * 1024)).chunks());
    return true;
  } catch (e) {
    return e instanceof BackupError && e.isBackup;
  }
}

/** The backup as a Blob, built without ever holding the whole file in the page. */
export async function backupBlob(store: CorpusStore): Promise<Blob> {
  let blob = new Blob([], { type: BACKUP_MIME });
  let parts: Uint8Array[] = [];
  let held = 0;
  const fold = (): void => {
    blob = new Blob([blob, ...(parts as BlobPart[])], { type: BACKUP_MIME });
    parts = [];
    held = 0;
  };
  const settings = await loadSettings();
  // The reading history goes in when the reader keeps one (an opt-in); it is restored with the articles.
  for await (const chunk of backupChunks(store, settings, { history: settings.history })) {
    parts.push(chunk);
    held += chunk.length;
    if (held >= BLOB_FOLD_BYTES) fold();
  }
  fold();
  return blob;
}
