/**
 * The background's router (src/background/message-router.ts) with the worker's own listener: the order of its
 * checks, for every message name of the map (the names come from the validators, so a new one is covered).
 */
import 'fake-indexeddb/auto';
import { BACKGROUND_MESSAGE_TYPES, SENDERS } from '../../src/background/payloads';
import { message, MESSAGE_VERSION } from '../../src/shared/messages';
import { contentScript, extensionPage, fakeBrowser, freshBackground } from './helpers';

const dispatch = (raw: unknown, sender: ReturnType<typeof extensionPage>): Promise<unknown> => fakeBrowser.runtime.onMessage.__dispatchMessage(raw, sender);

/** A message of this name with a payload no validator accepts (every field of the wrong type). */
const malformed = (type: (typeof BACKGROUND_MESSAGE_TYPES)[number]): Record<string, unknown> => ({
  ...message('corpus-status', {}),
  type,
  payload: { page: 1, text: 2, url: 3, highlighted: 4, report: 5, status: 6, tabId: 'seven', sourceId: 8 },
});

beforeEach(() => freshBackground());

test('an extension page’s message from a content script is refused for its sender, whatever its payload', async () => {
  const tab = fakeBrowser.tabs.__addTab({ url: 'https://paper.example/a' });
  const pageOnly = BACKGROUND_MESSAGE_TYPES.filter((t) => SENDERS[t] === 'extension-page');
  expect(pageOnly.length).toBeGreaterThan(0);
  for (const type of pageOnly) {
    await expect(dispatch(malformed(type), contentScript(tab))).rejects.toThrow(`"${type}" is only accepted from WireTrace's own pages`);
  }
});

test('a malformed payload is refused with the message’s name, from any sender allowed to send it', async () => {
  const tab = fakeBrowser.tabs.__addTab({ url: 'https://paper.example/a' });
  const withPayload = BACKGROUND_MESSAGE_TYPES.filter((t) => !['corpus-changed', 'corpus-status', 'settings-changed'].includes(t));
  for (const type of withPayload) {
    const sender = SENDERS[type] === 'content' ? contentScript(tab) : extensionPage();
    await expect(dispatch(malformed(type), sender)).rejects.toThrow(`WireTrace refused the message: malformed ${type} message`);
    await expect(dispatch({ ...malformed(type), payload: 'text' }, sender)).rejects.toThrow(`malformed ${type} message`);
  }
});

test('another extension is refused; another version is told to reload; a foreign message gets no answer', async () => {
  await expect(dispatch(message('corpus-status', {}), { ...extensionPage(), id: 'other-extension' })).rejects.toThrow(/unknown sender/);
  await expect(dispatch({ ...message('corpus-status', {}), v: MESSAGE_VERSION - 1 }, extensionPage())).rejects.toThrow(/was updated: reload this page/);
  // No listener answered: the fake browser says so, as Chrome does.
  await expect(dispatch({ ...message('corpus-status', {}), type: 'recheck' }, extensionPage())).rejects.toThrow(/Receiving end does not exist/);
  await expect(dispatch(message('corpus-status', {}), extensionPage())).resolves.toEqual({ articles: 0, storageError: null });
});
