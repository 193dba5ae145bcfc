// Builds the Node entry points (the `wiretrace` CLI, its worker, the benchmarks) with esbuild.
// Run by `npm ci` through the `prepare` script, so `npx wiretrace` works right after install.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { NODE_BUNDLE } from './node-bundle.mjs';

const entries = {
  'cli/wiretrace': 'src/cli/main.ts',
  'cli/scan-worker': 'src/cli/scan-worker.ts',
};
if (existsSync('bench/run.ts')) entries['bench/run'] = 'bench/run.ts';

await build({
  entryPoints: entries,
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  ...NODE_BUNDLE,
});
