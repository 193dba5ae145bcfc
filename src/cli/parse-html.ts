/**
 * HTML → Document for the Node CLI (jsdom), and the CLI's article extraction: the same `extractArticle` the
 * content script runs, on a jsdom document. Node only. The caller reads files; nothing here touches the disk.
 */
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractArticle, type ExtractedArticle } from '../extract/extract-article';

/** `<style>…</style>` blocks, for the retry when jsdom's CSS parser crashes. */
const STYLE_BLOCK = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;
/** `style="…"` attributes (any quoting), for the same retry. */
const STYLE_ATTRIBUTE = /\sstyle\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)/gi;

/** Removes inline CSS (style blocks and attributes). Regex-based, so only used as a fallback. */
export function stripStyles(html: string): string {
  return html.replace(STYLE_BLOCK, '').replace(STYLE_ATTRIBUTE, '');
}

function newDom(html: string, url: string | undefined): JSDOM {
  return new JSDOM(html, {
    url,
    contentType: 'text/html',
    // No runScripts and no resources: jsdom then runs no page script and fetches nothing (no network).
    // A VirtualConsole that forwards nowhere drops jsdom's noise ("Could not parse CSS stylesheet", …).
    virtualConsole: new VirtualConsole(),
  });
}

/** jsdom refuses a `url` it cannot parse; such a URL is just left out. */
function usableUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

/**
 * Parses with jsdom, without running scripts or loading anything. jsdom's CSS parsing throws on some real pages
 * (cssstyle `TypeError: Cannot create property 'border-width' on string 'inherit'`, css-tree `SyntaxError`) while
 * the page is being built; then the page is parsed again without its inline CSS, which extraction does not use.
 *
 * The caller owns the result: call `doc.defaultView?.close()` when done with it.
 */
export function parseHtml(html: string, url?: string): Document {
  return parseWithRetry(html, usableUrl(url)).dom.window.document;
}

function parseWithRetry(html: string, url: string | undefined): { dom: JSDOM; stripped: boolean } {
  try {
    return { dom: newDom(html, url), stripped: false };
  } catch (err) {
    const stripped = stripStyles(html);
    if (stripped === html) throw err;
    return { dom: newDom(stripped, url), stripped: true };
  }
}

/** parseHtml + extractArticle; the jsdom window is closed afterwards. `url` is the page's address, if known. */
export function extractFromHtml(html: string, url?: string): ExtractedArticle | null {
  const pageUrl = usableUrl(url);
  const run = (dom: JSDOM): ExtractedArticle | null => {
    try {
      return extractArticle(dom.window.document, { url: pageUrl ?? null });
    } finally {
      dom.window.close();
    }
  };
  const first = parseWithRetry(html, pageUrl);
  try {
    return run(first.dom);
  } catch (err) {
    // The same guard for CSS that jsdom parses lazily (an inline style read by Readability's visibility check).
    const stripped = first.stripped ? html : stripStyles(html);
    if (stripped === html) throw err;
    return run(newDom(stripped, pageUrl));
  }
}
