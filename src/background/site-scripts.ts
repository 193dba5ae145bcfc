/**
 * The one registrar of the content script (`scripting.registerContentScripts`), for both builds:
 *
 * - default build ('automatic'): registered for every http(s) page, or in allow-list mode for the listed
 *   sites only, from install on (the manifest holds the host access, so no prompt);
 * - per-site build: registered for exactly the sites the user granted, and injected into a tab on the
 *   user's click.
 *
 * In both, the deny list becomes `excludeMatches`: the browser never injects the script there.
 * The browser APIs come in as a parameter so that the logic runs in Node against fakes.
 */
import { CONTENT_SCRIPT_FILE, SITE_SCRIPT_ID, siteMatches, type SiteAccessMode } from '../shared/site-access';
import { ALL_WEB, sitePatterns } from '../shared/site-lists';

/** The slice of `chrome.scripting` this module uses (promise form, as in Chrome MV3 and the polyfill). */
export interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string; matches?: string[]; excludeMatches?: string[] }[]>;
  registerContentScripts(
    scripts: { id: string; matches: string[]; excludeMatches: string[]; js: string[]; runAt: 'document_idle'; persistAcrossSessions: boolean }[],
  ): Promise<void>;
  updateContentScripts(scripts: { id: string; matches: string[]; excludeMatches: string[] }[]): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
  executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<unknown>;
}

export interface PermissionsApi {
  getAll(): Promise<{ origins?: string[] }>;
}

/** The site settings the registration follows (src/shared/settings.ts). */
export interface SiteRules {
  disabledSites: readonly string[];
  allowOnly: boolean;
  allowedSites: readonly string[];
}

/** No deny list, no allow-list mode. */
export const NO_RULES: Readonly<SiteRules> = Object.freeze({ disabledSites: [], allowOnly: false, allowedSites: [] });

export interface SiteApis {
  scripting: ScriptingApi;
  /** Read in per-site mode only (the granted sites). */
  permissions: PermissionsApi;
  /** Which build this is (default 'per-site', the mode this module was first written for). */
  mode?: SiteAccessMode;
  /** The current settings' site lists (default: none). Read on every sync, so never stale. */
  rules?: () => Promise<SiteRules>;
}

/** What a sync did, for tests and the console. */
export interface SyncOutcome {
  action: 'registered' | 'updated' | 'unregistered' | 'unchanged';
  matches: string[];
  excludeMatches: string[];
}

/**
 * Where the content script should run. Default build: the whole web, or the allow list in allow-list mode;
 * per-site build: the granted sites (allow-list mode is then left to the content script's gate: the grants
 * are already a per-site list). Both: never on the deny list. Sorted, so that comparing is exact.
 */
export function wantedRegistration(mode: SiteAccessMode, granted: readonly string[] | undefined, rules: SiteRules): { matches: string[]; excludeMatches: string[] } {
  const matches = mode === 'per-site' ? siteMatches(granted) : rules.allowOnly ? sitePatterns(rules.allowedSites) : [...ALL_WEB].sort();
  return { matches, excludeMatches: matches.length > 0 ? sitePatterns(rules.disabledSites) : [] };
}

/**
 * Makes the registered content script what `wantedRegistration` says: registers it when it is missing,
 * updates its matches when they differ (never registers the same id twice), unregisters it when it should
 * run nowhere. Idempotent; run on install, browser start, worker start, every grant and revocation, and every
 * settings change (registrations persist across sessions; grants and settings can change while the worker
 * sleeps).
 */
export async function syncSiteScripts(apis: SiteApis): Promise<SyncOutcome> {
  const mode = apis.mode ?? 'per-site';
  const granted = mode === 'per-site' ? (await apis.permissions.getAll()).origins : undefined;
  const rules = apis.rules ? await apis.rules() : NO_RULES;
  const { matches, excludeMatches } = wantedRegistration(mode, granted, rules);
  const registered = (await apis.scripting.getRegisteredContentScripts({ ids: [SITE_SCRIPT_ID] })).find((s) => s.id === SITE_SCRIPT_ID);
  const outcome = (action: SyncOutcome['action']): SyncOutcome => ({ action, matches, excludeMatches });
  if (matches.length === 0) {
    if (!registered) return outcome('unchanged');
    await apis.scripting.unregisterContentScripts({ ids: [SITE_SCRIPT_ID] });
    return outcome('unregistered');
  }
  if (!registered) {
    await apis.scripting.registerContentScripts([
      { id: SITE_SCRIPT_ID, matches, excludeMatches, js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
    return outcome('registered');
  }
  if (sameList([...(registered.matches ?? [])].sort(), matches) && sameList([...(registered.excludeMatches ?? [])].sort(), excludeMatches)) {
    return outcome('unchanged');
  }
  await apis.scripting.updateContentScripts([{ id: SITE_SCRIPT_ID, matches, excludeMatches }]);
  return outcome('updated');
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
