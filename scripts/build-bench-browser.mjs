// Bundles the browser benchmark (bench/browser/run.ts) to dist/bench/browser.cjs with esbuild, as
// scripts/build-cli.mjs does for the Node benchmarks. `npm run bench:browser` builds and runs it.
import { build } from 'esbuild';
import { nodeExternals } from './externals.mjs';

await build({
  entryPoints: { 'bench/browser': 'bench/browser/run.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Dependencies stay in node_modules; the engine is bundled (scripts/externals.mjs).
  external: nodeExternals(),
  sourcemap: true,
  logLevel: 'warning',
});
