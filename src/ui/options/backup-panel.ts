/**
 * "Back up and restore": one file with the corpus (every record with its origin and addedAt) and the
 * settings (the file: backup-file.ts), and its restore, merged into the corpus or replacing it after a
 * confirmation. The file is read twice: once for its header (what the dialog shows), once to restore.
 */
import { backupFileName, type BackupHeader, readBackupHeader, blobSource } from '@wiretrace/engine/formats';
import type { CorpusStore, RestoreMode } from '../../store/api';
import { restoreBackup } from '../../store/jobs/backup-io';
import { normaliseSettings } from '../../shared/settings';
import { byId } from '../shared/dom';
import { downloadBlob } from '../shared/download';
import { formatDate } from '../shared/format';
import { t, tCount } from '../shared/i18n';
import { backupBlob } from './backup-file';
import { confirmDialog, type ConfirmDialog } from './confirm-dialog';
import { formatNumber } from './progress-text';
import type { SettingsPanel } from './settings-panel';

export { isBackupFile } from './backup-file';

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

export function setupBackupPanel(opts: BackupPanelOptions): BackupPanel {
  return new BackupControls(opts);
}

const articles = (n: number): string => tCount(n, 'articlesOne', 'articlesMany');
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

class BackupControls implements BackupPanel {
  /** A backup or a restore runs here. */
  private busy = false;
  /** An import runs (the import panel). */
  private importing = false;
  /** The file the restore dialog is about. */
  private offered: { file: Blob; header: BackupHeader } | null = null;
  private readonly status = byId('backup-status');
  private readonly buttons = [byId<HTMLButtonElement>('backup-export'), byId<HTMLButtonElement>('backup-restore'), byId<HTMLInputElement>('backup-restore-file')];
  private readonly restoreDialog = byId<HTMLDialogElement>('restore-dialog');
  private readonly replaceDialog: ConfirmDialog;

  constructor(private readonly opts: BackupPanelOptions) {
    const fileInput = byId<HTMLInputElement>('backup-restore-file');
    byId('backup-export').addEventListener('click', () => void this.download());
    byId('backup-restore').addEventListener('click', () => fileInput.click());
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      fileInput.value = '';
      if (file) void this.offerRestore(file);
    });
    this.replaceDialog = confirmDialog({
      name: 'replace',
      section: 'backup',
      title: 'backupReplaceTitle',
      confirm: 'backupReplaceConfirm',
      onConfirm: () => void this.restore('replace'),
      onCancel: () => (this.offered = null),
    });
    this.wireRestoreDialog();
    this.update();
  }

  setBusy(value: boolean): void {
    this.importing = value;
    this.update();
  }

  async offerRestore(file: Blob): Promise<void> {
    if (this.busy) return;
    this.status.textContent = t('backupReading');
    let header: BackupHeader;
    try {
      header = await readBackupHeader(blobSource('backup', file).chunks());
    } catch (e) {
      this.status.textContent = t('backupRestoreFailed', errorText(e));
      return;
    }
    this.status.textContent = '';
    this.offered = { file, header };
    const c = header.counts;
    byId('restore-dialog-text').textContent = t('backupRestoreText', formatDate(header.createdAt), articles(c.records), formatNumber(c.imported), formatNumber(c.captured));
    byId<HTMLInputElement>('restore-settings').checked = false;
    this.restoreDialog.showModal();
    byId<HTMLButtonElement>('restore-cancel').focus();
  }

  private update(): void {
    for (const control of this.buttons) control.disabled = this.busy || this.importing;
  }

  private setRunning(value: boolean): void {
    this.busy = value;
    this.update();
    this.opts.onBusy(value);
  }

  private async download(): Promise<void> {
    this.setRunning(true);
    this.status.textContent = t('backupExporting');
    try {
      const [blob, total] = [await backupBlob(this.opts.store), await this.opts.store.count()];
      downloadBlob(blob, backupFileName());
      this.status.textContent = t('backupExported', articles(total));
    } catch (e) {
      this.status.textContent = t('backupExportFailed', errorText(e));
    } finally {
      this.setRunning(false);
    }
  }

  /** The restore dialog: Cancel, Merge, or Replace… (which asks again, with the corpus's size). */
  private wireRestoreDialog(): void {
    const answer = (then: () => void): void => {
      this.restoreDialog.close();
      then();
    };
    byId('restore-cancel').addEventListener('click', () => answer(() => (this.offered = null)));
    byId('restore-merge').addEventListener('click', () => answer(() => void this.restore('merge')));
    byId('restore-replace').addEventListener('click', () =>
      answer(() => void this.opts.store.count().then((n) => this.replaceDialog.ask(t('backupReplaceText', articles(n))))),
    );
  }

  private async restore(mode: RestoreMode): Promise<void> {
    const chosen = this.offered;
    this.offered = null;
    if (!chosen || this.busy) return;
    const applySettings = mode === 'replace' || byId<HTMLInputElement>('restore-settings').checked;
    this.setRunning(true);
    this.status.textContent = t('backupRestoring', articles(0));
    try {
      const { result, header, history } = await restoreBackup(this.opts.store, blobSource('backup', chosen.file).chunks(), mode, {
        onProgress: (n) => (this.status.textContent = t('backupRestoring', articles(n))),
      });
      if (result.status !== 'done') {
        this.status.textContent = t('backupRestoreFailed', result.error ?? '');
        return;
      }
      const done = t('backupRestored', articles(result.imported), formatNumber(result.duplicates), articles(result.total));
      const settingsLine = applySettings && header ? await this.applySettings(header.settings) : t('backupSettingsKept');
      const historyLine = history > 0 ? ` ${t('backupHistoryRestored', tCount(history, 'historyEntriesOne', 'historyEntriesMany'))}` : '';
      this.status.textContent = `${done}${historyLine} ${settingsLine}`;
      await this.opts.onRestored();
    } finally {
      this.setRunning(false);
    }
  }

  /** The backup's settings, repaired; says how that went. */
  private async applySettings(settings: unknown): Promise<string> {
    try {
      await this.opts.settings.replaceAll(normaliseSettings(settings));
      return t('backupSettingsRestored');
    } catch (e) {
      return t('backupSettingsFailed', errorText(e));
    }
  }
}
