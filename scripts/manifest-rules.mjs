// The promises a built manifest must keep, per build flavour (docs/SECURITY.md, README "Permissions, and
// why"), and the per-site flavour's manifest. Pure (no vite), so that unit tests import it directly;
// scripts/build-extension.mjs applies it to every build.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The content script's built file; src/shared/site-access.ts names the same (test/scripts/manifest-rules.test.ts checks both). */
export const CONTENT_SCRIPT_FILE = 'src/content/main.js';
/** The pages the content script may read: the default build's static matches, the per-site build's optional hosts. */
export const WEB_PATTERNS = ['http://*/*', 'https://*/*'];

/**
 * The permissions of each flavour, exactly (README "Permissions, and why", docs/SECURITY.md): one more or
 * one fewer fails the build. The per-site flavour needs `activeTab` + `scripting` to check a page on the
 * toolbar click and to register the content script on granted sites.
 */
export const FLAVOUR_PERMISSIONS = {
  chrome: ['storage', 'unlimitedStorage'],
  firefox: ['storage', 'unlimitedStorage'],
  'chrome-per-site': ['storage', 'unlimitedStorage', 'activeTab', 'scripting'],
};

/**
 * The per-site flavour's manifest from the default one: no static content script and no host access at
 * install; the same pages become optional hosts that the user grants site by site. The code is the default
 * build's, byte for byte (the background reads the mode from its manifest: src/shared/site-access.ts).
 */
export function perSiteManifest(manifest) {
  const { content_scripts: _static, ...rest } = manifest;
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
 * permissions the README justifies for that flavour, and the content script where the flavour expects it.
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
  if (manifest.host_permissions?.length) problems.push('it asks for host_permissions');
  const scripts = manifest.content_scripts ?? [];
  if (flavour === 'chrome-per-site') {
    if (scripts.length) problems.push('the per-site build has a static content script (it must run only where granted)');
    if (!sameSet(manifest.optional_host_permissions ?? [], WEB_PATTERNS)) problems.push(`its optional_host_permissions are not exactly ${WEB_PATTERNS.join(', ')}`);
    if (!existsSync(join(dir, CONTENT_SCRIPT_FILE))) problems.push(`it does not ship ${CONTENT_SCRIPT_FILE}, which it injects`);
  } else {
    if (manifest.optional_host_permissions?.length) problems.push('it asks for optional_host_permissions');
    const ok = scripts.length === 1 && sameSet(scripts[0].matches ?? [], WEB_PATTERNS) && sameSet(scripts[0].js ?? [], [CONTENT_SCRIPT_FILE]);
    if (!ok) problems.push(`its content script is not exactly ${CONTENT_SCRIPT_FILE} on ${WEB_PATTERNS.join(', ')}`);
  }
  if (problems.length) throw new Error(`${dir}/manifest.json: ${problems.join('; ')}`);
}
