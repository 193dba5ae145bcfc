/** Who sent a message: an extension page (trusted) or a content script (speaks for a web page). */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';

/** An extension page of this extension: its URL is under our own origin, and the id is ours. */
export function isExtensionPage(sender: Runtime.MessageSender): boolean {
  if (sender.id !== browser.runtime.id || typeof sender.url !== 'string') return false;
  return sender.url.startsWith(browser.runtime.getURL(''));
}

/**
 * The tab a content script speaks for: always the sender's own tab (a page never names another tab), and
 * only its top frame, since results are per tab.
 */
export function contentTabId(sender: Runtime.MessageSender): number | null {
  if (sender.id !== browser.runtime.id) return null;
  const id = sender.tab?.id;
  if (typeof id !== 'number' || id < 0) return null;
  if (sender.frameId !== undefined && sender.frameId !== 0) return null;
  return id;
}

/** The page's URL as the browser knows it (not as the page claims), falling back to the payload's. */
export function senderPageUrl(sender: Runtime.MessageSender, claimed: string): string {
  return sender.tab?.url ?? sender.url ?? claimed;
}
