/**
 * The pages of the Article Extraction Benchmark (test/fixtures/aeb/html/*.html.gz) as a site to serve, for
 * the e2e test that reads them all (test/e2e/aeb-pages.e2e.test.ts) and the browser benchmark.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT } from './paths';

export const AEB_DIR = join(ROOT, 'test/fixtures/aeb');

/** The pages' ids (file names without `.html.gz`), sorted. */
export function aebPageIds(): string[] {
  return readdirSync(join(AEB_DIR, 'html'))
    .filter((f) => f.endsWith('.html.gz'))
    .map((f) => f.replace('.html.gz', ''))
    .sort();
}

/** Unpacks the pages `ids` into `dir/aeb/<id>.html` (served as `aeb/<id>.html`). */
export function writeAebSite(dir: string, ids: readonly string[]): void {
  mkdirSync(join(dir, 'aeb'), { recursive: true });
  for (const id of ids) writeFileSync(join(dir, 'aeb', `${id}.html`), gunzipSync(readFileSync(join(AEB_DIR, 'html', `${id}.html.gz`))));
}
