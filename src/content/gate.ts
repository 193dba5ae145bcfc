/**
 * The cheap gate that runs before anything is parsed: is WireTrace switched off for this site, is the page too
 * big to parse without freezing it, and does it look like an article at all? Each answer is a `page-skipped`
 * status for the background. Nothing here copies or parses the page: the size is counted with early exits, and
 * `isProbablyReaderable` only reads paragraph text.
 */
import { isProbablyReaderable } from '@mozilla/readability';
import { isSiteDisabled, type Settings } from '../shared/settings';

/**
 * Most elements in a page that is still parsed. A news article page has ≈1,000–6,000 elements (heavy portals
 * with mega-menus and comment threads ≈15,000). Cloning the document, Readability (which may retry up to four
 * passes) and indexing the live text are each linear in it and run on the page's main thread: at ≈40,000
 * elements that is a few hundred milliseconds, beyond it the page would visibly freeze.
 */
export const MAX_ELEMENTS = 40_000;

/**
 * Most characters of text under <body> (scripts and styles included: Readability walks them too). A very long
 * feature is ≈100,000 characters; a million is a book-length page or a log dump, never one article, and the
 * clone, the tokenizer and the message to the background all scale with it.
 */
export const MAX_TEXT_CHARS = 1_000_000;

export type SkipStatus = 'disabled' | 'too-large' | 'not-article';
export type GateResult = { ok: true } | { ok: false; status: SkipStatus };

/**
 * Whether the page is over the size cap. Counts elements with the native live collection (no array is built)
 * and text with a walker that stops as soon as the cap is passed, so a huge page costs little to reject.
 */
export function isTooLarge(doc: Document, maxElements = MAX_ELEMENTS, maxTextChars = MAX_TEXT_CHARS): boolean {
  if (doc.getElementsByTagName('*').length > maxElements) return true;
  const body = doc.body;
  if (!body) return false;
  // 4 is NodeFilter.SHOW_TEXT, as a literal so that this works on any document (jsdom, DOMParser) without globals.
  const walker = doc.createTreeWalker(body, 4);
  let chars = 0;
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    chars += (node as Text).length;
    if (chars > maxTextChars) return true;
  }
  return false;
}

/**
 * JSON-LD `@type`s that declare the page to be one article (schema.org Article and its subtypes, which all end
 * in "Article": NewsArticle, ReportageNewsArticle…, plus BlogPosting). Read
 * with a regex over the script's text, without parsing the JSON: a page's JSON-LD is often malformed.
 */
const ARTICLE_LD_TYPE = /"@type"\s*:\s*(?:\[[^\]]*)?"(?:[A-Za-z]*Article|BlogPosting|LiveBlogPosting)"/;

/**
 * Whether the page says in its own metadata that it is an article: `og:type` = article, or JSON-LD of an
 * Article type. Readability's quick heuristic (`isProbablyReaderable`) counts long paragraphs in `<p>`
 * elements and misses articles written in `<div>`s or split into short paragraphs (5 of the 181 AEB news
 * pages); a page that declares itself an article is given to Readability all the same, which still returns
 * nothing when there is no article text. Cheap: two selector queries and the JSON-LD scripts' text.
 */
export function declaresArticle(doc: Document): boolean {
  const og = doc.querySelector('meta[property="og:type" i], meta[name="og:type" i]')?.getAttribute('content');
  if (og && og.trim().toLowerCase() === 'article') return true;
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json" i]'))) {
    if (ARTICLE_LD_TYPE.test(script.textContent ?? '')) return true;
  }
  return false;
}

/**
 * The gate's decision, cheapest check first: settings, then size, then whether the page looks like an article
 * (Readability's quick heuristic, or the page's own metadata).
 */
export function gatePage(doc: Document, url: string, settings: Settings): GateResult {
  if (isSiteDisabled(settings, url)) return { ok: false, status: 'disabled' };
  if (isTooLarge(doc)) return { ok: false, status: 'too-large' };
  if (!isProbablyReaderable(doc) && !declaresArticle(doc)) return { ok: false, status: 'not-article' };
  return { ok: true };
}
