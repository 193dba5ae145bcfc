/**
 * Messages to the background that survive the service worker being stopped. Chrome may stop an MV3 worker
 * at any time (30 s idle, an update, memory pressure, DevTools); a message in flight then fails with a
 * transport error instead of an answer, and the next message starts the worker again. So a message that
 * failed *in transport* is sent again, at most `delaysMs.length` times after a short pause. Refusals and
 * failures the background answered with (a `MessageRefused`, a handler's error) are never retried: they
 * would fail the same way.
 */
import type { BackgroundMessages } from '../shared/messages';
import type { SendToBackground } from './app';

/**
 * What the browsers say when the receiving end went away: the worker stopped while it held the message
 * (Chrome: "The message port closed before a response was received.", or "…the message channel closed
 * before a response was received" for an asynchronous listener), or there was no listener to take it
 * (Chrome and Firefox: "Could not establish connection. Receiving end does not exist.").
 */
const TRANSPORT_ERRORS: readonly RegExp[] = [
  /message port closed before a response was received/i,
  /message channel closed before a response was received/i,
  /could not establish connection\. receiving end does not exist/i,
];

/**
 * Messages whose handler always answers with a value. webextension-polyfill turns Chrome's "message port
 * closed" into an *undefined answer* (it cannot tell it from a listener that answers nothing), so for these
 * an undefined answer is the same transport failure.
 */
const ALWAYS_ANSWERED: ReadonlySet<keyof BackgroundMessages> = new Set<keyof BackgroundMessages>(['check-page']);

/** Pauses before the first and second retry: the worker's cold start (≈0.1–0.5 s) fits between them. */
export const RETRY_DELAYS_MS: readonly number[] = [100, 400];

export interface RetryOptions {
  /** Pause before each retry; its length is the number of retries. */
  delaysMs?: readonly number[];
  /** Tests replace the timer. */
  sleep?: (ms: number) => Promise<void>;
}

/** True for an error that says the message never reached a live background (worth sending again). */
export function isTransportError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return typeof e === 'string' && TRANSPORT_ERRORS.some((re) => re.test(e));
  if ((e as { name?: unknown }).name === 'MessageRefused') return false;
  const message = (e as { message?: unknown }).message;
  return typeof message === 'string' && TRANSPORT_ERRORS.some((re) => re.test(message));
}

/** A transport failure that came back as an undefined answer (see ALWAYS_ANSWERED). */
class LostAnswer extends Error {
  override name = 'LostAnswer';
  constructor(type: string) {
    super(`The message port closed before a response was received (no answer to "${type}").`);
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wraps `send` so that transport failures are retried (see the header); anything else passes through. */
export function sendWithRetry(send: SendToBackground, opts: RetryOptions = {}): SendToBackground {
  const delays = opts.delaysMs ?? RETRY_DELAYS_MS;
  const sleep = opts.sleep ?? defaultSleep;
  // Untyped inside: the wrapper hands each call's type and payload through unchanged.
  const plain = send as (type: keyof BackgroundMessages, payload: unknown) => Promise<unknown>;
  const once = async (type: keyof BackgroundMessages, payload: unknown): Promise<unknown> => {
    const answer = await plain(type, payload);
    if (answer === undefined && ALWAYS_ANSWERED.has(type)) throw new LostAnswer(type);
    return answer;
  };
  return (async (type: keyof BackgroundMessages, payload: unknown): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(type, payload);
      } catch (e) {
        if (attempt >= delays.length || !isTransportError(e)) {
          // Out of retries on a lost answer: give the caller what the plain send gave (undefined).
          if (e instanceof LostAnswer) return undefined;
          throw e;
        }
        await sleep(delays[attempt]);
      }
    }
  }) as SendToBackground;
}
