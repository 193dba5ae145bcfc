/**
 * The reader's settings (small, JSON) under `settings`, in `storage.sync` where the browser has it (so that
 * they follow the reader to another browser) and always in `storage.local` too (so that a sync quota error,
 * or a browser without sync, never loses them). The newer of the two copies (`savedAt`) wins on reading.
 * The corpus lives in IndexedDB (src/store) and results in storage.session: neither ever syncs.
 * Versioned: `v` names the shape; `normaliseSettings` upgrades and repairs whatever is stored, so a damaged
 * or old value never breaks the extension.
 */
import browser from 'webextension-polyfill';
import { DEFAULT_MIN_WORDS, MIN_WORDS_RANGE } from '@wiretrace/engine';
import { DEFAULT_DENY_LIST, DEFAULT_NEWS_SITES } from './site-lists';

/** 2: the deny list is seeded with DEFAULT_DENY_LIST, allow-list mode, sync (v1 → v2 adds the defaults once). */
export const SETTINGS_VERSION = 2;
export const SETTINGS_KEY = 'settings';
/** storage.local key of the last sync attempt's outcome (`SyncState`), which the options page shows. */
export const SYNC_STATE_KEY = 'settings-sync';

/** Bounds of the "minimum words" setting: the engine's, shared with the CLI's --min-words (and why: src/core/align.ts). */
export { MIN_WORDS_RANGE };

export interface Settings {
  v: typeof SETTINGS_VERSION;
  /** Shortest verbatim passage reported, in words (engine default 12, see docs/ARCHITECTURE.md). */
  minWords: number;
  /** Report passages inside quotation marks (shared quotes are often legitimate). */
  showQuotes: boolean;
  /** Report reworded sentences (paraphrases), not only verbatim copies. */
  showReworded: boolean;
  /** Draw highlights in pages (the keyboard command toggles this). */
  highlights: boolean;
  /**
   * The deny list: host names where nothing of WireTrace runs, not even its content script ("example.com" also
   * covers "www.example.com" and subdomains). Seeded with DEFAULT_DENY_LIST; the popup's site switch edits it.
   */
  disabledSites: string[];
  /** Allow-list mode: WireTrace runs only on `allowedSites` (and still never on the deny list). */
  allowOnly: boolean;
  /** The sites of allow-list mode (same form as `disabledSites`). Empty: nothing runs while the mode is on. */
  allowedSites: string[];
  /** Outlets whose articles never count as sources (for example a paper's own sister titles). Case-insensitive. */
  ignoredOutlets: string[];
  /**
   * Add the articles read to the corpus ("seen before"). Off by default: the reader opts in, on the first-run
   * page or in the options. Never in private windows.
   */
  capture: boolean;
  /**
   * Keep a reading history (the pages checked, what was found: no article text) for the options page's
   * history and outlet report. Off by default: it is a log of what the reader read, so they opt in, as for
   * `capture`. Never in private windows or on switched-off sites.
   */
  history: boolean;
  /** Bounds of the captured set; the oldest captured articles go first when one is passed (see capture-limits.ts). */
  captureLimits: CaptureLimits;
}

export interface CaptureLimits {
  /** At most this many captured articles. */
  articles: number;
  /** Captured articles older than this many days are removed. */
  days: number;
  /** At most this many megabytes of captured article text (uncompressed; stored deflated, about a third). */
  megabytes: number;
}

/**
 * Defaults of the capture limits. 5,000 articles is about a year of a keen reader's news (15 a day) and
 * ≈20 MB of text (4 KB each): small next to the quota, quick to index. 180 days: stories are recycled
 * within days or weeks; half a year covers anniversaries and follow-ups. 50 MB caps an unusually wordy reader.
 */
export const DEFAULT_CAPTURE_LIMITS: Readonly<CaptureLimits> = Object.freeze({ articles: 5_000, days: 180, megabytes: 50 });

/** Accepted ranges of each limit (the options page's inputs use them too). */
export const CAPTURE_LIMIT_RANGES: Readonly<Record<keyof CaptureLimits, { min: number; max: number }>> = Object.freeze({
  articles: { min: 10, max: 100_000 },
  days: { min: 1, max: 3_650 },
  megabytes: { min: 1, max: 2_000 },
});

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  v: SETTINGS_VERSION,
  minWords: DEFAULT_MIN_WORDS,
  showQuotes: true,
  showReworded: true,
  highlights: true,
  disabledSites: DEFAULT_DENY_LIST as string[],
  allowOnly: false,
  allowedSites: DEFAULT_NEWS_SITES as string[],
  ignoredOutlets: [],
  capture: false,
  history: false,
  captureLimits: DEFAULT_CAPTURE_LIMITS,
});

/** Bounds of a list. 1,000 entries of a few dozen characters do not fit one sync item: see saveSettings. */
const MAX_LIST = 1000;
const MAX_ENTRY = 200;

function cleanList(value: unknown, clean: (s: string) => string): string[] {
  if (!Array.isArray(value)) return [];
  const out = new Set<string>();
  for (const v of value) {
    if (typeof v !== 'string') continue;
    const c = clean(v).slice(0, MAX_ENTRY);
    if (c) out.add(c);
    if (out.size >= MAX_LIST) break;
  }
  return [...out];
}

/** A host name from what the user typed: "https://www.Example.com/x" → "example.com". */
export function normaliseSite(input: string): string {
  let s = input.trim().toLowerCase();
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//.test(s)) s = new URL(s).hostname;
  } catch {
    /* keep as typed */
  }
  s = s.replace(/\/.*$/, '').replace(/:\d+$/, '').replace(/^www\./, '').replace(/\.$/, '');
  return /^[a-z0-9.-]+$/.test(s) ? s : '';
}

/** Any stored value → valid settings (unknown or broken fields fall back to defaults). */
export function normaliseSettings(value: unknown): Settings {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const minWords = typeof v.minWords === 'number' && Number.isFinite(v.minWords) ? Math.round(v.minWords) : DEFAULT_SETTINGS.minWords;
  const bool = (x: unknown, d: boolean): boolean => (typeof x === 'boolean' ? x : d);
  return {
    v: SETTINGS_VERSION,
    minWords: Math.min(MIN_WORDS_RANGE.max, Math.max(MIN_WORDS_RANGE.min, minWords)),
    showQuotes: bool(v.showQuotes, DEFAULT_SETTINGS.showQuotes),
    showReworded: bool(v.showReworded, DEFAULT_SETTINGS.showReworded),
    highlights: bool(v.highlights, DEFAULT_SETTINGS.highlights),
    disabledSites: denyList(v),
    allowOnly: bool(v.allowOnly, DEFAULT_SETTINGS.allowOnly),
    allowedSites: Array.isArray(v.allowedSites) ? cleanList(v.allowedSites, normaliseSite) : [...DEFAULT_SETTINGS.allowedSites],
    ignoredOutlets: cleanList(v.ignoredOutlets, (s) => s.trim().replace(/\s+/g, ' ')),
    capture: bool(v.capture, DEFAULT_SETTINGS.capture),
    history: bool(v.history, DEFAULT_SETTINGS.history),
    captureLimits: normaliseCaptureLimits(v.captureLimits),
  };
}

/**
 * The deny list of any stored shape. Settings from before v2 never had the default deny list: it is added to
 * the reader's own entries once (and saved as v2), so that removing a default later sticks.
 */
function denyList(v: Record<string, unknown>): string[] {
  if (!Array.isArray(v.disabledSites)) return [...DEFAULT_DENY_LIST];
  const own = cleanList(v.disabledSites, normaliseSite);
  if (v.v === SETTINGS_VERSION) return own;
  return cleanList([...own, ...DEFAULT_DENY_LIST], normaliseSite);
}

/** Each limit a whole number inside its range; anything missing or broken takes its default. */
export function normaliseCaptureLimits(value: unknown): CaptureLimits {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const limit = (k: keyof CaptureLimits): number => {
    const x = v[k];
    if (typeof x !== 'number' || !Number.isFinite(x)) return DEFAULT_CAPTURE_LIMITS[k];
    const { min, max } = CAPTURE_LIMIT_RANGES[k];
    return Math.min(max, Math.max(min, Math.round(x)));
  };
  return { articles: limit('articles'), days: limit('days'), megabytes: limit('megabytes') };
}

/** True when `host` is `site` or one of its subdomains. */
export function siteMatches(host: string, site: string): boolean {
  const h = host.toLowerCase().replace(/^www\./, '');
  return h === site || h.endsWith(`.${site}`);
}

/** True when `url`'s host is on the deny list. */
export function isSiteDenied(settings: Settings, url: string): boolean {
  const host = hostOf(url);
  return host !== null && settings.disabledSites.some((s) => siteMatches(host, s));
}

/**
 * True when WireTrace does not run on `url`: the site is on the deny list, or allow-list mode is on and the
 * site is not on the allow list. The background registers the content script so that it is not injected
 * there at all; the content script's gate asks the same in case it was (a registration not yet updated).
 */
export function isSiteDisabled(settings: Settings, url: string): boolean {
  const host = hostOf(url);
  if (host === null) return false;
  if (settings.disabledSites.some((s) => siteMatches(host, s))) return true;
  return settings.allowOnly && !settings.allowedSites.some((s) => siteMatches(host, s));
}

/**
 * The settings after the reader switches WireTrace on or off for `host` (the popup's switch). Off: the site
 * joins the deny list. On: it leaves the deny list and, in allow-list mode, joins the allow list.
 */
export function siteSwitchPatch(settings: Settings, host: string, enabled: boolean): Pick<Settings, 'disabledSites' | 'allowedSites'> {
  const site = normaliseSite(host);
  if (!enabled) return { disabledSites: site ? [...settings.disabledSites, site] : settings.disabledSites, allowedSites: settings.allowedSites };
  const disabledSites = settings.disabledSites.filter((s) => !siteMatches(host, s));
  const listed = settings.allowedSites.some((s) => siteMatches(host, s));
  const allowedSites = settings.allowOnly && !listed && site ? [...settings.allowedSites, site] : settings.allowedSites;
  return { disabledSites, allowedSites };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

export function isOutletIgnored(settings: Settings, outlet: string | null): boolean {
  if (!outlet) return false;
  const o = outlet.trim().toLowerCase();
  return settings.ignoredOutlets.some((x) => x.toLowerCase() === o);
}

/** The storage areas settings live in; `sync` is null where the browser has none. Replaced in tests. */
export interface SettingsAreas {
  local: Pick<typeof browser.storage.local, 'get' | 'set'>;
  sync: Pick<typeof browser.storage.local, 'get' | 'set'> | null;
}

/** The outcome of the last attempt to write the settings to storage.sync (kept in storage.local). */
export type SyncState =
  | { ok: true }
  /** unavailable: the browser has no storage.sync; quota: the settings are too large for one sync item (or written too often). */
  | { ok: false; reason: 'unavailable' | 'quota' | 'error'; detail: string };

function browserAreas(): SettingsAreas {
  const storage = browser.storage as { local: SettingsAreas['local']; sync?: SettingsAreas['sync'] };
  return { local: storage.local, sync: storage.sync ?? null };
}

const savedAtOf = (x: unknown): number =>
  typeof x === 'object' && x !== null && typeof (x as { savedAt?: unknown }).savedAt === 'number' ? (x as { savedAt: number }).savedAt : 0;

/**
 * The stored settings: the newer of the sync and local copies (another browser's save arrives through sync;
 * a save that sync refused is only local, and newer). Unreadable areas count as empty. Never rejects.
 */
export async function loadSettings(areas: SettingsAreas = browserAreas()): Promise<Settings> {
  const read = async (area: SettingsAreas['local'] | null): Promise<unknown> => {
    if (!area) return undefined;
    try {
      return (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
    } catch {
      return undefined;
    }
  };
  const [local, sync] = await Promise.all([read(areas.local), read(areas.sync)]);
  return normaliseSettings(sync !== undefined && savedAtOf(sync) > savedAtOf(local) ? sync : local);
}

/** Reads, merges `patch`, writes; see `saveSettingsReport` for where. */
export async function saveSettings(patch: Partial<Omit<Settings, 'v'>>, areas: SettingsAreas = browserAreas()): Promise<Settings> {
  return (await saveSettingsReport(patch, areas)).settings;
}

/** The last `savedAt` written by this context (see saveSettingsReport). */
let lastSavedAt = 0;

/**
 * Saves to storage.local first (it has room: `unlimitedStorage`; if it fails, the save fails), then to
 * storage.sync. A sync failure does not fail the save: the settings stay in this browser, the outcome is
 * recorded under SYNC_STATE_KEY and returned so that the options page can say why they do not sync.
 */
export async function saveSettingsReport(
  patch: Partial<Omit<Settings, 'v'>>,
  areas: SettingsAreas = browserAreas(),
): Promise<{ settings: Settings; sync: SyncState }> {
  const settings = normaliseSettings({ ...(await loadSettings(areas)), ...patch });
  // Strictly increasing even when two saves fall in the same millisecond.
  const stored = { ...settings, savedAt: Math.max(Date.now(), lastSavedAt + 1) };
  lastSavedAt = stored.savedAt;
  await areas.local.set({ [SETTINGS_KEY]: stored });
  let sync: SyncState;
  if (!areas.sync) {
    sync = { ok: false, reason: 'unavailable', detail: 'storage.sync is not available in this browser' };
  } else {
    try {
      await areas.sync.set({ [SETTINGS_KEY]: stored });
      sync = { ok: true };
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      sync = { ok: false, reason: /quota/i.test(detail) ? 'quota' : 'error', detail };
    }
  }
  await areas.local.set({ [SYNC_STATE_KEY]: sync }).catch(() => undefined);
  return { settings, sync };
}


/** The last recorded sync outcome, or null when the settings were never saved in this browser. */
export async function loadSyncState(areas: SettingsAreas = browserAreas()): Promise<SyncState | null> {
  try {
    const got = (await areas.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY] as SyncState | undefined;
    return got && typeof got === 'object' && typeof got.ok === 'boolean' ? got : null;
  } catch {
    return null;
  }
}

/**
 * Upgrades stored settings of an older shape (v1: storage.local only, no default deny list) by saving them
 * again: the v2 copy goes to storage.local and storage.sync. Run by the background on install and update.
 */
export async function migrateSettings(areas: SettingsAreas = browserAreas()): Promise<boolean> {
  let stored: unknown;
  try {
    stored = (await areas.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  } catch {
    return false;
  }
  if (stored === undefined || (typeof stored === 'object' && stored !== null && (stored as { v?: unknown }).v === SETTINGS_VERSION)) return false;
  await saveSettings({}, areas);
  return true;
}
