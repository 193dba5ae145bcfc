/**
 * The settings form: saved on every change (no Save button), then the background is told so that open tabs
 * are checked again. Saves run one after another, because `saveSettings` reads, merges and writes.
 */
import {
  CAPTURE_LIMIT_RANGES,
  loadSettings,
  loadSyncState,
  MIN_WORDS_RANGE,
  normaliseSite,
  saveSettingsReport,
  type CaptureLimits,
  type Settings,
  type SyncState,
} from '../../shared/settings';
import { byId, displayText, h } from '../shared/dom';
import { t, type MessageKey } from '../shared/i18n';
import { notifyBackground } from '../shared/notify-background';

/** How long "Saved" stays visible. */
const SAVED_VISIBLE_MS = 2500;

type BooleanSetting = 'showQuotes' | 'showReworded' | 'highlights' | 'capture' | 'history' | 'allowOnly';
type ListSetting = 'disabledSites' | 'allowedSites' | 'ignoredOutlets';

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
  const status = byId('settings-status');
  const minWords = byId<HTMLInputElement>('min-words');
  minWords.min = String(MIN_WORDS_RANGE.min);
  minWords.max = String(MIN_WORDS_RANGE.max);
  byId('min-words-hint').textContent = t('settingsMinWordsHint', String(MIN_WORDS_RANGE.min), String(MIN_WORDS_RANGE.max));

  let settings: Settings = await loadSettings();
  let queue: Promise<void> = Promise.resolve();
  let hideSaved: ReturnType<typeof setTimeout> | null = null;

  function show(): void {
    minWords.value = String(settings.minWords);
    for (const [id, key] of CHECKBOXES) byId<HTMLInputElement>(id).checked = settings[key];
    for (const [id, key] of LIMIT_INPUTS) byId<HTMLInputElement>(id).value = String(settings.captureLimits[key]);
    renderList('site-list', 'disabledSites', 'settingsRemoveSite', 'site-input');
    renderList('allowed-list', 'allowedSites', 'settingsRemoveAllowed', 'allowed-input');
    renderList('outlet-list', 'ignoredOutlets', 'settingsRemoveOutlet', 'outlet-input');
    // Allow-list mode with nothing listed runs nowhere: say so rather than leave the reader wondering.
    byId('allow-empty').hidden = !(settings.allowOnly && settings.allowedSites.length === 0);
  }

  /** Where the settings live: synced, or only here and why (a sync quota error never loses them). */
  function showSync(state: SyncState | null): void {
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
  function save(patch: Partial<Omit<Settings, 'v'>> | ((current: Settings) => Partial<Omit<Settings, 'v'>>)): Promise<void> {
    queue = queue.then(async () => {
      try {
        const saved = await saveSettingsReport(typeof patch === 'function' ? patch(settings) : patch);
        settings = saved.settings;
        show();
        showSync(saved.sync);
        setStatus(t('settingsSaved'));
        await notifyBackground('settings-changed');
      } catch (e) {
        show();
        setStatus(t('settingsNotSaved', e instanceof Error ? e.message : String(e)));
      }
    });
    return queue;
  }

  function setStatus(text: string): void {
    // Emptied first so that a second "Saved" in a row is announced again.
    status.textContent = '';
    status.textContent = text;
    if (hideSaved) clearTimeout(hideSaved);
    hideSaved = setTimeout(() => (status.textContent = ''), SAVED_VISIBLE_MS);
  }

  /** `removeLabel` names each Remove button for screen readers ("Remove site example.com"). */
  function renderList(listId: string, key: ListSetting, removeLabel: MessageKey, inputId: string): void {
    const items = settings[key].map((value) =>
      h(
        'li',
        {},
        h('span', {}, displayText(value, 200)),
        h(
          'button',
          {
            type: 'button',
            class: 'remove',
            'aria-label': t(removeLabel, displayText(value, 200)),
            // The button disappears with its entry; focus goes to the list's input rather than the page's top.
            // The patch is made in the save queue, from the settings as saved by then: two quick edits both count.
            onclick: () => void save((current) => ({ [key]: current[key].filter((v) => v !== value) })).then(() => byId(inputId).focus()),
          },
          t('settingsRemove'),
        ),
      ),
    );
    byId(listId).replaceChildren(...(items.length > 0 ? items : [h('li', { class: 'muted' }, t('settingsNone'))]));
  }

  minWords.addEventListener('change', () => {
    const n = Number(minWords.value);
    if (minWords.value.trim() === '' || !Number.isFinite(n)) {
      // Back to the saved value: an empty or broken number is never stored.
      minWords.value = String(settings.minWords);
      return;
    }
    // Out-of-range and fractional numbers are clamped and rounded by normaliseSettings; the form shows the result.
    void save({ minWords: n });
  });
  for (const [id, key] of CHECKBOXES) {
    const box = byId<HTMLInputElement>(id);
    box.addEventListener('change', () => void save({ [key]: box.checked }));
  }
  for (const [id, key] of LIMIT_INPUTS) {
    const input = byId<HTMLInputElement>(id);
    input.min = String(CAPTURE_LIMIT_RANGES[key].min);
    input.max = String(CAPTURE_LIMIT_RANGES[key].max);
    input.addEventListener('change', () => {
      const n = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(n)) {
        input.value = String(settings.captureLimits[key]);
        return;
      }
      // Clamped and rounded by normaliseSettings, like the minimum words.
      void save((current) => ({ captureLimits: { ...current.captureLimits, [key]: n } }));
    });
  }
  for (const formId of ['settings-form', 'capture-form', 'history-form', 'allow-mode-form']) byId<HTMLFormElement>(formId).addEventListener('submit', (event) => event.preventDefault());

  const sameSite = (a: string, b: string): boolean => a === b;
  addForm('site-form', 'site-input', 'site-error', 'disabledSites', sameSite, (raw) => normaliseSite(raw) || { error: t('settingsSiteInvalid') });
  addForm('allowed-form', 'allowed-input', 'allowed-error', 'allowedSites', sameSite, (raw) => normaliseSite(raw) || { error: t('settingsSiteInvalid') });
  addForm(
    'outlet-form',
    'outlet-input',
    'outlet-error',
    'ignoredOutlets',
    (a, b) => a.toLowerCase() === b.toLowerCase(),
    (raw) => raw.trim().replace(/\s+/g, ' ') || { error: t('settingsOutletInvalid') },
  );

  /**
   * A list's add form. The entry is checked against the list on screen (to answer at once), and added in the
   * save queue to the list as saved by then, so that two quick edits (two adds, an add and a remove) both
   * survive, as the capture limits do.
   */
  function addForm(
    formId: string,
    inputId: string,
    errorId: string,
    key: ListSetting,
    same: (a: string, b: string) => boolean,
    parse: (raw: string) => string | { error: string },
  ): void {
    const input = byId<HTMLInputElement>(inputId);
    const error = byId(errorId);
    byId<HTMLFormElement>(formId).addEventListener('submit', (event) => {
      event.preventDefault();
      const parsed = parse(input.value);
      const problem = typeof parsed !== 'string' ? parsed.error : settings[key].some((v) => same(v, parsed)) ? t('settingsAlreadyListed', parsed) : null;
      if (problem !== null || typeof parsed !== 'string') {
        error.textContent = displayText(problem ?? '', 300);
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      input.value = '';
      void save((current) => ({ [key]: current[key].some((v) => same(v, parsed)) ? current[key] : [...current[key], parsed] }));
    });
  }

  show();
  showSync(await loadSyncState());
  return {
    idle: () => queue,
    async replaceAll(next) {
      await queue;
      // Through saveSettings, which repairs: a backup from another build may carry anything.
      const { v: _v, ...patch } = next;
      const saved = await saveSettingsReport(patch);
      settings = saved.settings;
      show();
      showSync(saved.sync);
    },
    setOutletSuggestions(outlets) {
      byId('outlet-suggestions').replaceChildren(...outlets.map((o) => h('option', { value: o })));
    },
  };
}
