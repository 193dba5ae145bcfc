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

export interface ExtractedPage {
  page: PageInfo;
  /** The article text sent to the background; match offsets index into it. */
  text: string;
}

/** The article of the live page at `url`, or null when Readability finds none (too short, no content). */
export function extractPage(doc: Document, url: string): ExtractedPage | null {
  let article;
  try {
    article = extractArticle(cloneDocument(doc), { url });
  } catch {
    return null; // Readability on a page it cannot handle: treated as "no article", never a broken page
  }
  if (article === null) return null;
  return { page: pageInfo(doc, url, article), text: article.text };
}
