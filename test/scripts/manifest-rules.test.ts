/** The build's manifest rules per flavour and the per-site manifest (scripts/manifest-rules.mjs). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { automaticManifest, checkManifest, CONTENT_SCRIPT_FILE, FLAVOUR_PERMISSIONS, perSiteManifest, WEB_PATTERNS } from '../../scripts/manifest-rules.mjs';
import { CONTENT_SCRIPT_FILE as SHARED_FILE } from '../../src/shared/site-access';
import { ALL_WEB } from '../../src/shared/site-lists';

const ROOT = join(__dirname, '../..');
const source = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
/** The source manifest as crxjs writes it (the content script's .ts becomes the built .js). */
const crxOutput = { ...source, content_scripts: [{ ...source.content_scripts[0], js: [CONTENT_SCRIPT_FILE] }] };
/** The default build's manifest: the static entry moved to the background's registration. */
const built = automaticManifest(crxOutput) as typeof crxOutput & { permissions: string[]; host_permissions: string[] };

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

test('the background injects the file the build checks, on the pages the build grants', () => {
  expect(SHARED_FILE).toBe(CONTENT_SCRIPT_FILE);
  expect(ALL_WEB).toEqual(WEB_PATTERNS);
});

test('the source manifest: a static content script on http(s) as the build input, only storage and unlimitedStorage', () => {
  expect(source.content_scripts).toHaveLength(1);
  expect(source.content_scripts[0].matches).toEqual(WEB_PATTERNS);
  expect(source.permissions).toEqual(['storage', 'unlimitedStorage']);
  expect(source.host_permissions).toBeUndefined();
  expect(source.optional_host_permissions).toBeUndefined();
});

test('automaticManifest: no static content script; scripting, and the same pages as host access', () => {
  expect(built.content_scripts).toBeUndefined();
  expect(built.permissions).toEqual(FLAVOUR_PERMISSIONS.chrome);
  expect(built.host_permissions).toEqual(WEB_PATTERNS);
  const { content_scripts: _c, permissions: _p, ...rest } = crxOutput;
  const { host_permissions: _h, permissions: _q, ...restBuilt } = built;
  expect(restBuilt).toEqual(rest);
});

test('the default build passes; any extra permission, other host access, a static script or web-accessible file fails it', () => {
  const files = [CONTENT_SCRIPT_FILE];
  expect(() => checkManifest(write(built, files), 'chrome')).not.toThrow();
  expect(() => checkManifest(write(built, files), 'firefox')).not.toThrow();
  expect(() => checkManifest(write(built), 'chrome')).toThrow(/does not ship src\/content\/main\.js/);
  expect(() => checkManifest(write(crxOutput, files), 'chrome')).toThrow(/static content script/);
  expect(() => checkManifest(write({ ...built, permissions: [...built.permissions, 'tabs'] }, files), 'chrome')).toThrow(/"tabs" permission/);
  expect(() => checkManifest(write({ ...built, permissions: [...built.permissions, 'activeTab'] }, files), 'chrome')).toThrow(/"activeTab" permission/);
  expect(() => checkManifest(write({ ...built, permissions: ['storage', 'unlimitedStorage'] }, files), 'chrome')).toThrow(/lacks the "scripting"/);
  expect(() => checkManifest(write({ ...built, host_permissions: ['<all_urls>'] }, files), 'chrome')).toThrow(/host_permissions/);
  expect(() => checkManifest(write({ ...built, host_permissions: undefined }, files), 'chrome')).toThrow(/host_permissions/);
  expect(() => checkManifest(write({ ...built, optional_host_permissions: WEB_PATTERNS }, files), 'chrome')).toThrow(/optional_host_permissions/);
  expect(() => checkManifest(write({ ...built, web_accessible_resources: [{ resources: ['*'], matches: ['<all_urls>'] }] }, files), 'chrome')).toThrow(/web_accessible_resources/);
});

test('perSiteManifest: no content script, no host access, activeTab + scripting, the web as optional hosts', () => {
  const m = perSiteManifest(built);
  expect(m.content_scripts).toBeUndefined();
  expect(m.host_permissions).toBeUndefined();
  expect(m.permissions).toEqual(['storage', 'unlimitedStorage', 'scripting', 'activeTab']);
  expect(m.optional_host_permissions).toEqual(WEB_PATTERNS);
  // Everything else is the default build's.
  const { permissions: _p, host_permissions: _h, ...rest } = built;
  const { optional_host_permissions: _o, permissions: _q, ...restPerSite } = m;
  expect(restPerSite).toEqual(rest);
  // The input is left as it was.
  expect(built.host_permissions).toEqual(WEB_PATTERNS);
});
test('the per-site build passes only with its exact permissions, no static script and the bundle it injects', () => {
  const m = perSiteManifest(built);
  expect(() => checkManifest(write(m, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).not.toThrow();
  expect(() => checkManifest(write(m), 'chrome-per-site')).toThrow(/does not ship src\/content\/main\.js/);
  expect(() => checkManifest(write({ ...m, content_scripts: crxOutput.content_scripts }, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow(/static content script/);
  expect(() => checkManifest(write({ ...m, host_permissions: WEB_PATTERNS }, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow(/host_permissions/);
  expect(() => checkManifest(write({ ...m, optional_host_permissions: ['<all_urls>'] }, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow(/optional_host_permissions/);
  expect(() => checkManifest(write({ ...m, permissions: [...(m.permissions as string[]), 'tabs'] }, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow(/"tabs" permission/);
  expect(() => checkManifest(write({ ...m, permissions: ['storage', 'unlimitedStorage', 'activeTab'] }, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow(/lacks the "scripting"/);
  // The per-site manifest is not a valid default build, and the reverse.
  expect(() => checkManifest(write(m, [CONTENT_SCRIPT_FILE]), 'chrome')).toThrow();
  expect(() => checkManifest(write(built, [CONTENT_SCRIPT_FILE]), 'chrome-per-site')).toThrow();
});
