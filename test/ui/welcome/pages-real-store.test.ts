/**
 * @jest-environment jsdom
 *
 * The welcome and options pages against the real IndexedDB store (src/store, on fake-indexeddb), so the
 * pages' reading of the CorpusStore contract is checked against its implementation, not only the fake.
 */
import '../options/jsdom-globals';
import 'fake-indexeddb/auto';
import { openStore } from '../../../src/store/open-store';
import { startOptionsPage } from '../../../src/ui/options/options-page';
import { startWelcomePage } from '../../../src/ui/welcome/welcome-page';
import { resetBrowserFake } from '../options/browser-fake';
import { chooseFiles, click, installBrowserApis, loadPage, readRepoFile, text, waitFor } from '../options/page-env';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: jest.requireActual('../options/browser-fake').browserFake }));
jest.mock('../../../src/ui/welcome/demo-corpus', () => ({
  DEMO_CORPUS_NAME: 'demo-corpus.jsonl',
  DEMO_CORPUS_JSONL: jest.requireActual('node:fs').readFileSync(jest.requireActual('node:path').resolve(__dirname, '../../../data/demo-corpus.jsonl'), 'utf8'),
}));

const DB = 'wiretrace-pages-test';

beforeAll(installBrowserApis);
beforeEach(resetBrowserFake);

test('demo corpus from the welcome page, then browsed, imported into and deleted from on the options page', async () => {
  loadPage('src/ui/welcome/index.html');
  const welcome = startWelcomePage({ openStore: () => openStore({ name: DB }) });
  expect(await welcome.loadDemo()).toMatchObject({ status: 'done', imported: 4 });
  expect(text('demo-status')).toBe('Loaded: 4 articles. Your corpus now holds 4 articles.');
  expect(await welcome.loadDemo()).toMatchObject({ status: 'done', imported: 0, duplicates: 4 });

  loadPage('src/ui/options/index.html');
  const page = await startOptionsPage({ openStore: () => openStore({ name: DB }) });
  expect(text('corpus-total')).toBe('4 articles');
  expect(text('corpus-outlets')).toBe('4 outlets'); // the demo's made-up outlets (data/README.md)
  expect(document.querySelectorAll('#records-body tr')).toHaveLength(4);

  const jsonl = '{"id":"n1","title":"Council budget","outlet":"Local News","published":"2024-03-01","text":"The council passed the budget."}\nnot json\n';
  const input = document.getElementById('import-files') as HTMLInputElement;
  chooseFiles(input, [new File([jsonl], 'local.jsonl'), new File([readRepoFile('data/demo-corpus.jsonl')], 'again.jsonl')]);
  await waitFor(() => text('corpus-total') === '5 articles');
  const status = text('import-status');
  expect(status).toContain('Imported 1 article.');
  expect(status).toContain('4 duplicates not added');
  expect(status).toContain('local.jsonl: line 2: invalid JSON');
  expect(text('corpus-outlets')).toBe('5 outlets');

  (document.getElementById('browse-search') as HTMLInputElement).value = 'council';
  document.getElementById('browse-filters')!.dispatchEvent(new Event('submit', { cancelable: true }));
  await waitFor(() => document.querySelectorAll('#records-body tr').length === 1);
  click(document.querySelector('#records-body button.row-delete')!);
  await waitFor(() => text('corpus-total') === '4 articles');
  // The table is drawn again after the figures; the store stays open until then.
  await waitFor(() => text('browse-status').startsWith('Deleted 1 article.'));
  page.store!.close();
});
