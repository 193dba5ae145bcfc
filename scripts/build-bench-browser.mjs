// Bundles the browser benchmark (bench/browser/run.ts) to dist/bench/browser.cjs with esbuild, as
// scripts/build-cli.mjs does for the Node benchmarks. `npm run bench:browser` builds and runs it.
import { build } from 'esbuild';
import { NODE_BUNDLE } from './node-bundle.mjs';

await build({
  entryPoints: { 'bench/browser': 'bench/browser/run.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  ...NODE_BUNDLE,
});
