/**
 * The content script's end of the message map: one validator per message name of `ContentMessages` (the
 * list of names is their keys), and the listener's sorting of what arrives. Only the extension's background
 * can reach this listener (`tabs.sendMessage`), but an answer is still never built from an unchecked payload.
 */
import type { ContentMessages, Handlers, Validators } from '../shared/messages';
import { dispatch, messageTypes, receive } from '../shared/receive';

export const CONTENT_PAYLOADS: Validators<ContentMessages> = {
  'show-passages': (p) => {
    if (p.sourceId === undefined) return {};
    return typeof p.sourceId === 'string' ? { sourceId: p.sourceId } : null;
  },
  'toggle-highlights': (p) => (typeof p.visible === 'boolean' ? { visible: p.visible } : null),
  'step-passage': (p) => (p.direction === 1 || p.direction === -1 ? { direction: p.direction } : null),
  recheck: () => ({}),
};

/** Every message name the content script answers. */
export const CONTENT_MESSAGE_TYPES = messageTypes(CONTENT_PAYLOADS);

/**
 * The answer to a raw message: its handler's, a rejection for a malformed one, or undefined (no answer) for
 * anything that is not a content message of this version.
 */
export function receiveContentMessage(handlers: Handlers<ContentMessages, void>, raw: unknown): Promise<unknown> | undefined {
  const receipt = receive(CONTENT_PAYLOADS, raw);
  if (receipt.kind === 'malformed') return Promise.reject(new Error(`WireTrace refused the message: malformed ${receipt.type} message`));
  return receipt.kind === 'valid' ? dispatch(handlers, receipt, undefined) : undefined;
}
