/**
 * The one `runtime.onMessage` listener. A message is sorted by the background's validators
 * (src/background/payloads.ts): a name of another version is answered with an error, a sender that may not
 * send it is refused (SENDERS: an extension page's messages never from a content script, which speaks for a
 * web page), a malformed payload is refused, and a valid one goes to its handler, typed by the message map.
 * Answers are promises (webextension-polyfill); a refusal or failure rejects with a message, nothing is
 * thrown out of the listener.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import type { BackgroundMessages, Handlers } from '../shared/messages';
import { dispatch, receive } from '../shared/receive';
import { checkText, corpusChanged, corpusStatus, settingsChanged, showInPage, tabResults } from './extension-handlers';
import { MessageRefused } from './message-refused';
import { checkPage, pageRestored, pageSkipped, reportHighlights } from './page-handlers';
import { BACKGROUND_PAYLOADS, SENDERS } from './payloads';
import { isExtensionPage } from './sender';
import { checkTab } from './site-access';

const HANDLERS: Handlers<BackgroundMessages, Runtime.MessageSender> = {
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

export function handleMessage(raw: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined {
  const receipt = receive(BACKGROUND_PAYLOADS, raw);
  // Not ours to answer (another listener may be): stay silent.
  if (receipt.kind === 'foreign') return undefined;
  if (receipt.kind === 'other-version') return Promise.reject(new Error(OUTDATED_MESSAGE));
  const type = receipt.type;
  if (sender.id !== browser.runtime.id) return Promise.reject(new MessageRefused('unknown sender'));
  if (SENDERS[type] === 'extension-page' && !isExtensionPage(sender)) {
    return Promise.reject(new MessageRefused(`"${type}" is only accepted from WireTrace's own pages`));
  }
  if (receipt.kind === 'malformed') return Promise.reject(new MessageRefused(`malformed ${type} message`));
  return dispatch(HANDLERS, receipt, sender).catch((e: unknown) => {
    if (e instanceof MessageRefused) throw e;
    console.error(`WireTrace: ${type} failed`, e);
    throw new Error(`WireTrace could not handle "${type}": ${e instanceof Error ? e.message : String(e)}`);
  });
}
