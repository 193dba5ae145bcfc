/**
 * The build's manifest check (scripts/build-extension.mjs `checkManifest`): the promises of docs/SECURITY.md
 * that a built manifest must keep. Run in a child Node process (the script is native ESM and imports vite).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const source = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
/** The manifest as the build writes it: crxjs's (the content script's .ts becomes the built .js), then no static script. */
const { content_scripts: _static, ...withoutStatic } = source;
const base = { ...withoutStatic, permissions: [...source.permissions, 'scripting'], host_permissions: ['http://*/*', 'https://*/*'] };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wiretrace-manifest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(manifest: object): { ok: boolean; message: string } {
  const sub = join(dir, String(Math.random()).slice(2));
  mkdirSync(sub);
  writeFileSync(join(sub, 'manifest.json'), JSON.stringify(manifest));
  // The content script the background registers.
  mkdirSync(join(sub, 'src/content'), { recursive: true });
  writeFileSync(join(sub, 'src/content/main.js'), '');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { checkManifest } from ${JSON.stringify(join(ROOT, 'scripts/build-extension.mjs'))}; checkManifest(${JSON.stringify(sub)});`], { encoding: 'utf8' });
  return { ok: r.status === 0, message: r.stderr };
}

test('the project manifest passes', () => {
  expect(check(base)).toEqual({ ok: true, message: '' });
});

test.each([
  ['web_accessible_resources', { web_accessible_resources: [{ resources: ['x.js'], matches: ['<all_urls>'] }] }, /web_accessible_resources/],
  ['a custom CSP', { content_security_policy: { extension_pages: "script-src 'self' https://cdn.example" } }, /content_security_policy/],
  ['externally_connectable', { externally_connectable: { matches: ['https://*.example/*'] } }, /externally_connectable/],
  ['an unjustified permission', { permissions: ['storage', 'tabs'] }, /"tabs" permission/],
  ['host permissions beyond http(s)', { host_permissions: ['<all_urls>'] }, /host_permissions/],
  ['a static content script', { content_scripts: [{ matches: ['http://*/*'], js: ['src/content/main.js'] }] }, /static content script/],
])('a manifest with %s fails the build', (_name, extra, message) => {
  const r = check({ ...base, ...extra });
  expect(r.ok).toBe(false);
  expect(r.message).toMatch(message);
});
