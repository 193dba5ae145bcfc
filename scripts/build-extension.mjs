// Builds the browser extension for both browsers and packs it:
//   vite build --mode chrome   → dist/chrome (manifest rewritten: automaticManifest) → dist/wiretrace-chrome.zip
//   dist/chrome, manifest rewritten (perSiteManifest) → dist/chrome-per-site → dist/wiretrace-chrome-per-site.zip
//   vite build --mode firefox  → dist/firefox  → dist/wiretrace-firefox.xpi
// then runs `web-ext lint` on dist/firefox: any error fails the build, warnings are printed.
// Options: --chrome / --firefox (only that one; no lint without Firefox), --no-lint.
// --timings: the browser benchmark's build, Chromium only: the checks time their phases (src/shared/timings.ts),
// built to dist/chrome-timings (not packed, no per-site copy, no lint); dist/chrome is left alone.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { zipSync } from 'fflate';
import { build } from 'vite';
import { makeIcons, SIZES } from './make-icons.mjs';
import { automaticManifest, checkManifest, perSiteManifest } from './manifest-rules.mjs';

const args = new Set(process.argv.slice(2));
const timings = args.has('--timings');
const only = args.has('--chrome') || timings ? ['chrome'] : args.has('--firefox') ? ['firefox'] : ['chrome', 'firefox'];
const lint = !args.has('--no-lint') && only.includes('firefox');
// Read by vite.config.ts: the define and the output folder.
if (timings) process.env.WIRETRACE_TIMINGS = '1';

/** A fixed time for every zip entry, so that the same build gives the same archive. */
const ZIP_MTIME = new Date('2025-01-01T00:00:00Z');

function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** Zips the contents of `dir` (paths relative to it, `/`-separated) into `file`; returns its size. */
export function pack(dir, file) {
  const entries = {};
  for (const path of filesUnder(dir)) {
    const name = relative(dir, path).split(sep).join('/');
    // PNGs are already compressed.
    entries[name] = [new Uint8Array(readFileSync(path)), { level: name.endsWith('.png') ? 0 : 9, mtime: ZIP_MTIME }];
  }
  if (!entries['manifest.json']) throw new Error(`${dir} has no manifest.json: the build did not produce an extension`);
  const zip = zipSync(entries);
  writeFileSync(file, zip);
  return zip.length;
}

async function webExtLint(sourceDir) {
  const { default: webExt } = await import('web-ext');
  const result = await webExt.cmd.lint({ sourceDir, output: 'none', boring: true, pretty: false, verbose: false }, { shouldExitProgram: false });
  const show = (list, label) => {
    for (const m of list ?? []) console.log(`  ${label} ${m.code}: ${m.message}${m.file ? ` (${m.file}${m.line ? `:${m.line}` : ''})` : ''}`);
  };
  show(result.errors, 'ERROR  ');
  show(result.warnings, 'warning');
  const s = result.summary ?? {};
  console.log(`web-ext lint: ${s.errors ?? 0} errors, ${s.warnings ?? 0} warnings, ${s.notices ?? 0} notices`);
  return result.errors?.length ?? 0;
}

export { automaticManifest, checkManifest, perSiteManifest } from './manifest-rules.mjs';

/** Writes dist/chrome-per-site from the checked dist/chrome and packs it. */
function buildPerSite() {
  const t0 = Date.now();
  const from = join('dist', 'chrome');
  const dir = join('dist', 'chrome-per-site');
  rmSync(dir, { recursive: true, force: true });
  cpSync(from, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8'));
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(perSiteManifest(manifest), null, 2)}\n`);
  checkManifest(dir, 'chrome-per-site');
  const file = join('dist', 'wiretrace-chrome-per-site.zip');
  const bytes = pack(dir, file);
  console.log(`built ${dir} and ${file} (${(bytes / 1024).toFixed(1)} KiB) in ${Date.now() - t0} ms`);
}

async function main() {
  if (!SIZES.every((size) => existsSync(`icons/icon-${size}.png`) && existsSync(`icons/icon-active-${size}.png`))) makeIcons('icons');
  mkdirSync('dist', { recursive: true });
  for (const browser of only) {
    const t0 = Date.now();
    try {
      await build({ mode: browser, logLevel: 'warn' });
    } catch (e) {
      throw new Error(`vite build --mode ${browser} failed: ${e instanceof Error ? e.message : e}`);
    }
    const dir = join('dist', timings ? `${browser}-timings` : browser);
    // The badge-state icons are set at run time (action.setIcon), so the manifest does not name them and
    // crxjs does not copy them.
    mkdirSync(join(dir, 'icons'), { recursive: true });
    for (const size of SIZES) copyFileSync(`icons/icon-active-${size}.png`, join(dir, 'icons', `icon-active-${size}.png`));
    // The content script is registered by the background, not declared (manifest-rules.mjs automaticManifest).
    const manifestPath = join(dir, 'manifest.json');
    writeFileSync(manifestPath, `${JSON.stringify(automaticManifest(JSON.parse(readFileSync(manifestPath, 'utf8'))), null, 2)}\n`);
    checkManifest(dir, browser);
    if (timings) {
      console.log(`built ${dir} (with timings, for the browser benchmark) in ${Date.now() - t0} ms`);
      continue;
    }
    const file = join('dist', browser === 'chrome' ? 'wiretrace-chrome.zip' : 'wiretrace-firefox.xpi');
    const bytes = pack(dir, file);
    console.log(`built ${dir} and ${file} (${(bytes / 1024).toFixed(1)} KiB) in ${Date.now() - t0} ms`);
    if (browser === 'chrome') buildPerSite();
  }
  if (lint) {
    // Firefox reads the packed file, so lint exactly what was built.
    const errors = await webExtLint(join('dist', 'firefox'));
    if (errors > 0) {
      console.error(`web-ext lint found ${errors} error(s) in dist/firefox`);
      process.exit(1);
    }
  }
}

if (process.argv[1] && process.argv[1].endsWith('build-extension.mjs') && statSync(process.argv[1]).isFile()) {
  main().catch((e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
}
