/** @jest-environment jsdom */
/** The popup of the per-site build (src/shared/site-access.ts): checking on open, and the site box. */
import browser from 'webextension-polyfill';
import { noReuseFacts } from '@wiretrace/engine';
import { message, TAB_RESULTS_VERSION, type TabResults } from '../../../src/shared/messages';
import { Popup } from '../../../src/ui/popup/popup-app';
import { loadPage } from '../load-page';

jest.mock('webextension-polyfill', () => {
  const granted = new Set<string>();
  return {
    __esModule: true,
    default: {
      runtime: {
        sendMessage: jest.fn(),
        getURL: jest.fn((path: string) => `chrome-extension://ext-id/${path}`),
        openOptionsPage: jest.fn(async () => undefined),
        // The per-site build's manifest: no static content script, the web as optional hosts.
        getManifest: jest.fn(() => ({ optional_host_permissions: ['http://*/*', 'https://*/*'] })),
      },
      tabs: { query: jest.fn(async () => [{ id: 7 }]), create: jest.fn(async () => ({})) },
      storage: { local: { get: jest.fn(async () => ({})), set: jest.fn(async () => undefined) } },
      permissions: {
        granted,
        contains: jest.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o))),
        request: jest.fn(),
        remove: jest.fn(async ({ origins }: { origins: string[] }) => origins.map((o) => granted.delete(o)).every(Boolean)),
      },
    },
  };
});

const sendMessage = browser.runtime.sendMessage as unknown as jest.Mock;
const permissions = (browser as unknown as { permissions: { granted: Set<string>; contains: jest.Mock; request: jest.Mock; remove: jest.Mock } }).permissions;
let popup: Popup | null = null;
let stored: TabResults | null;
let sent: string[];

const URL_ = 'https://www.news.example/local/bridge';
const checking = (): TabResults => ({ v: TAB_RESULTS_VERSION, tabId: 7, status: 'checking', page: null, report: null, highlighted: [], checkedAt: null });
const done = (): TabResults => ({
  v: TAB_RESULTS_VERSION,
  tabId: 7,
  status: 'done',
  page: { url: URL_, canonicalUrl: null, title: 'Bridge', outlet: null, byline: null, published: null, lang: 'en' },
  report: { page: URL_, title: 'Bridge', published: null, url: URL_, text: 'text', words: 1, sourceCount: 0, matches: [], facts: noReuseFacts() },
  highlighted: [],
  checkedAt: null,
});

/** The background: `check-tab` injects (results become "checking", then done); `started` as given. */
function background(opts: { started: boolean }): void {
  sendMessage.mockImplementation(async (msg: { type: string; payload: { tabId?: number } }) => {
    sent.push(msg.type);
    if (msg.type === 'tab-results') {
      const now = stored;
      if (stored?.status === 'checking') stored = done();
      return now;
    }
    if (msg.type === 'corpus-status') return { articles: 3, storageError: null };
    if (msg.type === 'check-tab') {
      if (opts.started) stored = checking();
      return { started: opts.started, error: opts.started ? null : 'Cannot access a chrome:// URL' };
    }
    throw new Error(`unexpected message ${msg.type}`);
  });
}

async function open(search = ''): Promise<Popup> {
  popup = new Popup({ search, pollIntervalMs: 5, pollLimitMs: 500 });
  await popup.start();
  await popup.settled();
  return popup;
}

const box = (): HTMLInputElement => document.getElementById('site-auto') as HTMLInputElement;
const section = (): HTMLElement => document.getElementById('site-access')!;
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  loadPage('src/ui/popup/index.html');
  jest.clearAllMocks();
  permissions.granted.clear();
  stored = null;
  sent = [];
});
afterEach(() => {
  popup?.stop();
  popup = null;
});

test('opening the popup on an unchecked tab (the toolbar click) checks it, and shows the result', async () => {
  background({ started: true });
  await open();
  expect(sendMessage).toHaveBeenCalledWith(message('check-tab', { tabId: 7 }));
  expect(document.getElementById('empty')!.dataset.reason).toBe('done');
  expect(section().hidden).toBe(false);
  expect(document.getElementById('site-auto-label')!.textContent).toBe('Check www.news.example automatically');
  expect(box().checked).toBe(false);
});

test('a tab that already has results is not injected again', async () => {
  background({ started: true });
  stored = done();
  await open();
  expect(sent).not.toContain('check-tab');
});

test('opened for a given tab (?tab=) it only shows, it does not check', async () => {
  background({ started: true });
  await open('?tab=7');
  expect(sent).not.toContain('check-tab');
  expect(section().hidden).toBe(true);
});

test('a page that cannot be read: no results, no site box', async () => {
  background({ started: false });
  await open();
  expect(sent).toContain('check-tab');
  expect(section().hidden).toBe(true);
});

test('ticking the box requests the site in the click itself; granted, it stays ticked', async () => {
  background({ started: true });
  stored = done();
  await open();
  permissions.request.mockImplementation(async ({ origins }: { origins: string[] }) => {
    for (const o of origins) permissions.granted.add(o);
    return true;
  });
  box().checked = true;
  box().dispatchEvent(new Event('change'));
  // Synchronously, before any await: a user gesture does not survive one.
  expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://www.news.example/*'] });
  await flush();
  await flush();
  expect(box().checked).toBe(true);
  expect(document.getElementById('site-auto-status')!.textContent).toBe('');
});

test('refused, the box unticks and says so', async () => {
  background({ started: true });
  stored = done();
  await open();
  permissions.request.mockResolvedValue(false);
  box().checked = true;
  box().dispatchEvent(new Event('change'));
  await flush();
  await flush();
  expect(box().checked).toBe(false);
  expect(document.getElementById('site-auto-status')!.textContent).toBe('The browser did not grant access to this site.');
});

test('a granted site shows ticked; unticking removes the grant', async () => {
  background({ started: true });
  stored = done();
  permissions.granted.add('https://www.news.example/*');
  await open();
  expect(box().checked).toBe(true);
  box().checked = false;
  box().dispatchEvent(new Event('change'));
  await flush();
  await flush();
  expect(permissions.remove).toHaveBeenCalledWith({ origins: ['https://www.news.example/*'] });
  expect(permissions.granted.size).toBe(0);
  expect(box().checked).toBe(false);
});
