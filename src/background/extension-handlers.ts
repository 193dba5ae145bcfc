/** Messages only extension pages may send (the router checks the sender), plus corpus-status (anyone). */
import browser from 'webextension-polyfill';
import { countWords, noReuseFacts, type PageReport } from '@wiretrace/engine';
import type { BackgroundMessages, CorpusStatus, PayloadOf, TabResults } from '../shared/messages';
import { sendToTab } from '../shared/send';
import { recheckAllTabs } from './broadcast';
import { syncSites } from './site-access';
import { tabResultsSettled } from './tab-ledger';
import { clearResultsCache } from './results-cache';
import { NO_CORPUS_MESSAGE, scanText } from './scan-text';
import { currentSettings, invalidateSettings } from './settings-cache';
import { dropIndex, forgetStore, getIndex, getStore, storageErrorMessage } from './store-access';
import { getTabResults } from './tab-state';
import { isRecord, MAX_TEXT_CHARS } from './validate';

/** Where the last "Check text" report is kept for the compare page (`{ report, checkedAt }`). */
export const CHECK_TEXT_KEY = 'check-text:last';

/** `report.page` of a pasted text. */
export const PASTED_PAGE = 'pasted text';

type Payload<K extends keyof BackgroundMessages> = PayloadOf<BackgroundMessages, K>;

export async function tabResults({ tabId }: Payload<'tab-results'>): Promise<TabResults | null> {
  // A check answers its page before it stores the tab's results: wait for what is queued (and for a check
  // about to answer).
  await tabResultsSettled(tabId);
  try {
    return await getTabResults(tabId);
  } catch {
    return null;
  }
}

type CheckTextResponse = BackgroundMessages['check-text']['response'];

export async function checkText({ text }: Payload<'check-text'>): Promise<CheckTextResponse> {
  const empty = (error: string): CheckTextResponse => ({
    report: { page: PASTED_PAGE, title: null, published: null, url: null, text, words: countWords(text), sourceCount: 0, matches: [], facts: noReuseFacts() },
    error,
  });
  let response: CheckTextResponse;
  if (text.length > MAX_TEXT_CHARS) {
    response = empty('This text is too long to check.');
  } else {
    const outcome = await scanText(text, await currentSettings(), null);
    if (outcome.status === 'done') {
      const r = outcome.result;
      const report: PageReport = { page: PASTED_PAGE, title: null, published: null, url: null, text, words: r.words, sourceCount: r.sourceCount, matches: r.matches, facts: r.facts };
      response = { report };
    } else {
      response = empty(outcome.status === 'no-corpus' ? NO_CORPUS_MESSAGE : outcome.error);
    }
  }
  try {
    await browser.storage.session.set({ [CHECK_TEXT_KEY]: { report: response.report, checkedAt: new Date().toISOString() } });
  } catch {
    // the compare page will say the text is no longer available
  }
  return response;
}

export async function corpusStatus(): Promise<CorpusStatus> {
  const access = await getStore();
  if (!access.store) return { articles: 0, storageError: access.error };
  try {
    return { articles: await access.store.count(), storageError: null };
  } catch (e) {
    forgetStore();
    return { articles: 0, storageError: storageErrorMessage(e) };
  }
}

export async function corpusChanged(): Promise<CorpusStatus> {
  dropIndex();
  await clearResultsCache();
  const access = await getStore();
  if (access.store) {
    try {
      await getIndex(access.store); // reload now, so that the rechecks below find it ready
    } catch {
      forgetStore(); // the checks will report the error
    }
  }
  const status = await corpusStatus();
  await recheckAllTabs();
  return status;
}

export async function showInPage({ tabId, sourceId }: Payload<'show-in-page'>): Promise<{ shown: number }> {
  try {
    const answer = await sendToTab(tabId, 'show-passages', sourceId === undefined ? {} : { sourceId });
    return isRecord(answer) && typeof answer.shown === 'number' ? { shown: answer.shown } : { shown: 0 };
  } catch {
    return { shown: 0 }; // the tab has no content script (closed, reloaded, a browser page)
  }
}

export async function settingsChanged(): Promise<void> {
  invalidateSettings(); // storage.onChanged says so too, but this message may arrive first
  // The registration follows the site lists before the sender hears back: its next page load is covered.
  await syncSites();
  await clearResultsCache();
  await recheckAllTabs();
}
