/**
 * Extraction of the live page: Readability (through the shared `extractArticle`, so the text is exactly what
 * the CLI would extract) on a COPY of the document, because Readability moves and removes nodes. The live page
 * is only read.
 */
import type { PageInfo } from '../shared/messages';
import { extractArticle } from '../extract/extract-article';
import { pageInfo } from './page-info';

/**
 * A detached copy of `doc`. `cloneNode(true)` is the fast path; it throws in Vite's dev mode, whose
 * custom-elements polyfill hooks node cloning (`__CE_registry`), and could on pages that patch the DOM, so the
 * fallback re-parses the serialized page (slower, but inert: parsed documents run no scripts and load nothing).
 */
export function cloneDocument(doc: Document): Document {
  try {
    return doc.cloneNode(true) as Document;
  } catch {
    const Parser = doc.defaultView?.DOMParser ?? DOMParser;
    return new Parser().parseFromString(doc.documentElement.outerHTML, 'text/html');
  }
}

/**
 * A detached document holding copies of `doc`'s <head> (the metadata extractArticle reads: meta tags, JSON-LD,
 * the title, the canonical link), its root's `lang`, and `scope` alone in its <body>: what Readability sees of
 * an oversized page. The copy costs the size of the head and the scope, both bounded (see gate.ts).
 */
export function scopedDocument(doc: Document, scope: Element): Document {
  const copy = doc.implementation.createHTMLDocument('');
  const lang = doc.documentElement?.getAttribute('lang');
  if (lang) copy.documentElement.setAttribute('lang', lang);
  if (doc.head) copy.head.replaceWith(copy.importNode(doc.head, true));
  copy.body.append(copy.importNode(scope, true));
  return copy;
}

export interface ExtractedPage {
  page: PageInfo;
  /** The article text sent to the background; match offsets index into it. */
  text: string;
}

/**
 * The article of the live page at `url`, or null when Readability finds none (too short, no content). With
 * `scope` (the gate's article element of an oversized page), only that element is copied and extracted.
 */
export function extractPage(doc: Document, url: string, scope: Element | null = null): ExtractedPage | null {
  let article;
  try {
    article = extractArticle(scope ? scopedDocument(doc, scope) : cloneDocument(doc), { url });
  } catch {
    return null; // Readability on a page it cannot handle: treated as "no article", never a broken page
  }
  if (article === null) return null;
  return { page: pageInfo(doc, url, article), text: article.text };
}
