/**
 * The receiving end of typed messages, for every context: a raw message (whatever arrived) is sorted by the
 * receiver's validators, one per message name (`Validators`, keyed by the message map), and a valid one is
 * handed to its handler (`Handlers`, keyed by the same map). The list of names a receiver knows is the keys
 * of its validators: never kept by hand.
 */
import { MESSAGE_VERSION, type Handlers, type PayloadOf, type Validators } from './messages';

export type Receipt<M> =
  /** Not a message of this receiver (another listener's, or not a message at all): leave it alone. */
  | { kind: 'foreign' }
  /** A name this receiver knows, of another version (a content script left over from before an update). */
  | { kind: 'other-version'; type: keyof M & string }
  /** A name of this version whose payload the validator refused. */
  | { kind: 'malformed'; type: keyof M & string }
  | { kind: 'valid'; type: keyof M & string; payload: PayloadOf<M, keyof M> };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The message names the validators know (their keys). */
export function messageTypes<M>(validators: Validators<M>): readonly (keyof M & string)[] {
  return Object.keys(validators) as (keyof M & string)[];
}

/** Sorts a raw message (see Receipt); a valid one's payload is the validator's checked copy. */
export function receive<M>(validators: Validators<M>, raw: unknown): Receipt<M> {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !Object.hasOwn(validators, raw.type)) return { kind: 'foreign' };
  const type = raw.type as keyof M & string;
  if (raw.v !== MESSAGE_VERSION) return { kind: 'other-version', type };
  const payload = isRecord(raw.payload) ? validators[type](raw.payload) : null;
  return payload === null ? { kind: 'malformed', type } : { kind: 'valid', type, payload };
}

/** Calls the handler of a valid message with its checked payload. */
export function dispatch<M, S>(handlers: Handlers<M, S>, receipt: Extract<Receipt<M>, { kind: 'valid' }>, sender: S): Promise<unknown> {
  // The payload came from validators[receipt.type], whose type is this handler's payload type.
  const handler = handlers[receipt.type] as (payload: unknown, sender: S) => Promise<unknown>;
  return handler(receipt.payload, sender);
}
