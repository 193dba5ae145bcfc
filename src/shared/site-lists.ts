/**
 * The site lists of the settings (docs/ARCHITECTURE.md, "Site controls") and the match patterns the
 * background registers the content script with. A site is a host name as `normaliseSite` writes it:
 * "example.com" covers example.com, www.example.com and every other subdomain.
 *
 * - The deny list (`disabledSites`): sites where nothing of WireTrace ever runs, not even the content script
 *   (they become the registration's `excludeMatches`). The popup's "Check articles on <site>" switch adds
 *   the current site to it and removes it again.
 * - Allow-list mode (`allowOnly` + `allowedSites`): the content script is registered for the listed sites
 *   only. The deny list still wins over it.
 */

/**
 * Sites never read by default: pages whose text is private and never a news article. Kept short on purpose
 * (the user can edit it in the options page, and each entry is a subdomain-wide match); it seeds the deny
 * list once, on install or on the upgrade from settings v1, and is not re-added when the user removes one.
 */
export const DEFAULT_DENY_LIST: readonly string[] = Object.freeze([
  // Webmail: private correspondence.
  'mail.google.com',
  'outlook.live.com',
  'outlook.office.com',
  'mail.yahoo.com',
  'mail.proton.me',
  'icloud.com',
  'fastmail.com',
  // Payment and banking: account pages, card numbers, transfers.
  'paypal.com',
  'stripe.com',
  'wise.com',
  'revolut.com',
  'chase.com',
  'bankofamerica.com',
  'wellsfargo.com',
  'hsbc.com',
  'barclays.co.uk',
  // Password managers' web vaults.
  '1password.com',
  'bitwarden.com',
  'lastpass.com',
  // Health portals: patient records.
  'mychart.com',
  'nhs.uk',
]);

/**
 * A starting list for allow-list mode: large English-language news sites and wire services, whose articles
 * are the ones most often copied. Offered when the user turns the mode on with an empty list; editable.
 */
export const DEFAULT_NEWS_SITES: readonly string[] = Object.freeze([
  'apnews.com',
  'reuters.com',
  'afp.com',
  'bbc.co.uk',
  'bbc.com',
  'theguardian.com',
  'nytimes.com',
  'washingtonpost.com',
  'cnn.com',
  'npr.org',
  'aljazeera.com',
  'dw.com',
  'france24.com',
  'abc.net.au',
  'cbc.ca',
  'independent.co.uk',
  'telegraph.co.uk',
  'usatoday.com',
  'nbcnews.com',
  'foxnews.com',
]);

/** The web as the content script may read it (the same as scripts/manifest-rules.mjs `WEB_PATTERNS`). */
export const ALL_WEB: readonly string[] = Object.freeze(['http://*/*', 'https://*/*']);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The match pattern of one site, http and https, any path and port. `*.` matches the host itself and every
 * subdomain in Chromium and Firefox; an IP address has no subdomains (and `*.1.2.3.4` is refused), so it is
 * matched as is. Null for anything that is not a host name a pattern can hold.
 */
export function sitePatternOf(site: string): string | null {
  if (!/^[a-z0-9.-]+$/.test(site) || site.startsWith('.') || site.endsWith('.') || site.includes('..')) return null;
  return IPV4.test(site) ? `*://${site}/*` : `*://*.${site}/*`;
}

/** Patterns of a list of sites, sorted and without duplicates (so that comparing registrations is exact). */
export function sitePatterns(sites: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of sites) {
    const p = sitePatternOf(s);
    if (p) out.add(p);
  }
  return [...out].sort();
}
