/** Settings: the v1 → v2 upgrade, the site lists' meaning, and storage in sync + local (src/shared/settings.ts). */
import {
  DEFAULT_SETTINGS,
  isSiteDenied,
  isSiteDisabled,
  loadSettings,
  loadSyncState,
  migrateSettings,
  normaliseSettings,
  saveSettingsReport,
  SETTINGS_KEY,
  siteSwitchPatch,
  SYNC_STATE_KEY,
  type SettingsAreas,
} from '../../src/shared/settings';
import { DEFAULT_DENY_LIST, sitePatternOf, sitePatterns } from '../../src/shared/site-lists';

/** An in-memory storage area; `failWith` makes `set` reject as Chrome does over a quota. */
function area(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = JSON.parse(JSON.stringify(initial));
  const state = { data, failWith: null as string | null, sets: 0 };
  const api: SettingsAreas['local'] = {
    get: (async (key: string) => (key in data ? { [key]: JSON.parse(JSON.stringify(data[key])) } : {})) as SettingsAreas['local']['get'],
    set: async (items: Record<string, unknown>) => {
      state.sets++;
      if (state.failWith) throw new Error(state.failWith);
      Object.assign(data, JSON.parse(JSON.stringify(items)));
    },
  };
  return { state, api };
}

describe('the stored shape', () => {
  test('defaults: the named deny list, allow-list mode off', () => {
    const s = normaliseSettings(undefined);
    expect(s.v).toBe(2);
    expect(s.disabledSites).toEqual([...DEFAULT_DENY_LIST]);
    expect(s.allowOnly).toBe(false);
  });

  test('v1 settings keep the reader\'s sites and gain the default deny list once; v2 lists are kept as they are', () => {
    const v1 = normaliseSettings({ v: 1, disabledSites: ['example.com'], minWords: 20 });
    expect(v1.disabledSites).toEqual(['example.com', ...DEFAULT_DENY_LIST]);
    expect(v1.minWords).toBe(20);
    // The reader removed every default after the upgrade: it sticks.
    expect(normaliseSettings({ ...v1, disabledSites: ['example.com'] }).disabledSites).toEqual(['example.com']);
    expect(normaliseSettings({ v: 2, disabledSites: [] }).disabledSites).toEqual([]);
  });

  test('broken lists and flags fall back to defaults', () => {
    const s = normaliseSettings({ v: 2, disabledSites: 'x', allowOnly: 'yes', allowedSites: [1, 'https://www.News.example/a', ''] });
    expect(s.disabledSites).toEqual([...DEFAULT_DENY_LIST]);
    expect(s.allowOnly).toBe(false);
    expect(s.allowedSites).toEqual(['news.example']);
  });
});

describe('where WireTrace runs', () => {
  const base = normaliseSettings({ v: 2, disabledSites: ['bank.example'], allowOnly: false, allowedSites: ['news.example'] });

  test('the deny list covers subdomains; allow-list mode allows only the listed sites, and the deny list still wins', () => {
    expect(isSiteDisabled(base, 'https://www.bank.example/login')).toBe(true);
    expect(isSiteDisabled(base, 'https://paper.example/a')).toBe(false);
    const allow = { ...base, allowOnly: true };
    expect(isSiteDisabled(allow, 'https://paper.example/a')).toBe(true);
    expect(isSiteDisabled(allow, 'https://edition.news.example/a')).toBe(false);
    expect(isSiteDisabled({ ...allow, allowedSites: ['news.example', 'bank.example'] }, 'https://bank.example/')).toBe(true);
    expect(isSiteDisabled({ ...allow, allowedSites: [] }, 'https://news.example/')).toBe(true);
    expect(isSiteDenied(allow, 'https://paper.example/a')).toBe(false);
    expect(isSiteDisabled(base, 'not a url')).toBe(false);
  });

  test('the popup switch: off adds the site to the deny list; on removes it and, in allow-list mode, lists it', () => {
    expect(siteSwitchPatch(base, 'www.paper.example', false).disabledSites).toEqual(['bank.example', 'paper.example']);
    expect(siteSwitchPatch(base, 'online.bank.example', true).disabledSites).toEqual([]);
    expect(siteSwitchPatch(base, 'paper.example', true).allowedSites).toEqual(['news.example']);
    expect(siteSwitchPatch({ ...base, allowOnly: true }, 'paper.example', true).allowedSites).toEqual(['news.example', 'paper.example']);
    expect(siteSwitchPatch({ ...base, allowOnly: true }, 'news.example', true).allowedSites).toEqual(['news.example']);
  });

  test('match patterns: a site and its subdomains, http and https; an IP address as is', () => {
    expect(sitePatternOf('news.example')).toBe('*://*.news.example/*');
    expect(sitePatternOf('127.0.0.1')).toBe('*://127.0.0.1/*');
    expect(sitePatternOf('')).toBeNull();
    expect(sitePatternOf('bad..name')).toBeNull();
    expect(sitePatterns(['b.example', 'a.example', 'b.example'])).toEqual(['*://*.a.example/*', '*://*.b.example/*']);
    // Every default is a valid pattern.
    expect(sitePatterns(DEFAULT_DENY_LIST)).toHaveLength(DEFAULT_DENY_LIST.length);
  });
});

describe('storage: sync where possible, local always', () => {
  test('a save goes to both areas, stamped; the outcome is recorded', async () => {
    const local = area();
    const sync = area();
    const r = await saveSettingsReport({ minWords: 20 }, { local: local.api, sync: sync.api });
    expect(r.sync).toEqual({ ok: true });
    expect(sync.state.data[SETTINGS_KEY]).toEqual(local.state.data[SETTINGS_KEY]);
    expect(sync.state.data[SETTINGS_KEY]).toMatchObject({ v: 2, minWords: 20, savedAt: expect.any(Number) });
    expect(await loadSyncState({ local: local.api, sync: sync.api })).toEqual({ ok: true });
  });

  test('a sync quota error keeps the settings in this browser and says so; nothing is lost', async () => {
    const local = area();
    const sync = area();
    const areas = { local: local.api, sync: sync.api };
    await saveSettingsReport({ minWords: 20 }, areas);
    sync.state.failWith = 'QUOTA_BYTES_PER_ITEM quota exceeded';
    const long = Array.from({ length: 600 }, (_, i) => `site-${i}.example`);
    const r = await saveSettingsReport({ disabledSites: long }, areas);
    expect(r.sync).toMatchObject({ ok: false, reason: 'quota' });
    expect(local.state.data[SYNC_STATE_KEY]).toMatchObject({ ok: false, reason: 'quota' });
    // The older synced copy does not win over the newer local one.
    expect((await loadSettings(areas)).disabledSites).toEqual(long);
    expect((await loadSettings(areas)).minWords).toBe(20);
  });

  test('no storage.sync: saved locally, "unavailable"', async () => {
    const local = area();
    const r = await saveSettingsReport({ highlights: false }, { local: local.api, sync: null });
    expect(r.sync).toMatchObject({ ok: false, reason: 'unavailable' });
    expect((await loadSettings({ local: local.api, sync: null })).highlights).toBe(false);
  });

  test('another browser: newer synced settings win over the local copy, and a fresh profile reads them', async () => {
    const local = area({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, minWords: 20, savedAt: 1_000 } });
    const sync = area({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, minWords: 30, savedAt: 2_000 } });
    expect((await loadSettings({ local: local.api, sync: sync.api })).minWords).toBe(30);
    expect((await loadSettings({ local: area().api, sync: sync.api })).minWords).toBe(30);
    sync.state.data[SETTINGS_KEY] = { ...DEFAULT_SETTINGS, minWords: 40, savedAt: 500 };
    expect((await loadSettings({ local: local.api, sync: sync.api })).minWords).toBe(20);
  });

  test('migration: v1 settings in storage.local are saved again as v2, to both areas; v2 or nothing is left alone', async () => {
    const local = area({ [SETTINGS_KEY]: { v: 1, disabledSites: ['example.com'], showQuotes: false } });
    const sync = area();
    const areas = { local: local.api, sync: sync.api };
    expect(await migrateSettings(areas)).toBe(true);
    expect(sync.state.data[SETTINGS_KEY]).toMatchObject({ v: 2, showQuotes: false, disabledSites: ['example.com', ...DEFAULT_DENY_LIST] });
    expect(await migrateSettings(areas)).toBe(false);
    expect(await migrateSettings({ local: area().api, sync: null })).toBe(false);
  });
});
