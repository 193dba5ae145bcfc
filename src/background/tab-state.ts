/** Per-tab results in `storage.session` under `tab:<tabId>`: they survive worker restarts, not the browser. */
import browser from 'webextension-polyfill';
import { factsOfText, type PageReport } from '@wiretrace/engine';
import { TAB_RESULTS_VERSION, type TabResults } from '../shared/messages';

export const tabKey = (tabId: number): string => `tab:${tabId}`;

/** Per-tab results written by version 1: the report without its page facts. */
export type TabResultsV1 = Omit<TabResults, 'v' | 'report'> & { v: 1; report: Omit<PageReport, 'facts'> | null };

/**
 * Stored results in the current shape. Version 1 results (written before an update, in a session that
 * outlived it) get their report's page facts from the engine, from the report's own text and matches: the
 * popup and badge keep showing them. Anything else (no `v`, an unknown one) is no results of this tab.
 */
export function readTabResults(value: unknown): TabResults | null {
  if (typeof value !== 'object' || value === null) return null;
  const stored = value as TabResults | TabResultsV1;
  if (stored.v === TAB_RESULTS_VERSION) return stored;
  if (stored.v !== 1) return null;
  const old = stored.report;
  const report = old && { ...old, facts: factsOfText(old.text, old.matches, old.sourceCount) };
  return { ...stored, v: TAB_RESULTS_VERSION, report };
}

export async function getTabResults(tabId: number): Promise<TabResults | null> {
  const got = await browser.storage.session.get(tabKey(tabId));
  return readTabResults(got[tabKey(tabId)]);
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
