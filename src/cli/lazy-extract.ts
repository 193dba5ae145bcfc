/**
 * jsdom takes ≈0.7 s to load. Plain-text pages and JSONL corpora never need it, so it is loaded on the
 * first HTML page or record only.
 */
import type { ExtractedArticle } from '../extract/extract-article';

type ParseHtml = typeof import('./parse-html');
let parseHtml: ParseHtml | null = null;

export function extractFromHtml(html: string, url?: string): ExtractedArticle | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
  parseHtml ??= require('./parse-html') as ParseHtml;
  return parseHtml.extractFromHtml(html, url);
}
