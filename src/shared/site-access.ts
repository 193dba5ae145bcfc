/**
 * Site access: how WireTrace gets to read pages. Pure functions over the manifest and URLs, shared by the
 * background (which injects and registers the content script) and the popup (which asks for a site).
 *
 * - 'automatic' (the default build): the manifest's static content script runs on every http(s) page.
 * - 'per-site' (the chrome-per-site build): no static content script and no host access at install; a page
 *   is checked when the user clicks the toolbar button (`activeTab` + `scripting.executeScript`) and, on the
 *   sites the user granted (`optional_host_permissions`), automatically (`scripting.registerContentScripts`).
 */

export type SiteAccessMode = 'automatic' | 'per-site';

/**
 * The content script's built file (crxjs builds `src/content/main.ts` as one standalone file here). The
 * build checks that the default manifest names exactly this file and that the per-site build ships it
 * (scripts/build-extension.mjs), so this constant cannot drift from the bundle.
 */
export const CONTENT_SCRIPT_FILE = 'src/content/main.js';

/** The id of the one dynamically registered content script (per-site mode), whose matches are the granted sites. */
export const SITE_SCRIPT_ID = 'wiretrace-sites';

interface ManifestLike {
  content_scripts?: unknown[];
  optional_host_permissions?: string[];
}

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
