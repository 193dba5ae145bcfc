/** Typed senders over webextension-polyfill. */
import browser from 'webextension-polyfill';
import { message, type BackgroundMessages, type ContentMessages, type MessageOf, type ResponseOf } from './messages';

export function sendToBackground<K extends keyof BackgroundMessages & string>(
  type: K,
  payload: MessageOf<BackgroundMessages, K>['payload'],
): Promise<ResponseOf<BackgroundMessages, K>> {
  return browser.runtime.sendMessage(message<BackgroundMessages, K>(type, payload)) as Promise<ResponseOf<BackgroundMessages, K>>;
}

export function sendToTab<K extends keyof ContentMessages & string>(
  tabId: number,
  type: K,
  payload: MessageOf<ContentMessages, K>['payload'],
): Promise<ResponseOf<ContentMessages, K>> {
  return browser.tabs.sendMessage(tabId, message<ContentMessages, K>(type, payload)) as Promise<ResponseOf<ContentMessages, K>>;
}
