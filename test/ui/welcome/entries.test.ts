/**
 * @jest-environment jsdom
 *
 * The two entry scripts wire the pages to the real `openStore` (mocked here with the in-memory fake).
 */
import { openStore } from '../../../src/store/open-store';
import { resetBrowserFake } from '../options/browser-fake';
import { FakeStore, storedRecord } from '../options/fake-store';
import { click, installBrowserApis, loadPage, text, waitFor } from '../options/page-env';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: jest.requireActual('../options/browser-fake').browserFake }));
jest.mock('../../../src/store/open-store', () => ({ openStore: jest.fn() }));
jest.mock('../../../src/ui/welcome/demo-corpus', () => ({
  DEMO_CORPUS_NAME: 'demo-corpus.jsonl',
  DEMO_CORPUS_JSONL: jest.requireActual('node:fs').readFileSync(jest.requireActual('node:path').resolve(__dirname, '../../../data/demo-corpus.jsonl'), 'utf8'),
}));

const mockedOpen = openStore as jest.MockedFunction<typeof openStore>;

beforeAll(installBrowserApis);
beforeEach(() => {
  resetBrowserFake();
  mockedOpen.mockReset();
});

test('options.ts starts the options page on the store', async () => {
  mockedOpen.mockResolvedValue(new FakeStore([storedRecord({ id: 'a' }), storedRecord({ id: 'b' })]));
  loadPage('src/ui/options/index.html');
  await jest.isolateModulesAsync(async () => {
    await import('../../../src/ui/options/options');
  });
  await waitFor(() => text('corpus-total') === '2 articles');
  expect(mockedOpen).toHaveBeenCalledTimes(1);
});

test('welcome.ts wires the demo button to the store', async () => {
  const store = new FakeStore();
  mockedOpen.mockResolvedValue(store);
  loadPage('src/ui/welcome/index.html');
  await jest.isolateModulesAsync(async () => {
    await import('../../../src/ui/welcome/welcome');
  });
  // Nothing is opened until the button is used.
  expect(mockedOpen).not.toHaveBeenCalled();
  click(document.getElementById('load-demo')!);
  await waitFor(() => text('demo-status').startsWith('Loaded: 4 articles'));
  expect(store.records.size).toBe(4);
});
