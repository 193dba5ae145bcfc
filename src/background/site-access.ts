/**
 * Background glue of the per-site mode (src/background/site-scripts.ts has the logic): keeps the registered
 * content script in step with the granted sites, and checks a tab when the popup asks (toolbar click).
 * In the default build (static content script) all of this stays idle.
 */
import browser from 'webextension-polyfill';
import type { BackgroundMessages } from '../shared/messages';
import { siteAccessMode } from '../shared/site-access';
import { MessageRefused } from './message-refused';
import { injectContentScript, serialSync, type PermissionsApi, type ScriptingApi, type SiteApis } from './site-scripts';
import { getTabResults, setTabResults } from './tab-state';
import { parseTabId } from './validate';

interface PermissionEvents {
  onAdded?: { addListener(l: () => void): void };
  onRemoved?: { addListener(l: () => void): void };
}

/** The APIs, when this build runs in per-site mode and the browser has them; null otherwise. */
function siteApis(): SiteApis | null {
  const b = browser as unknown as { scripting?: ScriptingApi; permissions?: PermissionsApi };
  if (siteAccessMode(browser.runtime.getManifest()) !== 'per-site' || !b.scripting || !b.permissions) return null;
  return { scripting: b.scripting, permissions: b.permissions };
}

const sync = serialSync(siteApis);

export async function syncSites(): Promise<void> {
  try {
    await sync();
  } catch (e) {
    console.error('WireTrace: could not update the sites it checks automatically', e);
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
export async function checkTab(payload: Record<string, unknown>): Promise<CheckTabResponse> {
  const tabId = parseTabId(payload.tabId);
  if (tabId === null) throw new MessageRefused('malformed check-tab message');
  const apis = siteApis();
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
    await setTabResults({ v: 1, tabId, status: 'checking', page: null, report: null, highlighted: [], checkedAt: null }).catch(() => undefined);
  }
  return { started: true, error: null };
}
