/** Reading one page for `scan`: `.html` through the same extraction as the extension, anything else as text. */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { MemoryCorpus, ScanOptions, PageReport, ScanResult } from '@wiretrace/engine';
import { decodeText, sniffFormat, type ImportFormat } from '@wiretrace/engine/formats';
import { extractFromHtml } from './lazy-extract';

export interface PageText {
  title: string | null;
  published: string | null;
  url: string | null;
  text: string;
}

/** The JSON line written for each page (see README, "JSON output"). */
export type { PageReport } from '@wiretrace/engine';

export interface PageError {
  page: string;
  error: string;
}

const HTML_EXT = /\.(html?|xhtml)$/i;

/** Files that are not a page, recognised by their content (the importers' rule), and why they are skipped. */
const NOT_A_PAGE: Partial<Record<ImportFormat, string>> = {
  binary: 'binary data, not a page of text or HTML; skipped',
  zip: 'a zip archive, not a page; skipped (to check against its articles, give it with --corpus)',
  gzip: 'a gzip file, not a page; skipped (unpack it first)',
  wtc: 'a WireTrace index file (.wtc), not a page; skipped (give it with --corpus)',
};

/** A page's text. Throws an Error with a user-facing message when it cannot be read or holds no article. */
export async function readPage(file: string): Promise<PageText> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a page' : (e as Error).message);
  }
  const notAPage = NOT_A_PAGE[sniffFormat(bytes, file)];
  if (notAPage) throw new Error(notAPage);
  const raw = decodeText(bytes);
  if (HTML_EXT.test(file) || /^\s*<(!doctype|html|head|body)/i.test(raw)) {
    const article = extractFromHtml(raw, pathToFileURL(path.resolve(file)).href);
    if (!article) throw new Error('no article found in the page');
    return { title: article.title, published: article.published, url: article.url, text: article.text };
  }
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (text.length === 0) throw new Error('empty page');
  const firstLine = text.split('\n', 1)[0].trim();
  return { title: firstLine.length > 0 && firstLine.length <= 200 ? firstLine : null, published: null, url: null, text };
}

/** Scan options for a page: a page never matches its own (web) URL. */
export function pageScanOptions(page: PageText, opts: ScanOptions): ScanOptions {
  return { ...opts, excludeUrl: page.url && !page.url.startsWith('file:') ? page.url : null };
}

/** The JSON line for a page and its scan result. */
export function pageReport(name: string, page: PageText, result: ScanResult): PageReport {
  return {
    page: name,
    title: page.title,
    published: page.published,
    url: page.url,
    text: page.text,
    words: result.words,
    sourceCount: result.sourceCount,
    matches: result.matches,
    facts: result.facts,
  };
}

export function scanPage(name: string, page: PageText, corpus: MemoryCorpus, opts: ScanOptions): PageReport {
  return pageReport(name, page, corpus.scan(page.text, pageScanOptions(page, opts)));
}

export async function processPage(name: string, corpus: MemoryCorpus, opts: ScanOptions): Promise<PageReport | PageError> {
  try {
    return scanPage(name, await readPage(name), corpus, opts);
  } catch (e) {
    return { page: name, error: (e as Error).message };
  }
}
