/**
 * The cheap gate that runs before anything is parsed: is WireTrace switched off for this site, is the page too
 * big to parse without freezing it, and does it look like an article at all? Each answer is a `page-skipped`
 * status for the background. Nothing here copies or parses the page: the size is counted with early exits, and
 * `isProbablyReaderable` only reads paragraph text.
 */
import { isProbablyReaderable } from '@mozilla/readability';
import { isSiteDisabled, type Settings } from '../shared/settings';
import { MAX_ELEMENTS, MAX_TEXT_CHARS } from './size-caps';

export { MAX_ELEMENTS, MAX_TEXT_CHARS };

/**
 * Fewest characters of text in an article element for it to stand in for an oversized page: below this it is
 * a teaser or a card, not the story (the shortest AEB news articles are ≈1,000 characters).
 */
export const MIN_SCOPE_CHARS = 500;

/**
 * Elements that may hold the article of an oversized page, in order of trust: the page's own markup for the
 * article body, then <article>, then the main landmark. Only these few selectors are tried (one native query):
 * finding an article by scoring blocks is Readability's job, and it is exactly what must not run on the page.
 */
export const SCOPE_SELECTORS = ['[itemprop~="articleBody" i]', 'article', 'main', '[role="main" i]'] as const;

/** Most candidate elements measured on an oversized page (a portal may hold hundreds of <article> teasers). */
export const MAX_SCOPE_CANDIDATES = 16;

export type SkipStatus = 'disabled' | 'too-large' | 'not-article';
/**
 * `scope`: the element to extract from instead of the whole page (the page is over the size cap but this
 * element, its article, is under it); null for the whole page.
 */
export type GateResult = { ok: true; scope: Element | null } | { ok: false; status: SkipStatus };

/**
 * Characters of text under `root`, counted with a walker that stops once `max` is passed (then returns a number
 * over `max`): a huge page costs little to measure.
 */
export function textLengthUpTo(root: Node, max: number): number {
  const doc = root.ownerDocument ?? (root as Document);
  // 4 is NodeFilter.SHOW_TEXT, as a literal so that this works on any document (jsdom, DOMParser) without globals.
  const walker = doc.createTreeWalker(root, 4);
  let chars = 0;
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    chars += (node as Text).length;
    if (chars > max) return chars;
  }
  return chars;
}

/** Whether the subtree of `root` (an element, or the document) is over either cap. */
function overCaps(root: Element | Document, maxElements: number, maxTextChars: number): boolean {
  if (root.getElementsByTagName('*').length > maxElements) return true;
  const text = root.nodeType === 9 ? (root as Document).body : root;
  return text !== null && textLengthUpTo(text, maxTextChars) > maxTextChars;
}

/**
 * Whether the page is over the size cap. Counts elements with the native live collection (no array is built)
 * and text with a walker that stops as soon as the cap is passed, so a huge page costs little to reject.
 */
export function isTooLarge(doc: Document, maxElements = MAX_ELEMENTS, maxTextChars = MAX_TEXT_CHARS): boolean {
  return overCaps(doc, maxElements, maxTextChars);
}

/**
 * The article element of an oversized page: among the first MAX_SCOPE_CANDIDATES elements that SCOPE_SELECTORS
 * match, the most trusted one that is itself under both caps and holds at least MIN_SCOPE_CHARS characters
 * (the one with the most text among equals: a story next to teaser <article>s). Null when there is none: the
 * page is then skipped as too large. Every measure is bounded by the caps.
 */
export function findArticleScope(doc: Document, maxElements = MAX_ELEMENTS, maxTextChars = MAX_TEXT_CHARS): Element | null {
  let best: Element | null = null;
  let bestRank = Infinity;
  let bestChars = 0;
  let seen = 0;
  for (let rank = 0; rank < SCOPE_SELECTORS.length && seen < MAX_SCOPE_CANDIDATES; rank++) {
    if (rank > bestRank) break;
    for (const el of Array.from(doc.querySelectorAll(SCOPE_SELECTORS[rank])).slice(0, MAX_SCOPE_CANDIDATES - seen)) {
      seen++;
      if (el.getElementsByTagName('*').length + 1 > maxElements) continue; // its descendants and itself
      const chars = textLengthUpTo(el, maxTextChars);
      if (chars > maxTextChars || chars < MIN_SCOPE_CHARS) continue;
      if (rank < bestRank || chars > bestChars) {
        best = el;
        bestRank = rank;
        bestChars = chars;
      }
    }
  }
  return best;
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
 * (Readability's quick heuristic, or the page's own metadata). A page over the size cap is not given up at
 * once: when one article element in it is under the cap (a story inside a portal's mega-menus, tables and
 * comment threads), only that element is extracted and mapped (`scope`); it is an article by its markup.
 */
export function gatePage(doc: Document, url: string, settings: Settings): GateResult {
  if (isSiteDisabled(settings, url)) return { ok: false, status: 'disabled' };
  if (isTooLarge(doc)) {
    const scope = findArticleScope(doc);
    return scope ? { ok: true, scope } : { ok: false, status: 'too-large' };
  }
  if (!isProbablyReaderable(doc) && !declaresArticle(doc)) return { ok: false, status: 'not-article' };
  return { ok: true, scope: null };
}
