/**
 * The options page: corpus figures, reading history, import, browse and search, settings. The store is
 * opened once; when IndexedDB cannot be used the page says why, disables what needs the corpus, and keeps
 * the settings working.
 */
import { StorageError, type CorpusStore } from '../../store/api';
import { byId } from '../shared/dom';
import { t } from '../shared/i18n';
import { notifyBackground } from '../shared/notify-background';
import { isBackupFile, setupBackupPanel } from './backup-panel';
import { setupBrowsePanel } from './browse-panel';
import { setupCapturePanel } from './capture-panel';
import { setupHistoryPanel, type HistoryPanel } from './history-panel';
import { showCorpusFigures, showCorpusUnavailable, showPersistence, showStorageUsed } from './corpus-stats';
import { createExtractHtml } from './extract-html';
import { guardStrayDrops } from './drop-zone';
import { disableImport, setupImportPanel, type ImportPanel } from './import-panel';
import { setupSettingsPanel, type SettingsPanel } from './settings-panel';

export interface OptionsDeps {
  openStore(): Promise<CorpusStore>;
}

export interface OptionsPage {
  store: CorpusStore | null;
  importPanel: ImportPanel | null;
  settings: SettingsPanel;
  history: HistoryPanel | null;
}

/** `?import` or `#import` (the popup's "no corpus yet" link) brings the import section into view. */
export function wantsImport(location: Pick<Location, 'search' | 'hash'>): boolean {
  return new URLSearchParams(location.search).has('import') || location.hash === '#import';
}

function isStorageError(e: unknown): e is StorageError {
  // By name as well: a StorageError from another bundle chunk is not `instanceof` this class.
  return e instanceof StorageError || (e instanceof Error && e.name === 'StorageError');
}

export async function startOptionsPage(deps: OptionsDeps, doc: Document = document): Promise<OptionsPage> {
  const settingsReady = setupSettingsPanel();
  // Until the import panel takes over, a file dropped anywhere must not replace this page.
  const releaseEarlyGuard = guardStrayDrops(doc, null);

  let store: CorpusStore | null = null;
  try {
    store = await deps.openStore();
  } catch (e) {
    const alert = byId('storage-error');
    alert.textContent = isStorageError(e)
      ? t('storageUnusable', e.message)
      : t('optionsOpenFailed', e instanceof Error ? e.message : String(e));
    alert.hidden = false;
    disableImport(doc);
    showCorpusUnavailable();
    for (const id of ['browse-search', 'browse-outlet', 'browse-from', 'browse-to', 'browse-sort', 'export-jsonl', 'clear-all', 'delete-selected', 'select-page', 'page-prev', 'page-next', 'clear-captured', 'clear-imported', 'backup-export', 'backup-restore', 'backup-restore-file', 'history-reuse-only', 'history-export', 'history-clear', 'outlet-export']) {
      byId<HTMLInputElement>(id).disabled = true;
    }
  }

  const settings = await settingsReady;
  let importPanel: ImportPanel | null = null;
  let history: HistoryPanel | null = null;

  if (store) {
    const opened = store;
    const refreshFigures = async (): Promise<void> => {
      void capture.refresh();
      const [count, outlets] = await Promise.all([opened.count(), opened.outlets()]);
      showCorpusFigures(count, outlets.length);
      browse.setOutlets(outlets);
      settings.setOutletSuggestions(outlets.map((o) => o.outlet));
      void showStorageUsed();
    };
    const capture = setupCapturePanel(opened, async () => {
      await notifyBackground('corpus-changed');
      await Promise.all([refreshFigures(), browse.refresh()]);
    });
    const browse = setupBrowsePanel({
      store: opened,
      onChanged: async () => {
        await notifyBackground('corpus-changed');
        await refreshFigures();
      },
    });
    const backup = setupBackupPanel({
      store: opened,
      settings,
      onBusy: (busy) => browse.setBusy(busy),
      onRestored: async () => {
        await notifyBackground('corpus-changed');
        await Promise.all([refreshFigures(), browse.refresh()]);
      },
    });
    history = setupHistoryPanel(opened, doc);
    const historyShown = history.refresh();
    releaseEarlyGuard();
    importPanel = setupImportPanel(
      {
        store: opened,
        extractHtml: createExtractHtml(),
        isBackup: isBackupFile,
        onBackup: (file) => {
          byId('backup').scrollIntoView?.({ block: 'start' });
          void backup.offerRestore(file);
        },
        onBusy: (busy) => {
          browse.setBusy(busy);
          backup.setBusy(busy);
        },
        onImported: async () => {
          await Promise.all([refreshFigures(), browse.refresh()]);
        },
      },
      doc,
    );
    await Promise.all([refreshFigures(), browse.refresh(), historyShown]);
    watchOtherChanges(opened, doc, importPanel, async () => {
      await Promise.all([refreshFigures(), browse.refresh()]);
    });
  }
  void showPersistence();

  if (wantsImport(doc.location)) {
    byId('import').scrollIntoView?.({ block: 'start' });
    byId<HTMLInputElement>('import-files').focus();
  }
  return { store, importPanel, settings, history };
}

/**
 * The corpus can change while this page sits in a background tab (the demo loaded from the welcome page, a
 * page captured by the background). When the page is shown again and the store's generation moved, the
 * figures and the table are read again.
 */
function watchOtherChanges(store: CorpusStore, doc: Document, importPanel: ImportPanel, refresh: () => Promise<void>): void {
  let seen: number | null = null;
  void store.generation().then((g) => (seen ??= g), () => undefined);
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState !== 'visible' || importPanel.isRunning()) return;
    void store
      .generation()
      .then(async (g) => {
        if (g === seen) return;
        seen = g;
        await refresh();
      })
      .catch(() => undefined);
  });
}
