/**
 * The content script's size caps, on their own (no imports) so that the e2e tests and the browser benchmark
 * can build pages just under them without loading the extension's modules. gate.ts applies them.
 */

/**
 * Most elements in a page (or in the article element of a bigger page, see findArticleScope) that is handed to
 * Readability. A news article page has ≈1,000–6,000 elements (the 181 AEB news pages: ≤ 1,750); heavy portals
 * with mega-menus and comment threads reach ≈15,000. Cloning, Readability (which may retry up to four passes)
 * and extracting the text run synchronously on the page's main thread and grow with the element count: in
 * Chromium on 2 shared cores, a 25,000-element article page took 0.7 s to extract and a 39,500-element one
 * 0.5–1.2 s (a frozen page). At 15,000 the worst case stays a few hundred milliseconds; a bigger page is still
 * checked through its article element when that is under the caps.
 */
export const MAX_ELEMENTS = 15_000;

/**
 * Most characters of text under <body> (scripts and styles included: Readability walks them too), or in the
 * article element of a bigger page. A very long feature is ≈100,000 characters (the AEB pages: ≤ 92,000);
 * Readability took 0.18–0.42 s on pages of 200,000–290,000 characters (Chromium, 2 shared cores), and the
 * clone, the tokenizer and the message to the background all grow with it. More is a book-length page or a
 * log dump, never one article.
 */
export const MAX_TEXT_CHARS = 250_000;
