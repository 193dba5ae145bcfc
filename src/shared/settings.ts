/**
 * The reader's settings, kept in `storage.local` under `settings` (small, JSON). The corpus lives in
 * IndexedDB (src/store), never here. Versioned: `v` names the shape; `normaliseSettings` upgrades and
 * repairs whatever is stored, so a damaged or old value never breaks the extension.
 */
import browser from 'webextension-polyfill';
import { DEFAULT_MIN_WORDS } from '../core/align';

export const SETTINGS_VERSION = 1;
export const SETTINGS_KEY = 'settings';

/** Bounds of the "minimum words" setting: below 8 words chance overlaps of stock phrases appear; above 60 only long copies show. */
export const MIN_WORDS_RANGE = { min: 8, max: 60 } as const;

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
  /** Host names where WireTrace does nothing ("example.com" also covers "www.example.com" and subdomains). */
  disabledSites: string[];
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
  disabledSites: [],
  ignoredOutlets: [],
  capture: false,
  history: false,
  captureLimits: DEFAULT_CAPTURE_LIMITS,
});

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
    disabledSites: cleanList(v.disabledSites, normaliseSite),
    ignoredOutlets: cleanList(v.ignoredOutlets, (s) => s.trim().replace(/\s+/g, ' ')),
    capture: bool(v.capture, DEFAULT_SETTINGS.capture),
    history: bool(v.history, DEFAULT_SETTINGS.history),
    captureLimits: normaliseCaptureLimits(v.captureLimits),
  };
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

export function isSiteDisabled(settings: Settings, url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return settings.disabledSites.some((s) => siteMatches(host, s));
}

export function isOutletIgnored(settings: Settings, outlet: string | null): boolean {
  if (!outlet) return false;
  const o = outlet.trim().toLowerCase();
  return settings.ignoredOutlets.some((x) => x.toLowerCase() === o);
}

export async function loadSettings(): Promise<Settings> {
  try {
    const got = await browser.storage.local.get(SETTINGS_KEY);
    return normaliseSettings(got[SETTINGS_KEY]);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export async function saveSettings(patch: Partial<Omit<Settings, 'v'>>): Promise<Settings> {
  const next = normaliseSettings({ ...(await loadSettings()), ...patch });
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}
