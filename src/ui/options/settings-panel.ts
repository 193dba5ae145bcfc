/**
 * The settings form: saved on every change (no Save button), then the background is told so that open tabs
 * are checked again. Saves run one after another, because `saveSettings` reads, merges and writes. The three
 * editable lists are settings-lists.ts.
 */
import {
  CAPTURE_LIMIT_RANGES,
  loadSettings,
  loadSyncState,
  MIN_WORDS_RANGE,
  saveSettingsReport,
  type CaptureLimits,
  type Settings,
  type SyncState,
} from '../../shared/settings';
import { byId, displayText, h } from '../shared/dom';
import { t } from '../shared/i18n';
import { notifyBackground } from '../shared/notify-background';
import { showLists, wireListForms, type ListHost } from './settings-lists';

/** How long "Saved" stays visible. */
const SAVED_VISIBLE_MS = 2500;

type BooleanSetting = 'showQuotes' | 'showReworded' | 'highlights' | 'capture' | 'history' | 'allowOnly';
type Patch = Partial<Omit<Settings, 'v'>>;

const CHECKBOXES: ReadonlyArray<[id: string, key: BooleanSetting]> = [
  ['show-quotes', 'showQuotes'],
  ['show-reworded', 'showReworded'],
  ['highlights', 'highlights'],
  ['capture-on', 'capture'],
  ['history-on', 'history'],
  ['allow-only', 'allowOnly'],
];

/** The capture limits' inputs (in the "Articles you read" section). */
const LIMIT_INPUTS: ReadonlyArray<[id: string, key: keyof CaptureLimits]> = [
  ['capture-articles', 'articles'],
  ['capture-days', 'days'],
  ['capture-megabytes', 'megabytes'],
];

export interface SettingsPanel {
  /** Resolves once every change so far has been saved. */
  idle(): Promise<void>;
  /** Replaces the stored settings (a restored backup's, repaired) and shows them. */
  replaceAll(next: Settings): Promise<void>;
  /** Outlet names offered when adding an ignored outlet. */
  setOutletSuggestions(outlets: readonly string[]): void;
}

export async function setupSettingsPanel(): Promise<SettingsPanel> {
  const form = new SettingsForm(await loadSettings());
  wireCheckboxes(form);
  wireNumbers(form);
  wireListForms(form);
  for (const formId of ['settings-form', 'capture-form', 'history-form', 'allow-mode-form']) byId<HTMLFormElement>(formId).addEventListener('submit', (event) => event.preventDefault());
  form.show();
  form.showSync(await loadSyncState());
  return form;
}

/** The settings as saved, the save queue, and showing both. */
class SettingsForm implements SettingsPanel, ListHost {
  private queue: Promise<void> = Promise.resolve();
  private hideSaved: ReturnType<typeof setTimeout> | null = null;

  constructor(private settings: Settings) {}

  current(): Settings {
    return this.settings;
  }

  idle(): Promise<void> {
    return this.queue;
  }

  show(): void {
    const { settings } = this;
    byId<HTMLInputElement>('min-words').value = String(settings.minWords);
    for (const [id, key] of CHECKBOXES) byId<HTMLInputElement>(id).checked = settings[key];
    for (const [id, key] of LIMIT_INPUTS) byId<HTMLInputElement>(id).value = String(settings.captureLimits[key]);
    showLists(this);
    // Allow-list mode with nothing listed runs nowhere: say so rather than leave the reader wondering.
    byId('allow-empty').hidden = !(settings.allowOnly && settings.allowedSites.length === 0);
  }

  /** Where the settings live: synced, or only here and why (a sync quota error never loses them). */
  showSync(state: SyncState | null): void {
    const text =
      state === null || state.ok
        ? t('settingsSyncOk')
        : state.reason === 'unavailable'
          ? t('settingsSyncUnavailable')
          : state.reason === 'quota'
            ? t('settingsSyncQuota')
            : t('settingsSyncError', displayText(state.detail, 200));
    const p = byId('sync-status');
    p.textContent = text;
    p.classList.toggle('alert', state !== null && !state.ok && state.reason !== 'unavailable');
  }

  /** `patch` may be made from the settings as saved by then (edits in quick succession build on each other). */
  save(patch: Patch | ((current: Settings) => Patch)): Promise<void> {
    this.queue = this.queue.then(async () => {
      try {
        const saved = await saveSettingsReport(typeof patch === 'function' ? patch(this.settings) : patch);
        this.settings = saved.settings;
        this.show();
        this.showSync(saved.sync);
        this.setStatus(t('settingsSaved'));
        await notifyBackground('settings-changed');
      } catch (e) {
        this.show();
        this.setStatus(t('settingsNotSaved', e instanceof Error ? e.message : String(e)));
      }
    });
    return this.queue;
  }

  async replaceAll(next: Settings): Promise<void> {
    await this.queue;
    // Through saveSettings, which repairs: a backup from another build may carry anything.
    const { v: _v, ...patch } = next;
    const saved = await saveSettingsReport(patch);
    this.settings = saved.settings;
    this.show();
    this.showSync(saved.sync);
  }

  setOutletSuggestions(outlets: readonly string[]): void {
    byId('outlet-suggestions').replaceChildren(...outlets.map((o) => h('option', { value: o })));
  }

  private setStatus(text: string): void {
    const status = byId('settings-status');
    // Emptied first so that a second "Saved" in a row is announced again.
    status.textContent = '';
    status.textContent = text;
    if (this.hideSaved) clearTimeout(this.hideSaved);
    this.hideSaved = setTimeout(() => (status.textContent = ''), SAVED_VISIBLE_MS);
  }
}

function wireCheckboxes(form: SettingsForm): void {
  for (const [id, key] of CHECKBOXES) {
    const box = byId<HTMLInputElement>(id);
    box.addEventListener('change', () => void form.save({ [key]: box.checked }));
  }
}

/**
 * The minimum words and the capture limits, with their ranges. An empty or broken number is never stored
 * (the field goes back to the saved value); out-of-range and fractional ones are clamped and rounded by
 * normaliseSettings, and the form shows the result.
 */
function wireNumbers(form: SettingsForm): void {
  const minWords = byId<HTMLInputElement>('min-words');
  minWords.min = String(MIN_WORDS_RANGE.min);
  minWords.max = String(MIN_WORDS_RANGE.max);
  byId('min-words-hint').textContent = t('settingsMinWordsHint', String(MIN_WORDS_RANGE.min), String(MIN_WORDS_RANGE.max));
  onNumber(
    minWords,
    () => form.current().minWords,
    (n) => void form.save({ minWords: n }),
  );
  for (const [id, key] of LIMIT_INPUTS) {
    const input = byId<HTMLInputElement>(id);
    input.min = String(CAPTURE_LIMIT_RANGES[key].min);
    input.max = String(CAPTURE_LIMIT_RANGES[key].max);
    onNumber(
      input,
      () => form.current().captureLimits[key],
      (n) => void form.save((current) => ({ captureLimits: { ...current.captureLimits, [key]: n } })),
    );
  }
}

/** On a change, saves the number typed; an empty or broken one puts the saved value back instead. */
function onNumber(input: HTMLInputElement, saved: () => number, save: (n: number) => void): void {
  input.addEventListener('change', () => {
    const n = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(n)) input.value = String(saved());
    else save(n);
  });
}
