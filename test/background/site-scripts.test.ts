import { injectContentScript, serialSync, syncSiteScripts, type ScriptingApi, type SiteApis } from '../../src/background/site-scripts';
import { CONTENT_SCRIPT_FILE, SITE_SCRIPT_ID } from '../../src/shared/site-access';
import { wantedRegistration, type SiteRules } from '../../src/background/site-scripts';

interface Registered {
  id: string;
  matches: string[];
  excludeMatches?: string[];
  js?: string[];
  runAt?: string;
  persistAcrossSessions?: boolean;
}

/** Fakes of chrome.permissions and chrome.scripting with Chrome's rules: a duplicate id or an unknown id fails. */
function fakes(origins: string[] = []) {
  const state = { origins: [...origins], registered: new Map<string, Registered>(), injected: [] as { tabId: number; files: string[] }[], calls: [] as string[] };
  const tick = () => new Promise((r) => setTimeout(r, 1));
  const scripting: ScriptingApi = {
    async getRegisteredContentScripts(filter) {
      await tick();
      return [...state.registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)).map((s) => ({ ...s, matches: [...s.matches] }));
    },
    async registerContentScripts(scripts) {
      await tick();
      state.calls.push('register');
      for (const s of scripts) {
        if (state.registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        state.registered.set(s.id, { ...s, matches: [...s.matches] });
      }
    },
    async updateContentScripts(scripts) {
      await tick();
      state.calls.push('update');
      for (const s of scripts) {
        const old = state.registered.get(s.id);
        if (!old) throw new Error(`Script with ID '${s.id}' does not exist`);
        state.registered.set(s.id, { ...old, matches: [...s.matches], excludeMatches: [...s.excludeMatches] });
      }
    },
    async unregisterContentScripts(filter) {
      await tick();
      state.calls.push('unregister');
      for (const id of filter?.ids ?? [...state.registered.keys()]) {
        if (!state.registered.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
      }
    },
    async executeScript(injection) {
      state.injected.push({ tabId: injection.target.tabId, files: injection.files });
    },
  };
  const apis: SiteApis = { scripting, permissions: { getAll: async () => ({ origins: [...state.origins] }) } };
  return { state, apis };
}

test('nothing granted, nothing registered: nothing to do', async () => {
  const { state, apis } = fakes();
  expect(await syncSiteScripts(apis)).toEqual({ action: 'unchanged', matches: [], excludeMatches: [] });
  expect(state.calls).toEqual([]);
});

test('the first grant registers the content script for that site, at document_idle, kept across sessions', async () => {
  const { state, apis } = fakes(['https://news.example/*']);
  expect(await syncSiteScripts(apis)).toEqual({ action: 'registered', matches: ['https://news.example/*'], excludeMatches: [] });
  expect(state.registered.get(SITE_SCRIPT_ID)).toEqual({
    id: SITE_SCRIPT_ID,
    matches: ['https://news.example/*'],
    excludeMatches: [],
    js: [CONTENT_SCRIPT_FILE],
    runAt: 'document_idle',
    persistAcrossSessions: true,
  });
});

test('a further grant updates the matches; the same grants again change nothing', async () => {
  const { state, apis } = fakes(['https://news.example/*']);
  await syncSiteScripts(apis);
  state.origins.push('http://paper.example/*');
  expect(await syncSiteScripts(apis)).toEqual({ action: 'updated', matches: ['http://paper.example/*', 'https://news.example/*'], excludeMatches: [] });
  expect(state.registered.get(SITE_SCRIPT_ID)?.matches).toEqual(['http://paper.example/*', 'https://news.example/*']);
  expect(await syncSiteScripts(apis)).toEqual({ action: 'unchanged', matches: ['http://paper.example/*', 'https://news.example/*'], excludeMatches: [] });
  expect(state.calls).toEqual(['register', 'update']);
});

test('revoking one site narrows the matches; revoking the last unregisters', async () => {
  const { state, apis } = fakes(['https://news.example/*', 'http://paper.example/*']);
  await syncSiteScripts(apis);
  state.origins = ['http://paper.example/*'];
  expect(await syncSiteScripts(apis)).toEqual({ action: 'updated', matches: ['http://paper.example/*'], excludeMatches: [] });
  state.origins = [];
  expect(await syncSiteScripts(apis)).toEqual({ action: 'unregistered', matches: [], excludeMatches: [] });
  expect(state.registered.size).toBe(0);
});

test('non-web grants are never registered', async () => {
  const { state, apis } = fakes(['file:///*', 'chrome://favicon/*']);
  expect(await syncSiteScripts(apis)).toEqual({ action: 'unchanged', matches: [], excludeMatches: [] });
  expect(state.registered.size).toBe(0);
});

test('serialSync: a grant and a revocation arriving together do not register twice', async () => {
  const { state, apis } = fakes(['https://news.example/*']);
  const sync = serialSync(() => apis);
  // Unserialised, both would see "nothing registered" and the second register would fail (duplicate id).
  const outcomes = await Promise.all([sync(), sync(), sync()]);
  expect(outcomes.map((o) => o?.action)).toEqual(['registered', 'unchanged', 'unchanged']);
  expect(state.calls).toEqual(['register']);
});

test('serialSync: a failed sync does not block the next', async () => {
  const { state, apis } = fakes(['https://news.example/*']);
  let fail = true;
  const sync = serialSync(() => (fail ? { ...apis, permissions: { getAll: async () => Promise.reject(new Error('gone')) } } : apis));
  await expect(sync()).rejects.toThrow('gone');
  fail = false;
  expect((await sync())?.action).toBe('registered');
  expect(state.registered.has(SITE_SCRIPT_ID)).toBe(true);
});

test('serialSync: idle without the APIs (the default build)', async () => {
  expect(await serialSync(() => null)()).toBeNull();
});

test('injectContentScript injects the content-script bundle into that tab', async () => {
  const { state, apis } = fakes();
  await injectContentScript(apis.scripting, 12);
  expect(state.injected).toEqual([{ tabId: 12, files: [CONTENT_SCRIPT_FILE] }]);
});

describe('the default build (automatic mode) with the site lists', () => {
  const rules = (r: Partial<SiteRules> = {}): SiteRules => ({ disabledSites: [], allowOnly: false, allowedSites: [], ...r });

  test('registered for every http(s) page at once, the deny list excluded, without asking for grants', async () => {
    const { state, apis } = fakes();
    const getAll = jest.fn(apis.permissions.getAll);
    const auto = { ...apis, permissions: { getAll }, mode: 'automatic' as const, rules: async () => rules({ disabledSites: ['bank.example', '10.0.0.1'] }) };
    expect(await syncSiteScripts(auto)).toEqual({
      action: 'registered',
      matches: ['http://*/*', 'https://*/*'],
      excludeMatches: ['*://*.bank.example/*', '*://10.0.0.1/*'],
    });
    expect(state.registered.get(SITE_SCRIPT_ID)).toMatchObject({ persistAcrossSessions: true, js: [CONTENT_SCRIPT_FILE], excludeMatches: ['*://*.bank.example/*', '*://10.0.0.1/*'] });
    expect(getAll).not.toHaveBeenCalled();
  });

  test('a deny-list change updates the registration (never a second register); the same lists again change nothing', async () => {
    const { state, apis } = fakes();
    let current = rules({ disabledSites: ['bank.example'] });
    const auto = { ...apis, mode: 'automatic' as const, rules: async () => current };
    await syncSiteScripts(auto);
    current = rules({ disabledSites: ['bank.example', 'mail.example'] });
    expect((await syncSiteScripts(auto)).action).toBe('updated');
    expect(state.registered.get(SITE_SCRIPT_ID)?.excludeMatches).toEqual(['*://*.bank.example/*', '*://*.mail.example/*']);
    expect((await syncSiteScripts(auto)).action).toBe('unchanged');
    current = rules();
    expect(await syncSiteScripts(auto)).toMatchObject({ action: 'updated', excludeMatches: [] });
    expect(state.calls).toEqual(['register', 'update', 'update']);
  });

  test('allow-list mode: only the listed sites; an empty list unregisters (nothing runs)', async () => {
    const { state, apis } = fakes();
    let current = rules({ allowOnly: true, allowedSites: ['news.example', 'paper.example'], disabledSites: ['bank.example'] });
    const auto = { ...apis, mode: 'automatic' as const, rules: async () => current };
    expect(await syncSiteScripts(auto)).toEqual({
      action: 'registered',
      matches: ['*://*.news.example/*', '*://*.paper.example/*'],
      excludeMatches: ['*://*.bank.example/*'],
    });
    current = { ...current, allowedSites: [] };
    expect((await syncSiteScripts(auto)).action).toBe('unregistered');
    expect(state.registered.size).toBe(0);
    current = { ...current, allowOnly: false };
    expect(await syncSiteScripts(auto)).toMatchObject({ action: 'registered', matches: ['http://*/*', 'https://*/*'] });
  });

  test('per-site build: the grants, with the deny list excluded; allow-list mode is left to the gate', () => {
    const r = rules({ disabledSites: ['bank.example'], allowOnly: true, allowedSites: [] });
    expect(wantedRegistration('per-site', ['https://news.example/*'], r)).toEqual({ matches: ['https://news.example/*'], excludeMatches: ['*://*.bank.example/*'] });
    expect(wantedRegistration('per-site', [], r)).toEqual({ matches: [], excludeMatches: [] });
  });
});
