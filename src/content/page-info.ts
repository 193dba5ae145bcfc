/**
 * What the page says about itself (`PageInfo`): its own title, outlet, byline, date, language and canonical
 * URL. The metadata comes from `extractArticle` (meta tags, JSON-LD, microdata, <time>), exactly as the CLI
 * reads it; only the canonical URL is read here, because `ExtractedArticle.url` falls back to the page's own
 * address and `PageInfo.canonicalUrl` must be null when the page names none.
 */
import type { PageInfo } from '../shared/messages';
import { pageCanonicalUrl, type ExtractedArticle } from '../extract/extract-article';

/** Trimmed with whitespace collapsed; empty → null. */
function clean(s: string | null | undefined): string | null {
  const t = typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : '';
  return t === '' ? null : t;
}

/**
 * PageInfo for the page at `url`. `live` is the live document (only read: its <link>/<meta> tags are never
 * moved by Readability, which ran on a clone), `article` what `extractArticle` found in the clone.
 */
export function pageInfo(live: Document, url: string, article: ExtractedArticle): PageInfo {
  return {
    url,
    canonicalUrl: pageCanonicalUrl(live, url),
    title: article.title ?? clean(live.title),
    outlet: article.outlet,
    byline: article.byline,
    published: article.published,
    lang: article.lang ?? clean(live.documentElement?.getAttribute('lang')),
  };
}
