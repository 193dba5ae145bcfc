/**
 * Typed senders over webextension-polyfill: a caller can only send a name of the map with its payload, and
 * gets that name's response type back.
 */
import browser from 'webextension-polyfill';
import { message, type BackgroundMessages, type ContentMessages, type PayloadOf, type ResponseOf } from './messages';

export function sendToBackground<K extends keyof BackgroundMessages>(type: K, payload: PayloadOf<BackgroundMessages, K>): Promise<ResponseOf<BackgroundMessages, K>> {
  return browser.runtime.sendMessage(message(type, payload)) as Promise<ResponseOf<BackgroundMessages, K>>;
}

export function sendToTab<K extends keyof ContentMessages>(tabId: number, type: K, payload: PayloadOf<ContentMessages, K>): Promise<ResponseOf<ContentMessages, K>> {
  return browser.tabs.sendMessage(tabId, message(type, payload)) as Promise<ResponseOf<ContentMessages, K>>;
}
