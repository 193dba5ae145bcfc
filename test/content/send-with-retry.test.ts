/**
 * The content script's messages survive the service worker being stopped: transport failures are sent
 * again after a short pause, everything the background answered (refusals, errors) is not.
 */
import type { SendToBackground } from '../../src/content/app';
import { isTransportError, RETRY_DELAYS_MS, sendWithRetry } from '../../src/content/send-with-retry';
import { MessageRefused } from '../../src/background/message-refused';

const PORT_CLOSED = 'The message port closed before a response was received.';
const NO_RECEIVER = 'Could not establish connection. Receiving end does not exist.';
const CHANNEL_CLOSED =
  'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received';

const DONE = { status: 'done', report: null } as const;
const PAYLOAD = { page: { url: 'https://news.example/a', title: 'A', canonicalUrl: null, published: null, siteName: null, lang: 'en' }, text: 'text' };

/** A fake `send` answering with the given outcomes in turn (an Error rejects, anything else resolves). */
function scripted(...outcomes: unknown[]): jest.Mock {
  return jest.fn(() => {
    const next = outcomes.shift();
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  });
}

function wrap(send: jest.Mock, sleeps: number[] = []): SendToBackground {
  return sendWithRetry(send as unknown as SendToBackground, {
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
}

const checkPage = (send: SendToBackground) => send('check-page', PAYLOAD as never);

test.each([PORT_CLOSED, NO_RECEIVER, CHANNEL_CLOSED])('"%s" is a transport error', (message) => {
  expect(isTransportError(new Error(message))).toBe(true);
});

test('a refusal, a handler failure and other values are not transport errors', () => {
  expect(isTransportError(new MessageRefused('malformed check-page message'))).toBe(false);
  // Even a refusal whose reason happens to quote a transport error.
  expect(isTransportError(new MessageRefused(PORT_CLOSED))).toBe(false);
  expect(isTransportError(new Error('WireTrace could not handle "check-page": quota exceeded'))).toBe(false);
  expect(isTransportError(new Error('Extension context invalidated.'))).toBe(false);
  expect(isTransportError(undefined)).toBe(false);
  expect(isTransportError(null)).toBe(false);
});

test('a check whose worker was stopped mid-message is sent again after a short pause, and its answer returned', async () => {
  const send = scripted(new Error(PORT_CLOSED), DONE);
  const sleeps: number[] = [];
  await expect(checkPage(wrap(send, sleeps))).resolves.toEqual(DONE);
  expect(send).toHaveBeenCalledTimes(2);
  expect(send.mock.calls[1]).toEqual(['check-page', PAYLOAD]);
  expect(sleeps).toEqual([RETRY_DELAYS_MS[0]]);
});

test('two transport failures in a row: retried twice, with a longer second pause', async () => {
  const send = scripted(new Error(NO_RECEIVER), new Error(PORT_CLOSED), DONE);
  const sleeps: number[] = [];
  await expect(checkPage(wrap(send, sleeps))).resolves.toEqual(DONE);
  expect(send).toHaveBeenCalledTimes(3);
  expect(sleeps).toEqual([...RETRY_DELAYS_MS]);
  expect(RETRY_DELAYS_MS[1]).toBeGreaterThan(RETRY_DELAYS_MS[0]);
});

test('gives up after the retries and rejects with the last transport error', async () => {
  const send = scripted(new Error(NO_RECEIVER), new Error(NO_RECEIVER), new Error(NO_RECEIVER), DONE);
  await expect(checkPage(wrap(send))).rejects.toThrow(NO_RECEIVER);
  expect(send).toHaveBeenCalledTimes(1 + RETRY_DELAYS_MS.length);
});

test('a MessageRefused rejection is never retried', async () => {
  const refused = new MessageRefused('malformed check-page message');
  const send = scripted(refused, DONE);
  const sleeps: number[] = [];
  await expect(checkPage(wrap(send, sleeps))).rejects.toBe(refused);
  expect(send).toHaveBeenCalledTimes(1);
  expect(sleeps).toEqual([]);
});

test("a refusal as it arrives over messaging (a plain Error with the refusal's text) is not retried either", async () => {
  const send = scripted(new Error('WireTrace refused the message: unknown sender'), DONE);
  await expect(checkPage(wrap(send))).rejects.toThrow(/refused/);
  expect(send).toHaveBeenCalledTimes(1);
});

test("the background's own failure is not retried", async () => {
  const send = scripted(new Error('WireTrace could not handle "check-page": boom'), DONE);
  await expect(checkPage(wrap(send))).rejects.toThrow(/boom/);
  expect(send).toHaveBeenCalledTimes(1);
});

test('an undefined answer to check-page (the polyfill\'s form of "port closed") is retried', async () => {
  const send = scripted(undefined, DONE);
  await expect(checkPage(wrap(send))).resolves.toEqual(DONE);
  expect(send).toHaveBeenCalledTimes(2);
});

test('check-page answered undefined every time ends as the plain send would: undefined', async () => {
  const send = scripted(undefined, undefined, undefined);
  await expect(checkPage(wrap(send))).resolves.toBeUndefined();
  expect(send).toHaveBeenCalledTimes(1 + RETRY_DELAYS_MS.length);
});

test('messages answered with nothing (page-skipped) are sent once', async () => {
  const send = scripted(undefined);
  await expect(wrap(send)('page-skipped', { url: 'https://news.example/', status: 'not-article' })).resolves.toBeUndefined();
  expect(send).toHaveBeenCalledTimes(1);
});

test('other messages are retried on transport errors too', async () => {
  const send = scripted(new Error(PORT_CLOSED), undefined);
  await expect(wrap(send)('report-highlights', { url: 'https://news.example/', highlighted: [] })).resolves.toBeUndefined();
  expect(send).toHaveBeenCalledTimes(2);
});

test('the default pause is a real timer', async () => {
  jest.useFakeTimers();
  try {
    const send = scripted(new Error(PORT_CLOSED), DONE);
    const pending = checkPage(sendWithRetry(send as unknown as SendToBackground));
    await jest.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0] - 1);
    expect(send).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual(DONE);
    expect(send).toHaveBeenCalledTimes(2);
  } finally {
    jest.useRealTimers();
  }
});
