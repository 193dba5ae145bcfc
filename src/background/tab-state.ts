/** Per-tab results in `storage.session` under `tab:<tabId>`: they survive worker restarts, not the browser. */
import browser from 'webextension-polyfill';
import type { TabResults } from '../shared/messages';

export const tabKey = (tabId: number): string => `tab:${tabId}`;

export async function getTabResults(tabId: number): Promise<TabResults | null> {
  const got = await browser.storage.session.get(tabKey(tabId));
  const value = got[tabKey(tabId)] as TabResults | undefined;
  return value && value.v === 1 ? value : null;
}

export async function setTabResults(results: TabResults): Promise<void> {
  await browser.storage.session.set({ [tabKey(results.tabId)]: results });
}

export async function removeTabResults(tabId: number): Promise<void> {
  await browser.storage.session.remove(tabKey(tabId));
}

/** The URL the results belong to: the checked tab URL, else the page's own. */
export function resultsUrl(results: TabResults): string | null {
  return results.report?.page ?? results.page?.url ?? null;
}

/** Same document: equal up to the fragment (in-page anchors do not make a new page). */
export function sameDocument(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a.replace(/#.*$/, '') === b.replace(/#.*$/, '');
}
