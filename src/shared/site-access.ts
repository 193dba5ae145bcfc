/**
 * Site access: how WireTrace gets to read pages. Pure functions over the manifest and URLs, shared by the
 * background (which injects and registers the content script) and the popup (which asks for a site).
 * No build declares the content script statically: the background registers it
 * (`scripting.registerContentScripts`, src/background/site-scripts.ts) so that the site lists decide where
 * it runs.
 *
 * - 'automatic' (the default build): host access to every http(s) page from install on; the script is
 *   registered for all of them, or for the allow list in allow-list mode, minus the deny list.
 * - 'per-site' (the chrome-per-site build): no host access at install; a page is checked when the user
 *   clicks the toolbar button (`activeTab` + `scripting.executeScript`) and, on the sites the user granted
 *   (`optional_host_permissions`), automatically (the same registration, for the granted sites).
 */

export type SiteAccessMode = 'automatic' | 'per-site';

/**
 * The content script's built file (crxjs builds `src/content/main.ts` as one standalone file here). The
 * build fails when a flavour does not ship this file (scripts/manifest-rules.mjs `checkManifest`, whose
 * CONTENT_SCRIPT_FILE test/scripts/manifest-rules.test.ts checks against this one), so it cannot drift from
 * the bundle.
 */
export const CONTENT_SCRIPT_FILE = 'src/content/main.js';

/** The id of the one dynamically registered content script (both modes; its matches follow the mode). */
export const SITE_SCRIPT_ID = 'wiretrace-sites';

interface ManifestLike {
  content_scripts?: unknown[];
  optional_host_permissions?: string[];
}

/**
 * The build's mode, from its manifest: 'per-site' when it has optional hosts and no static content script.
 * (A static content script is in none of our built manifests, only in a test harness's extension.)
 */
export function siteAccessMode(manifest: ManifestLike): SiteAccessMode {
  const hasStatic = (manifest.content_scripts?.length ?? 0) > 0;
  return !hasStatic && (manifest.optional_host_permissions?.length ?? 0) > 0 ? 'per-site' : 'automatic';
}

/** The match pattern that grants one site (scheme and host, any path, any port), or null for non-web pages. */
export function sitePattern(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname) return null;
  // Match patterns have no port: `http://127.0.0.1/*` covers every port of that host.
  return `${parsed.protocol}//${parsed.hostname}/*`;
}

/**
 * The granted origins the content script should be registered for: web patterns only (a grant of
 * `<all_urls>` through the browser's own UI is narrowed to http and https, like the default build), sorted
 * and without duplicates so that comparing with what is registered is exact.
 */
export function siteMatches(origins: readonly string[] | undefined): string[] {
  const out = new Set<string>();
  for (const o of origins ?? []) {
    if (o === '<all_urls>' || o === '*://*/*') {
      out.add('http://*/*');
      out.add('https://*/*');
    } else if (/^(https?|\*):\/\/[^/]+\/.*$/.test(o)) {
      out.add(o);
    }
  }
  return [...out].sort();
}
