/**
 * The first-run page: what WireTrace does, and a button that imports the bundled demo corpus. Loading it
 * twice is harmless: the second time every record is a duplicate and nothing changes.
 */
import { bytesSource } from '@wiretrace/engine/formats';
import { StorageError, type CorpusStore, type ImportResult } from '../../store/api';
import { byId } from '../shared/dom';
import { t } from '../shared/i18n';
import { loadSettings, saveSettings } from '../../shared/settings';
import { notifyBackground } from '../shared/notify-background';
import { DEMO_CORPUS_JSONL, DEMO_CORPUS_NAME } from './demo-corpus';
import { demoStatusText } from './demo-status';

export interface WelcomeDeps {
  openStore(): Promise<CorpusStore>;
  /** The demo corpus as JSON Lines (the bundled one by default). */
  demoCorpus?: string;
}

export interface WelcomePage {
  /** What the demo button does; resolves with the import's result, or null when storage failed. */
  loadDemo(): Promise<ImportResult | null>;
}

export function startWelcomePage(deps: WelcomeDeps): WelcomePage {
  const button = byId<HTMLButtonElement>('load-demo');
  const status = byId('demo-status');
  const next = byId('demo-next');
  // Opened on the first click, not on page load: just reading this page creates no database.
  let store: Promise<CorpusStore> | null = null;

  async function loadDemo(): Promise<ImportResult | null> {
    button.disabled = true;
    status.classList.remove('error');
    status.textContent = t('welcomeLoading');
    try {
      store ??= deps.openStore();
      const opened = await store;
      const result = await opened.runImport([bytesSource(DEMO_CORPUS_NAME, deps.demoCorpus ?? DEMO_CORPUS_JSONL)]);
      status.textContent = demoStatusText(result);
      status.classList.toggle('error', result.status !== 'done');
      if (result.status === 'done') {
        next.hidden = false;
        await notifyBackground('corpus-changed');
      }
      return result;
    } catch (e) {
      // A store that failed to open may work on a later try (a blocked upgrade, say): open it again then.
      store = null;
      status.textContent =
        e instanceof StorageError || (e instanceof Error && e.name === 'StorageError')
          ? t('storageUnusable', e.message)
          : t('welcomeDemoFailed', e instanceof Error ? e.message : String(e));
      status.classList.add('error');
      return null;
    } finally {
      button.disabled = false;
    }
  }

  button.addEventListener('click', () => void loadDemo());
  setupCaptureChoice();
  return { loadDemo };
}

/** The capture opt-in (off by default): saved as soon as it is ticked or unticked. */
function setupCaptureChoice(): void {
  const box = document.getElementById('capture-on') as HTMLInputElement | null;
  if (!box) return;
  void loadSettings().then((s) => (box.checked = s.capture));
  box.addEventListener('change', () => {
    void saveSettings({ capture: box.checked })
      .then((s) => {
        box.checked = s.capture;
        return notifyBackground('settings-changed');
      })
      .catch(() => {
        // Not saved: show what is in force.
        box.checked = !box.checked;
      });
  });
}
