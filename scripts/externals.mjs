// What the Node bundles (CLI, benchmarks) leave in node_modules: every npm dependency of the repository
// (jsdom in particular must not be bundled), and a package's subpaths with it. Not the engine: it is a
// workspace package of TypeScript source (@wiretrace/engine in src/core) and is bundled.
import { readFileSync } from 'node:fs';

export function nodeExternals() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
}
