/** @jest-environment jsdom */
import { startOptionsPage } from '../../../src/ui/options/options-page';
import { resetBrowserFake, sentTypes, storageData } from './browser-fake';
import { FakeStore, storedRecord } from './fake-store';
import { click, installBrowserApis, loadPage, text, waitFor } from './page-env';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: jest.requireActual('./browser-fake').browserFake }));

beforeAll(installBrowserApis);
beforeEach(resetBrowserFake);

function input(id: string): HTMLInputElement {
  return document.getElementById(id) as HTMLInputElement;
}

function change(el: HTMLInputElement, value?: string): void {
  if (value !== undefined) el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

async function start(store: FakeStore) {
  loadPage('src/ui/options/index.html');
  return startOptionsPage({ openStore: async () => store });
}

test('capture is off by default; the switch and the limits are saved, clamped to their ranges', async () => {
  const page = await start(new FakeStore());
  expect(input('capture-on').checked).toBe(false);
  expect(input('capture-articles').value).toBe('5000');
  expect(input('capture-days').value).toBe('180');
  expect(input('capture-megabytes').value).toBe('50');

  input('capture-on').checked = true;
  change(input('capture-on'));
  change(input('capture-days'), '3');
  change(input('capture-articles'), '999999999');
  change(input('capture-megabytes'), '');
  await page.settings.idle();
  const saved = storageData.settings as { capture: boolean; captureLimits: Record<string, number> };
  expect(saved.capture).toBe(true);
  expect(saved.captureLimits).toEqual({ articles: 100_000, days: 3, megabytes: 50 });
  expect(input('capture-articles').value).toBe('100000');
  expect(input('capture-megabytes').value).toBe('50');
  expect(sentTypes()).toContain('settings-changed');
});

test('the sets are shown apart; forgetting the articles read keeps the imported ones, after a confirmation', async () => {
  const store = new FakeStore([
    storedRecord({ id: 'imp', text: 'Imported words here.' }, 'import'),
    storedRecord({ id: 'seen:a', text: 'Read words.' }, 'capture'),
    storedRecord({ id: 'seen:b', text: 'More read words.' }, 'capture'),
  ]);
  await start(store);
  await waitFor(() => text('capture-usage').startsWith('Articles you read: 2 articles'));
  expect(text("capture-usage")).toBe("Articles you read: 2 articles (27 bytes of text). Imported: 1 article (20 bytes).");

  const dialog = document.getElementById('origin-dialog') as HTMLDialogElement;
  dialog.showModal = jest.fn(() => dialog.setAttribute('open', ''));
  dialog.close = jest.fn(() => dialog.removeAttribute('open'));
  click(document.getElementById('clear-captured')!);
  expect(text('origin-dialog-text')).toBe('2 articles you read will be deleted from your corpus. Imported articles stay.');
  click(document.getElementById('origin-cancel')!);
  expect(store.records.size).toBe(3);

  click(document.getElementById('clear-captured')!);
  click(document.getElementById('origin-confirm')!);
  await waitFor(() => text('capture-usage').startsWith('Deleted 2 articles.'));
  expect([...store.records.keys()]).toEqual(['imp']);
  expect(input('clear-captured').disabled).toBe(true);
  expect(input('clear-imported').disabled).toBe(false);
  expect(sentTypes()).toContain('corpus-changed');
  await waitFor(() => text('corpus-total') === '1 article');
});
