// The promises a built manifest must keep, per build flavour (docs/SECURITY.md, README "Permissions, and
// why"), and the per-site flavour's manifest. Pure (no vite), so that unit tests import it directly;
// scripts/build-extension.mjs applies it to every build.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The content script's built file; src/shared/site-access.ts names the same (test/scripts/manifest-rules.test.ts checks both). */
export const CONTENT_SCRIPT_FILE = 'src/content/main.js';
/** The pages the content script may read: the default build's host access, the per-site build's optional hosts. */
export const WEB_PATTERNS = ['http://*/*', 'https://*/*'];

/**
 * The permissions of each flavour, exactly (README "Permissions, and why", docs/SECURITY.md): one more or
 * one fewer fails the build. Both need `scripting` to register the content script (the default build where
 * the site lists allow, the per-site build on granted sites); the per-site flavour needs `activeTab` to check
 * a page on the toolbar click.
 */
export const FLAVOUR_PERMISSIONS = {
  chrome: ['storage', 'unlimitedStorage', 'scripting'],
  firefox: ['storage', 'unlimitedStorage', 'scripting'],
  'chrome-per-site': ['storage', 'unlimitedStorage', 'activeTab', 'scripting'],
};

/**
 * The default flavours' manifest from what crxjs wrote. The built extension registers the content script
 * from the background (src/background/site-scripts.ts), so that the deny list and allow-list mode decide
 * where it runs; its pages (WEB_PATTERNS, the source entry's matches) become `host_permissions`, readable
 * from install on without a prompt.
 *
 * manifest.json still has a static content_scripts entry, only as the build's input: vite.config.ts builds
 * the file it names as one IIFE (`contentScriptIife`) and leaves the entry out of what crxjs sees; this strips
 * it from any manifest that still has it. Not a `?script` import in the bundle: with crxjs 3.0.0 that (tried)
 * also adds a web_accessible_resources entry for src/content/main.js on every http(s) page (which
 * checkManifest forbids: a page could probe for it) and ships an unreferenced ESM copy of the content script.
 * A plain rollup input would be an ES module split into shared chunks, not one file.
 */
export function automaticManifest(manifest) {
  const { content_scripts: _static, ...rest } = manifest;
  return {
    ...rest,
    permissions: [...new Set([...(manifest.permissions ?? []), 'scripting'])],
    host_permissions: [...WEB_PATTERNS],
  };
}

/**
 * The per-site flavour's manifest from the default one: no content script and no host access at install; the
 * same pages become optional hosts that the user grants site by site. The code is the default build's, byte
 * for byte (the background reads the mode from its manifest: src/shared/site-access.ts).
 */
export function perSiteManifest(manifest) {
  const { content_scripts: _static, host_permissions: _hosts, ...rest } = manifest;
  return {
    ...rest,
    permissions: [...new Set([...(manifest.permissions ?? []), 'activeTab', 'scripting'])],
    optional_host_permissions: [...WEB_PATTERNS],
  };
}

const sameSet = (a, b) => a.length === b.length && a.every((x) => b.includes(x)) && new Set(a).size === a.length;

/**
 * Promises the built manifest must keep (docs/SECURITY.md): no web_accessible_resources (a page could probe
 * for them and detect the extension), no remote code or relaxed content-security-policy, exactly the
 * permissions and host access the README justifies for that flavour, and the content script shipped but not
 * static.
 */
export function checkManifest(dir, flavour = 'chrome') {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const problems = [];
  const allowed = FLAVOUR_PERMISSIONS[flavour];
  if (!allowed) throw new Error(`unknown flavour "${flavour}"`);
  if (manifest.web_accessible_resources?.length) problems.push('it lists web_accessible_resources');
  if (manifest.content_security_policy) problems.push('it sets a content_security_policy (the MV3 default is the strictest)');
  if (manifest.externally_connectable) problems.push('it is externally_connectable');
  for (const p of manifest.permissions ?? []) {
    if (!allowed.includes(p)) problems.push(`it asks for the "${p}" permission, which the README does not justify for the ${flavour} build`);
  }
  for (const p of allowed) if (!(manifest.permissions ?? []).includes(p)) problems.push(`it lacks the "${p}" permission the ${flavour} build needs`);
  if (manifest.optional_permissions?.length) problems.push('it asks for optional_permissions');
  const scripts = manifest.content_scripts ?? [];
  // No flavour has a static content script: the background registers it, so that the deny list holds.
  if (scripts.length) problems.push('it has a static content script (the background registers it, so that the deny list and the grants hold)');
  if (!existsSync(join(dir, CONTENT_SCRIPT_FILE))) problems.push(`it does not ship ${CONTENT_SCRIPT_FILE}, which it registers`);
  if (flavour === 'chrome-per-site') {
    if (manifest.host_permissions?.length) problems.push('it asks for host_permissions');
    if (!sameSet(manifest.optional_host_permissions ?? [], WEB_PATTERNS)) problems.push(`its optional_host_permissions are not exactly ${WEB_PATTERNS.join(', ')}`);
  } else {
    if (manifest.optional_host_permissions?.length) problems.push('it asks for optional_host_permissions');
    if (!sameSet(manifest.host_permissions ?? [], WEB_PATTERNS)) problems.push(`its host_permissions are not exactly ${WEB_PATTERNS.join(', ')}`);
  }
  if (problems.length) throw new Error(`${dir}/manifest.json: ${problems.join('; ')}`);
}
