/**
 * Where the built extensions and the e2e screenshots live. The repository root is found from this file's
 * folder upwards (the first package.json named "wiretrace"), so that the same answer comes from the
 * sources under jest and from an esbuild bundle in dist/ (`npm start`, `npm run bench:browser`).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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

/** Set to 1 by `npm run screenshots` (scripts/screenshots.mjs): only then are the tracked screenshots written. */
export const SCREENSHOTS_VAR = 'WIRETRACE_SCREENSHOTS';

/**
 * Where the e2e suites save their screenshots: docs/screenshots/ (tracked, shown in the README) under
 * `npm run screenshots`, else test-output/screenshots/ (ignored by git). The suites take them either way, so
 * the pages are still drawn and saved, and `npm test` leaves `git status` clean.
 */
export function screenshotDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(ROOT, env[SCREENSHOTS_VAR] === '1' ? 'docs/screenshots' : 'test-output/screenshots');
}

/** The file of screenshot `name` (<screenshotDir>/<name>.png), its folder made. */
export function screenshotPath(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = screenshotDir(env);
  mkdirSync(dir, { recursive: true });
  return join(dir, name.endsWith('.png') ? name : `${name}.png`);
}

/** `dir` resolved, once it is known to hold a built extension (a manifest.json). */
export function builtExtension(dir: string): string {
  const abs = resolve(dir);
  if (!existsSync(join(abs, 'manifest.json'))) throw new Error(`${abs} has no manifest.json: run \`npm run build:ext\` first`);
  return abs;
}
