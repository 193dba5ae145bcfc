/** Install, startup and tab lifecycle: the welcome page, persistent storage, per-tab clean-up. */
import browser from 'webextension-polyfill';
import type { Runtime, Tabs } from 'webextension-polyfill';
import { resetBadge } from './badge';
import { forgetTab, releaseDeferred } from './tab-ledger';
import { enqueueForTab } from './tab-queue';
import { isSiteDisabled } from '../shared/settings';
import { TAB_RESULTS_VERSION } from '../shared/messages';
import { currentSettings } from './settings-cache';
import { getTabResults, removeTabResults, resultsUrl, sameDocument, setTabResults } from './tab-state';

export const WELCOME_PAGE = 'src/ui/welcome/index.html';
/** storage.local key with the answer of `navigator.storage.persist()`, shown by the options page. */
export const PERSISTED_KEY = 'persisted';

export async function onInstalled(details: Runtime.OnInstalledDetailsType): Promise<void> {
  await requestPersistence();
  if (details.reason !== 'install') return;
  try {
    await browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) });
  } catch {
    // no window to open it in; the options page explains the same things
  }
}

/**
 * Asks the browser not to evict the corpus under storage pressure. Best effort: some browsers have no
 * API, or refuse; the options page shows the answer.
 */
export async function requestPersistence(): Promise<void> {
  const storage = (globalThis as { navigator?: { storage?: { persist?: () => Promise<boolean> } } }).navigator?.storage;
  if (typeof storage?.persist !== 'function') return;
  try {
    const persisted = await storage.persist();
    await browser.storage.local.set({ [PERSISTED_KEY]: persisted });
  } catch {
    // refused or unavailable: nothing to record
  }
}

/**
 * A tab starts loading a document: its results and badge belong to the old one. An SPA navigation may
 * report the URL the content script has just checked (its new check-page can arrive first): keep those.
 * A page of a site where WireTrace is off gets no content script at all (deny list, allow-list mode): the
 * background marks it 'disabled' itself, from the tab's URL (visible to it through the host access), so that
 * the popup can say so and offer to switch the site on.
 */
export async function onTabUpdated(tabId: number, changeInfo: Tabs.OnUpdatedChangeInfoType, tab?: Tabs.Tab): Promise<void> {
  if (changeInfo.status !== 'loading') return;
  releaseDeferred(tabId); // results waiting for their highlights are written (or found stale) first
  // In the tab's queue: results a check is still writing are written (or skipped) before this looks.
  await enqueueForTab(tabId, async () => {
    try {
      const stored = await getTabResults(tabId);
      if (stored && changeInfo.url !== undefined && sameDocument(resultsUrl(stored), changeInfo.url)) return;
      if (stored) await removeTabResults(tabId);
    } catch {
      // storage.session unavailable: nothing stored to reset
    }
    await resetBadge(tabId);
    const url = changeInfo.url ?? tab?.url;
    if (url && /^https?:/.test(url) && isSiteDisabled(await currentSettings(), url)) {
      const page = { url, canonicalUrl: null, title: null, outlet: null, byline: null, published: null, lang: null };
      await setTabResults({ v: TAB_RESULTS_VERSION, tabId, status: 'disabled', page, report: null, highlighted: [], checkedAt: null }).catch(() => undefined);
    }
  });
}

export async function onTabRemoved(tabId: number): Promise<void> {
  forgetTab(tabId);
  try {
    await removeTabResults(tabId);
  } catch {
    // nothing to remove
  }
}
