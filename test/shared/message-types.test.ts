/**
 * The message map's typing. The `@ts-expect-error` lines are checked by `tsc --noEmit -p .` (npm run
 * typecheck): each one must be an error, or the typecheck fails ("unused @ts-expect-error"). They sit in
 * functions that are never called; the runtime tests below check what `message()` builds.
 */
import type { Runtime } from 'webextension-polyfill';
import { message, MESSAGE_VERSION, type BackgroundMessages, type ContentMessages, type Handlers, type PageInfo, type Validators } from '../../src/shared/messages';
import { sendToBackground, sendToTab } from '../../src/shared/send';

const page: PageInfo = { url: 'https://a.example/', canonicalUrl: null, title: null, outlet: null, byline: null, published: null, lang: null };

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

/** Builders and senders: a wrong name, payload or use of the response does not compile. */
export function senderTypes(): void {
  message('check-page', { page, text: 'words' });
  message('recheck', {});
  // @ts-expect-error -- no such message
  message('check-everything', {});
  // @ts-expect-error -- text must be a string
  message('check-page', { page, text: 42 });
  // @ts-expect-error -- page is missing
  message('check-page', { text: 'words' });
  // @ts-expect-error -- direction is 1 or -1
  message('step-passage', { direction: 2 });

  void sendToBackground('tab-results', { tabId: 1 }).then((r) => r?.status);
  // @ts-expect-error -- tabId must be a number
  void sendToBackground('tab-results', { tabId: '1' });
  // @ts-expect-error -- a content message is not sent to the background
  void sendToBackground('recheck', {});
  // @ts-expect-error -- a background message is not sent to a tab
  void sendToTab(1, 'check-page', { page, text: 'words' });
  void sendToBackground('corpus-status', {}).then((s) => {
    // @ts-expect-error -- the response is a CorpusStatus, not a number
    const n: number = s;
    return n;
  });
  void sendToTab(1, 'step-passage', { direction: -1 }).then((answer) => {
    // @ts-expect-error -- step-passage answers { index, total }: there is no `shown`
    return answer.shown;
  });
}

/** Handlers: each one takes its message's payload and answers its response, or the map does not compile. */
export function handlerTypes(): void {
  type H = Handlers<BackgroundMessages, Runtime.MessageSender>;
  const tabResults: H['tab-results'] = async ({ tabId }) => (tabId >= 0 ? null : null);
  // @ts-expect-error -- the payload's tabId is a number, not a string
  const wrongPayload: H['tab-results'] = async (p: { tabId: string }) => (p.tabId ? null : null);
  // @ts-expect-error -- check-tab answers { started: boolean; error: string | null }
  const wrongResponse: H['check-tab'] = async () => ({ started: 'yes', error: null });
  // @ts-expect-error -- a handler for every message of the map
  const missing: Handlers<ContentMessages, void> = { recheck: async () => undefined };
  void [tabResults, wrongPayload, wrongResponse, missing];
}

/** Validators: one per name, answering that name's payload (or null). */
export function validatorTypes(): void {
  const ok: Validators<ContentMessages>['step-passage'] = (p) => (p.direction === 1 ? { direction: 1 } : null);
  // @ts-expect-error -- a validator must answer the payload's type
  const wrong: Validators<ContentMessages>['step-passage'] = () => ({ direction: 'up' });
  // @ts-expect-error -- no validator for a name that is not in the map
  const extra: Validators<Pick<ContentMessages, 'recheck'>> = { recheck: () => ({}), other: () => ({}) };
  void [ok, wrong, extra];
}

describe('the message map', () => {
  test('no message name is in both directions (checked by the typecheck)', () => {
    expect(assertType<Equal<keyof BackgroundMessages & keyof ContentMessages, never>>()).toBe(true);
  });

  test('message() makes the versioned envelope', () => {
    expect(Object.entries(message('show-passages', { sourceId: 's' }))).toEqual([
      ['v', MESSAGE_VERSION],
      ['type', 'show-passages'],
      ['payload', { sourceId: 's' }],
    ]);
    expect(MESSAGE_VERSION).toBe(2); // 2: check-page answers the scan result, page-restored sends text and result (issue 11)
    expect(message('corpus-status', {}).payload).toEqual({});
  });
});
