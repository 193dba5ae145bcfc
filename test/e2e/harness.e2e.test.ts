/**
 * The e2e harness itself, against a tiny fixture extension written here (not WireTrace): the static
 * server, launching each browser with an unpacked extension, finding a page's tab id without the `tabs`
 * permission, asking the background from an extension page, and reading the badge. If these fail, the
 * WireTrace e2e failures are the harness's fault, not the extension's.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, launchFirefox, serveDirectory, type StaticServer } from '../../tools/browser';

/** A background that records which tab each content script ran in, and answers `tab-results` with it. */
const BACKGROUND = `
const api = globalThis.browser ?? chrome;
const key = (id) => 'tab:' + id;
api.runtime.onMessage.addListener((msg, sender, send) => {
  if (msg.type === 'hello' && sender.tab) {
    api.storage.session.set({ [key(sender.tab.id)]: msg.url })
      .then(() => api.action.setBadgeText({ tabId: sender.tab.id, text: msg.url.slice(-6, -5) }))
      .then(() => send(true));
    return true;
  }
  if (msg.type === 'tab-results') {
    const fromExtensionPage = sender.url.startsWith(api.runtime.getURL(''));
    api.storage.session.get(key(msg.payload.tabId)).then((got) => {
      const url = got[key(msg.payload.tabId)];
      send({ v: 1, tabId: msg.payload.tabId, status: url ? 'done' : 'checking', page: url ? { url } : null, report: null,
             highlighted: fromExtensionPage ? ['ok'] : [], checkedAt: null });
    });
    return true;
  }
  return false;
});
api.runtime.onInstalled.addListener(() => { api.tabs.create({ url: api.runtime.getURL('src/ui/welcome/index.html') }); });
`;

function writeFixture(dir: string, browser: 'chrome' | 'firefox'): void {
  const manifest = {
    manifest_version: 3,
    name: 'harness fixture',
    version: '1.0',
    background: browser === 'chrome' ? { service_worker: 'bg.js' } : { scripts: ['bg.js'] },
    content_scripts: [{ matches: ['http://*/*'], js: ['cs.js'], run_at: 'document_idle' }],
    action: {},
    permissions: ['storage'],
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'harness-fixture@wiretrace.dev' } } } : {}),
  };
  mkdirSync(join(dir, 'src/ui/welcome'), { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'bg.js'), BACKGROUND);
  writeFileSync(join(dir, 'cs.js'), `(globalThis.browser ?? chrome).runtime.sendMessage({ type: 'hello', url: location.href });`);
  writeFileSync(join(dir, 'src/ui/welcome/index.html'), '<!doctype html><meta charset="utf-8"><title>welcome</title><p>fixture</p>');
}

let tmp: string;
let server: StaticServer;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'wiretrace-harness-'));
  mkdirSync(join(tmp, 'site'));
  for (const n of [1, 2]) writeFileSync(join(tmp, 'site', `page${n}.html`), `<!doctype html><title>page ${n}</title><p>page ${n}</p>`);
  server = await serveDirectory(join(tmp, 'site'));
});

afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the static server serves files and refuses the rest', async () => {
  const ok = await fetch(server.url('page1.html'));
  expect(ok.status).toBe(200);
  expect(ok.headers.get('content-type')).toMatch(/text\/html/);
  expect(await ok.text()).toContain('page 1');
  expect((await fetch(server.url('missing.html'))).status).toBe(404);
  expect((await fetch(`${server.origin}/%2e%2e/%2e%2e/etc/passwd`)).status).not.toBe(200);
});

test('Chromium: loads an unpacked extension, finds tab ids, asks the background, reads the badge', async () => {
  const dir = join(tmp, 'chrome-ext');
  writeFixture(dir, 'chrome');
  const ext = await launchChromium({ profileDir: join(tmp, 'chrome-profile'), extensionDir: dir });
  try {
    expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
    const pages = [];
    for (const n of [1, 2]) {
      const page = await ext.context.newPage();
      await page.goto(server.url(`page${n}.html`));
      pages.push(page);
    }
    for (const [i, page] of pages.entries()) {
      const tabId = await ext.tabIdOf(page);
      const results = await ext.waitForTabResults(tabId, { timeoutMs: 15_000 });
      expect(results.page?.url).toBe(server.url(`page${i + 1}.html`));
      // The background saw the question come from an extension page.
      expect(results.highlighted).toEqual(['ok']);
      expect(await ext.badgeText(tabId)).toBe(String(i + 1));
    }
    const welcome = await ext.openExtensionPage('src/ui/welcome/index.html');
    expect(await welcome.textContent('p')).toBe('fixture');
    // Hermetic: remote hosts fail at once instead of waiting for a network that is not there.
    const t0 = Date.now();
    const error = await pages[0].goto('http://example.com/', { timeout: 10_000 }).then(() => 'loaded', (e: Error) => e.message);
    expect(error).toMatch(/ERR_NAME_NOT_RESOLVED/);
    expect(Date.now() - t0).toBeLessThan(5_000);
  } finally {
    await ext.close();
  }
});

test('Firefox: installs the extension, finds its page, tab ids and the badge', async () => {
  const dir = join(tmp, 'firefox-ext');
  writeFixture(dir, 'firefox');
  const ext = await launchFirefox({ extensionDir: dir });
  try {
    expect(ext.extensionId).toBe('harness-fixture@wiretrace.dev');
    expect(ext.origin).toMatch(/^moz-extension:\/\//);
    const pages = [];
    for (const n of [1, 2]) {
      const page = await ext.browser.newPage();
      await page.goto(server.url(`page${n}.html`));
      pages.push(page);
    }
    for (const [i, page] of pages.entries()) {
      const tabId = await ext.tabIdOf(page);
      const results = await ext.waitForTabResults(tabId, { timeoutMs: 15_000 });
      expect(results.page?.url).toBe(server.url(`page${i + 1}.html`));
      expect(await ext.badgeText(tabId)).toBe(String(i + 1));
    }
    const other = await ext.openExtensionPage('src/ui/welcome/index.html?again');
    expect(await other.evaluate(() => document.querySelector('p')?.textContent)).toBe('fixture');
  } finally {
    await ext.close();
  }
});
