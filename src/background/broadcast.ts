/** Messages from the background to content scripts, where a missing receiver is normal. */
import browser from 'webextension-polyfill';
import { sendToTab } from '../shared/send';

/**
 * Asks every tab to check its page again (settings or corpus changed). Tabs without our content script
 * (browser pages, pages loaded before the install, tabs without permission) reject: that is expected.
 */
export async function recheckAllTabs(): Promise<void> {
  let tabs: { id?: number }[];
  try {
    tabs = await browser.tabs.query({});
  } catch {
    return;
  }
  await Promise.allSettled(tabs.filter((t) => typeof t.id === 'number' && t.id >= 0).map((t) => sendToTab(t.id!, 'recheck', {})));
}

/** The active tab of the current window, or null. */
export async function activeTabId(): Promise<number | null> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return typeof tab?.id === 'number' ? tab.id : null;
  } catch {
    return null;
  }
}
