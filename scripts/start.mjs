// `npm start`: build, then show WireTrace at work in Chromium (tools/start/demo.ts says how).
//   1. build the CLI and the extension (dist/chrome, dist/firefox), unless --no-build (use dist/ as it is);
//   2. bundle tools/start/demo.ts (with the shared browser tooling, tools/browser) into dist/tools/start.cjs
//      with esbuild, as scripts/build-cli.mjs does for the CLI, and run it.
// Options: --headless (even with a display), --no-build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { NODE_BUNDLE } from './node-bundle.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BUNDLE = join(ROOT, 'dist/tools/start.cjs');

function run(args) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!process.argv.includes('--no-build')) {
  process.stderr.write('Building the CLI and the extension…\n');
  run(['scripts/build-cli.mjs']);
  run(['scripts/build-extension.mjs']);
}
if (!existsSync(join(ROOT, 'dist/chrome/manifest.json'))) {
  process.stderr.write('npm start failed: dist/chrome was not built\n');
  process.exit(1);
}
await build({
  absWorkingDir: ROOT,
  entryPoints: ['tools/start/demo.ts'],
  outfile: BUNDLE,
  ...NODE_BUNDLE,
});
await import(pathToFileURL(BUNDLE).href);
