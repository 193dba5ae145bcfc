/**
 * The AEB pages (test/fixtures/aeb), extracted once with the product's extraction and cached on disk
 * (keyed by the extractor's source), so that several test files can use them without paying jsdom twice.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractFromHtml } from '../../src/cli/parse-html';

export const AEB_DIR = path.join(__dirname, '..', 'fixtures', 'aeb');

export interface AebPage {
  id: string;
  url: string;
  /** Extracted article text, or null when extraction found nothing. */
  text: string | null;
  title: string | null;
  groundTruth: string;
}

function cacheKey(): string {
  const h = createHash('sha256');
  for (const f of ['src/extract/extract-article.ts', 'src/cli/parse-html.ts']) {
    h.update(readFileSync(path.join(__dirname, '..', '..', f)));
  }
  // The DOM and Readability versions change the extracted text too.
  for (const pkg of ['jsdom', '@mozilla/readability']) {
    h.update(readFileSync(path.join(__dirname, '..', '..', 'node_modules', pkg, 'package.json')));
  }
  return h.digest('hex').slice(0, 16);
}

let memo: AebPage[] | null = null;

/** Told before the pages are extracted (`done` 0, `cached` false) and after each one; or once, when the cache has them. */
export type AebProgress = (done: number, total: number, cached: boolean) => void;

export function loadAebPages(onProgress?: AebProgress): AebPage[] {
  if (memo) return memo;
  const cacheDir = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'wiretrace');
  const cacheFile = path.join(cacheDir, `aeb-extracted-${cacheKey()}.json`);
  if (existsSync(cacheFile)) {
    memo = JSON.parse(readFileSync(cacheFile, 'utf8')) as AebPage[];
    onProgress?.(memo.length, memo.length, true);
    return memo;
  }
  const truth = JSON.parse(readFileSync(path.join(AEB_DIR, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
  const files = readdirSync(path.join(AEB_DIR, 'html')).filter((f) => f.endsWith('.html.gz')).sort();
  onProgress?.(0, files.length, false);
  memo = files.map((f, i) => {
    const id = f.replace('.html.gz', '');
    const html = gunzipSync(readFileSync(path.join(AEB_DIR, 'html', f))).toString('utf8');
    const article = extractFromHtml(html, truth[id]?.url);
    onProgress?.(i + 1, files.length, false);
    return { id, url: truth[id]?.url ?? '', text: article?.text ?? null, title: article?.title ?? null, groundTruth: truth[id]?.articleBody ?? '' };
  });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(memo));
  return memo;
}
