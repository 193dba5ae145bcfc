/**
 * Background glue of the content script's registration (src/background/site-scripts.ts has the logic): keeps
 * it in step with the settings' site lists (both builds) and the granted sites (per-site build), and checks a
 * tab when the popup asks (per-site build's toolbar click). A build with a static content script (none of
 * ours now, but a test harness's) leaves all of this idle.
 */
import browser from 'webextension-polyfill';
import { TAB_RESULTS_VERSION, type BackgroundMessages, type PayloadOf } from '../shared/messages';
import { loadSettings } from '../shared/settings';
import { siteAccessMode } from '../shared/site-access';
import { injectContentScript, serialSync, type PermissionsApi, type ScriptingApi, type SiteApis } from './site-scripts';
import { getTabResults, setTabResults } from './tab-state';

interface PermissionEvents {
  onAdded?: { addListener(l: () => void): void };
  onRemoved?: { addListener(l: () => void): void };
}

/** The APIs, when this build registers its content script and the browser has them; null otherwise. */
function siteApis(): SiteApis | null {
  const b = browser as unknown as { scripting?: ScriptingApi; permissions?: PermissionsApi };
  const manifest = browser.runtime.getManifest();
  if ((manifest.content_scripts?.length ?? 0) > 0 || !b.scripting) return null;
  const mode = siteAccessMode(manifest);
  if (mode === 'per-site' && !b.permissions) return null;
  // The settings are read afresh (not the background's cache): a sync runs because they just changed.
  return { scripting: b.scripting, permissions: b.permissions ?? { getAll: async () => ({}) }, mode, rules: () => loadSettings() };
}

/** Per-site build only: the toolbar-click injection. */
function perSiteApis(): SiteApis | null {
  const apis = siteApis();
  return apis?.mode === 'per-site' ? apis : null;
}

const sync = serialSync(siteApis);

export async function syncSites(): Promise<void> {
  try {
    await sync();
  } catch (e) {
    console.error('WireTrace: could not update the sites it checks', e);
  }
}

/** Registered with the other listeners at worker start: a grant or revocation wakes the worker. */
export function watchSiteGrants(): void {
  const events = (browser as unknown as { permissions?: PermissionEvents }).permissions;
  events?.onAdded?.addListener(() => void syncSites());
  events?.onRemoved?.addListener(() => void syncSites());
}

type CheckTabResponse = BackgroundMessages['check-tab']['response'];

/** Extension pages only (the popup, opened by the toolbar click that granted `activeTab`): check this tab now. */
export async function checkTab({ tabId }: PayloadOf<BackgroundMessages, 'check-tab'>): Promise<CheckTabResponse> {
  const apis = perSiteApis();
  // The default build's content script is already in every page it may read.
  if (!apis) return { started: false, error: null };
  const before = await getTabResults(tabId).catch(() => null);
  if (before) return { started: false, error: null };
  try {
    await injectContentScript(apis.scripting, tabId);
  } catch (e) {
    // No access (a browser page, the store, or the grant expired): the popup says so.
    return { started: false, error: e instanceof Error ? e.message : String(e) };
  }
  // Until the content script reports, the popup shows "checking" (it re-asks while a tab is being checked).
  if (!(await getTabResults(tabId).catch(() => null))) {
    await setTabResults({ v: TAB_RESULTS_VERSION, tabId, status: 'checking', page: null, report: null, highlighted: [], checkedAt: null }).catch(() => undefined);
  }
  return { started: true, error: null };
}
