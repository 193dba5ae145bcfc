// The esbuild options of every Node bundle in dist/ (the CLI, the benchmarks, npm start's demo): CommonJS
// for Node 20, dependencies left in node_modules (jsdom in particular must not be bundled), source maps.
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};
