/**
 * Where the built extensions and the e2e screenshots live. The repository root is found from this file's
 * folder upwards (the first package.json named "wiretrace"), so that the same answer comes from the
 * sources under jest and from an esbuild bundle in dist/ (`npm start`, `npm run bench:browser`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'wiretrace') return dir;
    if (dirname(dir) === dir) throw new Error(`no wiretrace package.json above ${from}`);
  }
}

export const ROOT = findRoot(__dirname);
export const CHROME_DIST = join(ROOT, 'dist/chrome');
export const FIREFOX_DIST = join(ROOT, 'dist/firefox');
export const SCREENSHOT_DIR = join(ROOT, 'docs/screenshots');
