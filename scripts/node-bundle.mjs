// The esbuild options of every Node bundle in dist/ (the CLI, the benchmarks, npm start's demo): CommonJS
// for Node 20, npm dependencies left in node_modules (jsdom in particular must not be bundled), source maps.
// The engine is not external: it is a workspace package of TypeScript source (@wiretrace/engine in
// src/core) and is bundled (scripts/externals.mjs).
import { nodeExternals } from './externals.mjs';

export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: nodeExternals(),
  sourcemap: true,
  logLevel: 'warning',
};
