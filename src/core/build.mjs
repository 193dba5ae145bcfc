// Builds the engine as a package of its own: an ESM bundle per entry (dist/index.js, dist/formats.js) and
// their type declarations (dist/*.d.ts). Its npm dependencies stay imports. `npm run build -w @wiretrace/engine`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, 'dist');
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: here,
  entryPoints: { index: 'index.ts', formats: 'formats.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: Object.keys(pkg.dependencies),
  sourcemap: true,
  logLevel: 'warning',
});
execFileSync(
  process.execPath,
  [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.formats.json', '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--outDir', outdir],
  { cwd: here, stdio: 'inherit' },
);
