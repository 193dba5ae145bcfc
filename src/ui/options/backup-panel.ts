/**
 * "Back up and restore": one file with the corpus (every record with its origin and addedAt) and the
 * settings (format: src/core/formats/backup), and its restore, merged into the corpus or replacing it after a
 * confirmation. The file is read twice: once for its header (what the dialog shows), once to restore.
 */
import { BackupError, backupFileName, type BackupHeader, readBackupHeader, blobSource } from '@wiretrace/engine/formats';
import type { CorpusStore, RestoreMode } from '../../store/api';
import { backupChunks, restoreBackup } from '../../store/jobs/backup-io';
import { loadSettings, normaliseSettings } from '../../shared/settings';
import { byId } from '../shared/dom';
import { downloadBlob } from '../shared/download';
import { formatDate } from '../shared/format';
import { t, tCount } from '../shared/i18n';
import { formatNumber } from './progress-text';
import type { SettingsPanel } from './settings-panel';

/** gzip content type: the browser saves the file as it is, without unpacking it. */
export const BACKUP_MIME = 'application/gzip';

/**
 * Chunks gathered before they are folded into a Blob: the browser keeps a Blob's bytes in its own storage
 * (spilling to disk when large), so the page holds at most this much of the backup at a time.
 */
const BLOB_FOLD_BYTES = 16 * 1024 * 1024;

export interface BackupPanelOptions {
  store: CorpusStore;
  settings: SettingsPanel;
  /** A restore runs (true) or ended (false): the page locks imports and clearing meanwhile. */
  onBusy(busy: boolean): void;
  /** After a restore that may have changed the corpus. */
  onRestored(): Promise<void>;
}

export interface BackupPanel {
  /** Reads the file's header and opens the restore dialog (also used when a backup is given to "Import files"). */
  offerRestore(file: Blob): Promise<void>;
  /** Locks the buttons while an import runs. */
  setBusy(busy: boolean): void;
}

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

export function setupBackupPanel(opts: BackupPanelOptions): BackupPanel {
  const exportButton = byId<HTMLButtonElement>('backup-export');
  const restoreButton = byId<HTMLButtonElement>('backup-restore');
  const fileInput = byId<HTMLInputElement>('backup-restore-file');
  const status = byId('backup-status');
  const restoreDialog = byId<HTMLDialogElement>('restore-dialog');
  const replaceDialog = byId<HTMLDialogElement>('replace-dialog');
  const withSettings = byId<HTMLInputElement>('restore-settings');
  let busy = false;
  let importing = false;
  let offered: { file: Blob; header: BackupHeader } | null = null;

  const update = (): void => {
    exportButton.disabled = busy || importing;
    fileInput.disabled = busy || importing;
    restoreButton.disabled = busy || importing;
  };
  const setBusy = (value: boolean): void => {
    busy = value;
    update();
    opts.onBusy(value);
  };

  exportButton.addEventListener('click', () => {
    setBusy(true);
    status.textContent = t('backupExporting');
    void (async () => {
      try {
        const [blob, total] = [await backupBlob(opts.store), await opts.store.count()];
        downloadBlob(blob, backupFileName());
        status.textContent = t('backupExported', tCount(total, 'articlesOne', 'articlesMany'));
      } catch (e) {
        status.textContent = t('backupExportFailed', e instanceof Error ? e.message : String(e));
      } finally {
        setBusy(false);
      }
    })();
  });

  async function offerRestore(file: Blob): Promise<void> {
    if (busy) return;
    status.textContent = t('backupReading');
    let header: BackupHeader;
    try {
      header = await readBackupHeader(blobSource('backup', file).chunks());
    } catch (e) {
      status.textContent = t('backupRestoreFailed', e instanceof Error ? e.message : String(e));
      return;
    }
    status.textContent = '';
    offered = { file, header };
    const c = header.counts;
    byId('restore-dialog-text').textContent = t(
      'backupRestoreText',
      formatDate(header.createdAt),
      tCount(c.records, 'articlesOne', 'articlesMany'),
      formatNumber(c.imported),
      formatNumber(c.captured),
    );
    withSettings.checked = false;
    restoreDialog.showModal();
    byId<HTMLButtonElement>('restore-cancel').focus();
  }

  async function restore(mode: RestoreMode): Promise<void> {
    const chosen = offered;
    offered = null;
    if (!chosen || busy) return;
    const applySettings = mode === 'replace' || withSettings.checked;
    setBusy(true);
    status.textContent = t('backupRestoring', tCount(0, 'articlesOne', 'articlesMany'));
    try {
      const { result, header, history } = await restoreBackup(opts.store, blobSource('backup', chosen.file).chunks(), mode, {
        onProgress: (n) => (status.textContent = t('backupRestoring', tCount(n, 'articlesOne', 'articlesMany'))),
      });
      if (result.status !== 'done') {
        status.textContent = t('backupRestoreFailed', result.error ?? '');
        return;
      }
      const done = t('backupRestored', tCount(result.imported, 'articlesOne', 'articlesMany'), formatNumber(result.duplicates), tCount(result.total, 'articlesOne', 'articlesMany'));
      let settingsLine = t('backupSettingsKept');
      if (applySettings && header) {
        try {
          await opts.settings.replaceAll(normaliseSettings(header.settings));
          settingsLine = t('backupSettingsRestored');
        } catch (e) {
          settingsLine = t('backupSettingsFailed', e instanceof Error ? e.message : String(e));
        }
      }
      const historyLine = history > 0 ? ` ${t('backupHistoryRestored', tCount(history, 'historyEntriesOne', 'historyEntriesMany'))}` : '';
      status.textContent = `${done}${historyLine} ${settingsLine}`;
      await opts.onRestored();
    } finally {
      setBusy(false);
    }
  }

  restoreButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void offerRestore(file);
  });
  byId('restore-cancel').addEventListener('click', () => {
    offered = null;
    restoreDialog.close();
  });
  byId('restore-merge').addEventListener('click', () => {
    restoreDialog.close();
    void restore('merge');
  });
  byId('restore-replace').addEventListener('click', () => {
    restoreDialog.close();
    void opts.store.count().then((n) => {
      byId('replace-dialog-text').textContent = t('backupReplaceText', tCount(n, 'articlesOne', 'articlesMany'));
      replaceDialog.showModal();
      byId<HTMLButtonElement>('replace-cancel').focus();
    });
  });
  byId('replace-cancel').addEventListener('click', () => {
    offered = null;
    replaceDialog.close();
  });
  byId('replace-confirm').addEventListener('click', () => {
    replaceDialog.close();
    void restore('replace');
  });
  update();

  return {
    offerRestore,
    setBusy(value) {
      importing = value;
      update();
    },
  };
}
