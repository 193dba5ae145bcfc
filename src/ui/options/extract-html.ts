/**
 * The importer's HTML extractor for extension pages: the browser's own parser plus the Readability
 * extraction that the content script uses, so an imported page yields the same text as a visited one.
 */
import type { ExtractHtml } from '@wiretrace/engine/formats';
import { extractArticle } from '../../extract/extract-article';

export function createExtractHtml(parser: DOMParser = new DOMParser()): ExtractHtml {
  return (html, url) => {
    // DOMParser documents are inert: no scripts run and no subresources load.
    const doc = parser.parseFromString(html, 'text/html');
    const article = extractArticle(doc, { url });
    if (!article) return null;
    return { title: article.title, text: article.text, published: article.published, outlet: article.outlet, url: article.url };
  };
}
