/**
 * The one `runtime.onMessage` listener. Checks that a message is well formed and of this version, that
 * its sender may send it (EXTENSION_PAGE_ONLY: never a content script, which speaks for a web page), then
 * dispatches it. Answers are promises (webextension-polyfill); a refusal or failure rejects with a
 * message, nothing is thrown out of the listener.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { BACKGROUND_MESSAGE_TYPES, EXTENSION_PAGE_ONLY, isMessage, type BackgroundMessages } from '../shared/messages';
import { checkText, corpusChanged, corpusStatus, settingsChanged, showInPage, tabResults } from './extension-handlers';
import { MessageRefused } from './message-refused';
import { checkPage, pageRestored, pageSkipped, reportHighlights } from './page-handlers';
import { isExtensionPage } from './sender';
import { checkTab } from './site-access';

type Handler = (payload: Record<string, unknown>, sender: Runtime.MessageSender) => Promise<unknown>;

const HANDLERS: Record<keyof BackgroundMessages, Handler> = {
  'check-page': checkPage,
  'page-restored': pageRestored,
  'page-skipped': pageSkipped,
  'report-highlights': reportHighlights,
  'tab-results': tabResults,
  'check-text': checkText,
  'corpus-changed': corpusChanged,
  'corpus-status': corpusStatus,
  'show-in-page': showInPage,
  'settings-changed': settingsChanged,
  'check-tab': checkTab,
};

const OUTDATED_MESSAGE = 'WireTrace was updated: reload this page to check it again.';

/** A message of ours, but of another version (a content script left over from before an update). */
function isOtherVersion(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const type = (message as { type?: unknown }).type;
  return typeof type === 'string' && (BACKGROUND_MESSAGE_TYPES as readonly string[]).includes(type);
}

export function handleMessage(message: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined {
  if (!isMessage<BackgroundMessages>(message, BACKGROUND_MESSAGE_TYPES)) {
    // Not ours to answer (another listener may be): stay silent, unless it is ours from another version.
    return isOtherVersion(message) ? Promise.reject(new Error(OUTDATED_MESSAGE)) : undefined;
  }
  if (sender.id !== browser.runtime.id) return Promise.reject(new MessageRefused('unknown sender'));
  if (EXTENSION_PAGE_ONLY.has(message.type) && !isExtensionPage(sender)) {
    return Promise.reject(new MessageRefused(`"${message.type}" is only accepted from WireTrace's own pages`));
  }
  const handler = HANDLERS[message.type];
  return handler(message.payload as Record<string, unknown>, sender).catch((e: unknown) => {
    if (e instanceof MessageRefused) throw e;
    console.error(`WireTrace: ${message.type} failed`, e);
    throw new Error(`WireTrace could not handle "${message.type}": ${e instanceof Error ? e.message : String(e)}`);
  });
}
