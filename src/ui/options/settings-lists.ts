/**
 * The settings' three editable lists (sites never checked, the allow list, outlets never counted): each drawn
 * as chips with a Remove button, and grown by its own small form.
 */
import { normaliseSite, type Settings } from '../../shared/settings';
import { byId, displayText, h } from '../shared/dom';
import { t, type MessageKey } from '../shared/i18n';

export type ListSetting = 'disabledSites' | 'allowedSites' | 'ignoredOutlets';

type Patch = Partial<Omit<Settings, 'v'>>;

/** What the lists need of the settings form: the settings as shown, and the save queue. */
export interface ListHost {
  current(): Settings;
  /** `patch` is made from the settings as saved by then (edits in quick succession build on each other). */
  save(patch: (saved: Settings) => Patch): Promise<void>;
}

interface ListSpec {
  key: ListSetting;
  /** The ids' stem: `<stem>-list`, `-form`, `-input`, `-error`. */
  stem: string;
  /** Names each Remove button for screen readers ("Remove site example.com"). */
  removeLabel: MessageKey;
  same(a: string, b: string): boolean;
  parse(raw: string): string | { error: string };
}

const sameSite = (a: string, b: string): boolean => a === b;
const parseSite = (raw: string): string | { error: string } => normaliseSite(raw) || { error: t('settingsSiteInvalid') };

const LISTS: readonly ListSpec[] = [
  { key: 'disabledSites', stem: 'site', removeLabel: 'settingsRemoveSite', same: sameSite, parse: parseSite },
  { key: 'allowedSites', stem: 'allowed', removeLabel: 'settingsRemoveAllowed', same: sameSite, parse: parseSite },
  {
    key: 'ignoredOutlets',
    stem: 'outlet',
    removeLabel: 'settingsRemoveOutlet',
    same: (a, b) => a.toLowerCase() === b.toLowerCase(),
    parse: (raw) => raw.trim().replace(/\s+/g, ' ') || { error: t('settingsOutletInvalid') },
  },
];

/** Draws every list from the settings. */
export function showLists(host: ListHost): void {
  for (const spec of LISTS) showList(host, spec);
}

/** Wires every list's add form. */
export function wireListForms(host: ListHost): void {
  for (const spec of LISTS) wireAddForm(host, spec);
}

function showList(host: ListHost, { key, stem, removeLabel }: ListSpec): void {
  const remove = (value: string): void => {
    // The button disappears with its entry; focus goes to the list's input rather than the page's top.
    // The patch is made in the save queue, from the settings as saved by then: two quick edits both count.
    void host.save((saved) => ({ [key]: saved[key].filter((v) => v !== value) })).then(() => byId(`${stem}-input`).focus());
  };
  const items = host.current()[key].map((value) =>
    h(
      'li',
      {},
      h('span', {}, displayText(value, 200)),
      h('button', { type: 'button', class: 'remove', 'aria-label': t(removeLabel, displayText(value, 200)), onclick: () => remove(value) }, t('settingsRemove')),
    ),
  );
  byId(`${stem}-list`).replaceChildren(...(items.length > 0 ? items : [h('li', { class: 'muted' }, t('settingsNone'))]));
}

/**
 * A list's add form. The entry is checked against the list on screen (to answer at once), and added in the
 * save queue to the list as saved by then, so that two quick edits (two adds, an add and a remove) both
 * survive, as the capture limits do.
 */
function wireAddForm(host: ListHost, { key, stem, same, parse }: ListSpec): void {
  const input = byId<HTMLInputElement>(`${stem}-input`);
  const error = byId(`${stem}-error`);
  byId<HTMLFormElement>(`${stem}-form`).addEventListener('submit', (event) => {
    event.preventDefault();
    const parsed = parse(input.value);
    const problem = typeof parsed !== 'string' ? parsed.error : host.current()[key].some((v) => same(v, parsed)) ? t('settingsAlreadyListed', parsed) : null;
    if (problem !== null || typeof parsed !== 'string') {
      error.textContent = displayText(problem ?? '', 300);
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    input.value = '';
    void host.save((saved) => ({ [key]: saved[key].some((v) => same(v, parsed)) ? saved[key] : [...saved[key], parsed] }));
  });
}
