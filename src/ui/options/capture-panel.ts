/**
 * "Articles you read": how big each set of the corpus is (read, imported), and deleting one set while the
 * other stays, behind a confirmation. The switch and the limits are settings (settings-panel.ts).
 */
import type { CorpusStore, RecordOrigin } from '../../store/api';
import { byId } from '../shared/dom';
import { t, tCount, type MessageKey } from '../shared/i18n';
import { confirmDialog } from './confirm-dialog';
import { formatBytes } from './progress-text';

/** The confirmation's words for each set. */
const DIALOG: Readonly<Record<RecordOrigin, { title: MessageKey; text: MessageKey }>> = {
  capture: { title: 'captureForgetTitle', text: 'captureForgetText' },
  import: { title: 'captureDeleteImportedTitle', text: 'captureDeleteImportedText' },
};

export interface CapturePanel {
  /** Reads the sets' sizes again (after an import, a delete, a capture seen on return to the page). */
  refresh(): Promise<void>;
}

export function setupCapturePanel(store: CorpusStore, onChanged: () => Promise<void>): CapturePanel {
  const usage = byId('capture-usage');
  const clearCaptured = byId<HTMLButtonElement>('clear-captured');
  const clearImported = byId<HTMLButtonElement>('clear-imported');
  let counts: Record<RecordOrigin, number> = { import: 0, capture: 0 };
  let pending: RecordOrigin | null = null;

  async function refresh(): Promise<void> {
    try {
      const stats = await store.originStats();
      counts = { import: stats.import.articles, capture: stats.capture.articles };
      usage.textContent = t(
        'captureUsage',
        tCount(stats.capture.articles, 'articlesOne', 'articlesMany'),
        formatBytes(stats.capture.textBytes),
        tCount(stats.import.articles, 'articlesOne', 'articlesMany'),
        formatBytes(stats.import.textBytes),
      );
    } catch (e) {
      usage.textContent = t('captureClearFailed', e instanceof Error ? e.message : String(e));
    }
    clearCaptured.disabled = counts.capture === 0;
    clearImported.disabled = counts.import === 0;
  }

  function clearPending(): void {
    const origin = pending;
    pending = null;
    if (!origin) return;
    clearCaptured.disabled = clearImported.disabled = true;
    void store
      .clearOrigin(origin)
      .then(async (deleted) => {
        await onChanged();
        await refresh();
        usage.textContent = `${t('captureCleared', tCount(deleted, 'articlesOne', 'articlesMany'))} ${usage.textContent ?? ''}`;
      })
      .catch(async (e: unknown) => {
        await refresh();
        usage.textContent = t('captureClearFailed', e instanceof Error ? e.message : String(e));
      });
  }

  const dialog = confirmDialog({ name: 'origin', section: 'capture', confirm: 'captureConfirmDelete', onConfirm: clearPending });
  function ask(origin: RecordOrigin): void {
    pending = origin;
    const words = DIALOG[origin];
    dialog.ask(t(words.text, tCount(counts[origin], 'articlesOne', 'articlesMany')), t(words.title));
  }

  clearCaptured.addEventListener('click', () => ask('capture'));
  clearImported.addEventListener('click', () => ask('import'));

  return { refresh };
}
