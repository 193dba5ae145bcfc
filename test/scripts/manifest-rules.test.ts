/** The build's manifest rules per flavour and the per-site manifest (scripts/manifest-rules.mjs). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkManifest, CONTENT_SCRIPT_FILE, FLAVOUR_PERMISSIONS, perSiteManifest, WEB_PATTERNS } from '../../scripts/manifest-rules.mjs';
import { CONTENT_SCRIPT_FILE as SHARED_FILE } from '../../src/shared/site-access';

const ROOT = join(__dirname, '../..');
const source = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
/** The source manifest as crxjs writes it (the content script's .ts becomes the built .js). */
const built = { ...source, content_scripts: [{ ...source.content_scripts[0], js: [CONTENT_SCRIPT_FILE] }] };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wiretrace-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh unpacked extension: the manifest and empty `files`. */
function write(manifest: object, files: string[] = []): string {
  const sub = mkdtempSync(join(dir, 'ext-'));
  writeFileSync(join(sub, 'manifest.json'), JSON.stringify(manifest));
  for (const f of files) {
    mkdirSync(dirname(join(sub, f)), { recursive: true });
    writeFileSync(join(sub, f), '');
  }
  return sub;
}

test('the background injects the file the build checks', () => {
  expect(SHARED_FILE).toBe(CONTENT_SCRIPT_FILE);
});

test('the source manifest: a static content script on http(s), only storage and unlimitedStorage', () => {
  expect(source.content_scripts).toHaveLength(1);
  expect(source.content_scripts[0].matches).toEqual(WEB_PATTERNS);
  expect(source.permissions).toEqual(FLAVOUR_PERMISSIONS.chrome);
  expect(source.host_permissions).toBeUndefined();
  expect(source.optional_host_permissions).toBeUndefined();
});

test('the default build passes; any extra permission, host access or web-accessible file fails it', () => {
  expect(() => checkManifest(write(built), 'chrome')).not.toThrow();
  expect(() => checkManifest(write(built), 'firefox')).not.toThrow();
  expect(() => checkManifest(write({ ...built, permissions: [...built.permissions, 'tabs'] }), 'chrome')).toThrow(/"tabs" permission/);
  expect(() => checkManifest(write({ ...built, permissions: [...built.permissions, 'activeTab', 'scripting'] }), 'chrome')).toThrow(/"activeTab" permission.*"scripting" permission/);
  expect(() => checkManifest(write({ ...built, permissions: ['storage'] }), 'chrome')).toThrow(/lacks the "unlimitedStorage"/);
  expect(() => checkManifest(write({ ...built, host_permissions: ['<all_urls>'] }), 'chrome')).toThrow(/host_permissions/);
  expect(() => checkManifest(write({ ...built, optional_host_permissions: WEB_PATTERNS }), 'chrome')).toThrow(/optional_host_permissions/);
  expect(() => checkManifest(write({ ...built, web_accessible_resources: [{ resources: ['*'], matches: ['<all_urls>'] }] }), 'chrome')).toThrow(/web_accessible_resources/);
  expect(() => checkManifest(write({ ...built, content_scripts: [{ matches: ['<all_urls>'], js: [CONTENT_SCRIPT_FILE] }] }), 'chrome')).toThrow(/content script/);
});

test('perSiteManifest: no static content script, activeTab + scripting, the web as optional hosts', () => {
  const m = perSiteManifest(built);
  expect(m.content_scripts).toBeUndefined();
  expect(m.permissions).toEqual(['storage', 'unlimitedStorage', 'activeTab', 'scripting']);
  expect(m.optional_host_permissions).toEqual(WEB_PATTERNS);
  expect(m.host_permissions).toBeUndefined();
  // Everything else is the default build's.
  const { content_scripts: _c, permissions: _p, ...rest } = built;
  const { optional_host_permissions: _o, permissions: _q, ...restPerSite } = m;
  expect(restPerSite).toEqual(rest);
  // The input is left as it was.
  expect(built.content_scripts).toHaveLength(1);
});

test('the per-site build passes only with its exact permissions, no static script and the bundle it injects', () => {
  const m = perSiteManifest(built);
  expect(() => checkManifest(write(m, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).not.toThrow();
  expect(() => checkManifest(write(m), 'chrome-per-site')).toThrow(/does not ship src\/content\/main\.js/);
  expect(() => checkManifest(write({ ...m, content_scripts: built.content_scripts }, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow(/static content script/);
  expect(() => checkManifest(write({ ...m, host_permissions: WEB_PATTERNS }, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow(/host_permissions/);
  expect(() => checkManifest(write({ ...m, optional_host_permissions: ['<all_urls>'] }, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow(/optional_host_permissions/);
  expect(() => checkManifest(write({ ...m, permissions: [...(m.permissions as string[]), 'tabs'] }, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow(/"tabs" permission/);
  expect(() => checkManifest(write({ ...m, permissions: ['storage', 'unlimitedStorage', 'activeTab'] }, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow(/lacks the "scripting"/);
  // The per-site manifest is not a valid default build, and the reverse.
  expect(() => checkManifest(write(m, [CONTENT_SCRIPT_FILE]), 'chrome')).toThrow();
  expect(() => checkManifest(write(built, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow();
});
