import { injectContentScript, serialSync, syncSiteScripts, type ScriptingApi, type SiteApis } from '../../src/background/site-scripts';
import { CONTENT_SCRIPT_FILE, SITE_SCRIPT_ID } from '../../src/shared/site-access';

interface Registered {
  id: string;
  matches: string[];
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
        state.registered.set(s.id, { ...old, matches: [...s.matches] });
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
  expect(await syncSiteScripts(apis)).toEqual({ action: 'unchanged', matches: [] });
  expect(state.calls).toEqual([]);
});

test('the first grant registers the content script for that site, at document_idle, kept across sessions', async () => {
  const { state, apis } = fakes(['https://news.example/*']);
  expect(await syncSiteScripts(apis)).toEqual({ action: 'registered', matches: ['https://news.example/*'] });
  expect(state.registered.get(SITE_SCRIPT_ID)).toEqual({
    id: SITE_SCRIPT_ID,
    matches: ['https://news.example/*'],
    js: [CONTENT_SCRIPT_FILE],
    runAt: 'document_idle',
    persistAcrossSessions: true,
  });
});

test('a further grant updates the matches; the same grants again change nothing', async () => {
  const { state, apis } = fakes(['https://news.example/*']);
  await syncSiteScripts(apis);
  state.origins.push('http://paper.example/*');
  expect(await syncSiteScripts(apis)).toEqual({ action: 'updated', matches: ['http://paper.example/*', 'https://news.example/*'] });
  expect(state.registered.get(SITE_SCRIPT_ID)?.matches).toEqual(['http://paper.example/*', 'https://news.example/*']);
  expect(await syncSiteScripts(apis)).toEqual({ action: 'unchanged', matches: ['http://paper.example/*', 'https://news.example/*'] });
  expect(state.calls).toEqual(['register', 'update']);
});

test('revoking one site narrows the matches; revoking the last unregisters', async () => {
  const { state, apis } = fakes(['https://news.example/*', 'http://paper.example/*']);
  await syncSiteScripts(apis);
  state.origins = ['http://paper.example/*'];
  expect(await syncSiteScripts(apis)).toEqual({ action: 'updated', matches: ['http://paper.example/*'] });
  state.origins = [];
  expect(await syncSiteScripts(apis)).toEqual({ action: 'unregistered', matches: [] });
  expect(state.registered.size).toBe(0);
});

test('non-web grants are never registered', async () => {
  const { state, apis } = fakes(['file:///*', 'chrome://favicon/*']);
  expect(await syncSiteScripts(apis)).toEqual({ action: 'unchanged', matches: [] });
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
