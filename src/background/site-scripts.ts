/**
 * Per-site mode (the chrome-per-site build, see src/shared/site-access.ts): the content script is
 * registered for exactly the sites the user granted, and injected into a tab on the user's click. The
 * browser APIs come in as a parameter so that the logic runs in Node against fakes.
 */
import { CONTENT_SCRIPT_FILE, SITE_SCRIPT_ID, siteMatches } from '../shared/site-access';

/** The slice of `chrome.scripting` this module uses (promise form, as in Chrome MV3 and the polyfill). */
export interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string; matches?: string[] }[]>;
  registerContentScripts(scripts: { id: string; matches: string[]; js: string[]; runAt: 'document_idle'; persistAcrossSessions: boolean }[]): Promise<void>;
  updateContentScripts(scripts: { id: string; matches: string[] }[]): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
  executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<unknown>;
}

export interface PermissionsApi {
  getAll(): Promise<{ origins?: string[] }>;
}

export interface SiteApis {
  scripting: ScriptingApi;
  permissions: PermissionsApi;
}

/** What a sync did, for tests and the console. */
export type SyncOutcome = { action: 'registered' | 'updated'; matches: string[] } | { action: 'unregistered' | 'unchanged'; matches: string[] };

/**
 * Makes the registered content script match the granted sites: registers it on the first grant, updates its
 * matches on later ones, unregisters it when the last site is revoked. Idempotent; run on every grant,
 * revocation, install and browser start (registrations persist, grants can change while the worker sleeps).
 */
export async function syncSiteScripts(apis: SiteApis): Promise<SyncOutcome> {
  const matches = siteMatches((await apis.permissions.getAll()).origins);
  const registered = (await apis.scripting.getRegisteredContentScripts({ ids: [SITE_SCRIPT_ID] })).find((s) => s.id === SITE_SCRIPT_ID);
  if (matches.length === 0) {
    if (!registered) return { action: 'unchanged', matches };
    await apis.scripting.unregisterContentScripts({ ids: [SITE_SCRIPT_ID] });
    return { action: 'unregistered', matches };
  }
  if (!registered) {
    await apis.scripting.registerContentScripts([{ id: SITE_SCRIPT_ID, matches, js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle', persistAcrossSessions: true }]);
    return { action: 'registered', matches };
  }
  if (sameList([...(registered.matches ?? [])].sort(), matches)) return { action: 'unchanged', matches };
  await apis.scripting.updateContentScripts([{ id: SITE_SCRIPT_ID, matches }]);
  return { action: 'updated', matches };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * One sync at a time: grant and revoke events can arrive together, and two overlapping syncs would both see
 * "nothing registered" and the second register would fail on the duplicate id.
 */
export function serialSync(apis: () => SiteApis | null): () => Promise<SyncOutcome | null> {
  let queue: Promise<unknown> = Promise.resolve();
  return () => {
    const run = queue.then(async () => {
      const a = apis();
      return a ? syncSiteScripts(a) : null;
    });
    queue = run.catch(() => undefined);
    return run;
  };
}

/**
 * Checks a tab on the user's request: injects the content script, which works only while the browser grants
 * access to that tab (the toolbar click's `activeTab`, or a granted site). The script itself ignores a
 * second injection (src/content/main.ts), so clicking twice is harmless.
 */
export async function injectContentScript(scripting: Pick<ScriptingApi, 'executeScript'>, tabId: number): Promise<void> {
  await scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
}
