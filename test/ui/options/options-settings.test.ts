/** @jest-environment jsdom */
import { MIN_WORDS_RANGE, SETTINGS_KEY } from '../../../src/shared/settings';
import { startOptionsPage } from '../../../src/ui/options/options-page';
import { resetBrowserFake, sentTypes, storageData, storageSet } from './browser-fake';
import { FakeStore, storedRecord } from './fake-store';
import { installBrowserApis, loadPage, text, waitFor } from './page-env';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: jest.requireActual('./browser-fake').browserFake }));

async function start() {
  loadPage('src/ui/options/index.html');
  return startOptionsPage({ openStore: async () => new FakeStore([storedRecord({ id: 'a', outlet: 'Daily Planet' })]) });
}

function input(id: string): HTMLInputElement {
  return document.getElementById(id) as HTMLInputElement;
}

function saved(): Record<string, unknown> {
  return storageData[SETTINGS_KEY] as Record<string, unknown>;
}

function submit(formId: string): void {
  document.getElementById(formId)!.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
}

beforeAll(installBrowserApis);
beforeEach(resetBrowserFake);

describe('options page: settings', () => {
  test('shows the stored settings, every control labelled', async () => {
    storageData[SETTINGS_KEY] = { v: 1, minWords: 20, showQuotes: false, showReworded: true, highlights: true, disabledSites: ['example.com'], ignoredOutlets: [] };
    await start();
    expect(input('min-words').value).toBe('20');
    expect(input('min-words').min).toBe(String(MIN_WORDS_RANGE.min));
    expect(input('min-words').max).toBe(String(MIN_WORDS_RANGE.max));
    expect(input('show-quotes').checked).toBe(false);
    expect(input('show-reworded').checked).toBe(true);
    expect(text('site-list')).toContain('example.com');
    for (const el of document.querySelectorAll<HTMLInputElement>('input:not([type=hidden]), select')) {
      if (el.hidden) continue;
      const named = el.getAttribute('aria-label') || (el.labels && el.labels.length > 0);
      expect([el.id, Boolean(named)]).toEqual([el.id, true]);
    }
  });

  test('a change is saved at once, says "Saved" and tells the background', async () => {
    const page = await start();
    const box = input('show-reworded');
    box.checked = false;
    box.dispatchEvent(new Event('change'));
    await page.settings.idle();
    expect(saved()).toMatchObject({ showReworded: false });
    expect(text('settings-status')).toBe('Saved');
    expect(document.getElementById('settings-status')!.getAttribute('aria-live')).toBe('polite');
    expect(sentTypes()).toContain('settings-changed');

    input('highlights').checked = false;
    input('highlights').dispatchEvent(new Event('change'));
    input('show-quotes').checked = false;
    input('show-quotes').dispatchEvent(new Event('change'));
    // Each save writes the settings, then the sync outcome (this fake has no storage.sync).
    await waitFor(() => storageSet.mock.calls.filter(([items]) => SETTINGS_KEY in items).length === 3);
    await page.settings.idle();
    // Saves run in order, so neither change is lost.
    expect(saved()).toMatchObject({ showReworded: false, highlights: false, showQuotes: false });
  });

  test('minimum words: saved, clamped to the range, and an empty value is not stored', async () => {
    const page = await start();
    const minWords = input('min-words');
    minWords.value = '15';
    minWords.dispatchEvent(new Event('change'));
    await page.settings.idle();
    expect(saved()).toMatchObject({ minWords: 15 });
    minWords.value = '500';
    minWords.dispatchEvent(new Event('change'));
    await page.settings.idle();
    expect(saved()).toMatchObject({ minWords: MIN_WORDS_RANGE.max });
    expect(minWords.value).toBe(String(MIN_WORDS_RANGE.max));
    const calls = storageSet.mock.calls.length;
    minWords.value = '';
    minWords.dispatchEvent(new Event('change'));
    await page.settings.idle();
    expect(storageSet.mock.calls.length).toBe(calls);
    expect(minWords.value).toBe(String(MIN_WORDS_RANGE.max));
  });

  test('sites: added normalised, rejected when invalid or repeated, removed', async () => {
    // Without the default deny list (tested below), as a reader who removed it all.
    storageData[SETTINGS_KEY] = { v: 2, disabledSites: [] };
    const page = await start();
    input('site-input').value = 'https://www.Example.com/news/1';
    submit('site-form');
    await page.settings.idle();
    expect(saved()).toMatchObject({ disabledSites: ['example.com'] });
    expect(input('site-input').value).toBe('');

    input('site-input').value = 'example.com';
    submit('site-form');
    expect(text('site-error')).toBe('example.com is already in the list.');
    input('site-input').value = 'not a site!';
    submit('site-form');
    expect(text('site-error')).toBe('Enter a site name such as example.com.');
    expect(input('site-input').getAttribute('aria-invalid')).toBe('true');

    const remove = document.querySelector<HTMLButtonElement>('#site-list button')!;
    expect(remove.getAttribute('aria-label')).toBe('Remove site example.com');
    remove.click();
    await page.settings.idle();
    expect(saved()).toMatchObject({ disabledSites: [] });
    expect(text('site-list')).toBe('None');
    expect(document.activeElement).toBe(input('site-input'));
  });

  test('two quick list edits both survive: each patch is made in the save queue, not at submit time', async () => {
    storageData[SETTINGS_KEY] = { v: 2, disabledSites: [], allowedSites: [], ignoredOutlets: ['Old Outlet'] };
    const page = await start();
    // Two adds in a row, without waiting for the first save.
    input('site-input').value = 'one.example';
    submit('site-form');
    input('site-input').value = 'two.example';
    submit('site-form');
    // A remove and an add in a row.
    document.querySelector<HTMLButtonElement>('#outlet-list button')!.click();
    input('outlet-input').value = 'New Outlet';
    submit('outlet-form');
    // The same site twice before either is saved: listed once.
    input('allowed-input').value = 'three.example';
    submit('allowed-form');
    input('allowed-input').value = 'three.example';
    submit('allowed-form');
    await page.settings.idle();
    expect(saved()).toMatchObject({ disabledSites: ['one.example', 'two.example'], ignoredOutlets: ['New Outlet'], allowedSites: ['three.example'] });
    expect(text('site-list')).toContain('one.example');
    expect(text('site-list')).toContain('two.example');
  });

  test('ignored outlets: suggested from the corpus, added and removed', async () => {
    const page = await start();
    expect([...document.querySelectorAll('#outlet-suggestions option')].map((o) => o.getAttribute('value'))).toEqual(['Daily Planet']);
    input('outlet-input').value = '  Daily   Planet ';
    submit('outlet-form');
    await page.settings.idle();
    expect(saved()).toMatchObject({ ignoredOutlets: ['Daily Planet'] });
    input('outlet-input').value = 'daily planet';
    submit('outlet-form');
    expect(text('outlet-error')).toBe('daily planet is already in the list.');
    document.querySelector<HTMLButtonElement>('#outlet-list button')!.click();
    await page.settings.idle();
    expect(saved()).toMatchObject({ ignoredOutlets: [] });
  });
});
