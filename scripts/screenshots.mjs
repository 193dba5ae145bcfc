#!/usr/bin/env node
// `npm run screenshots`: the one command that rewrites docs/screenshots/*.png (shown in the README). It builds
// the CLI and the extension, then runs every e2e suite that takes screenshots (a test/e2e/*.e2e.test.ts that
// calls `.screenshot(`) with WIRETRACE_SCREENSHOTS=1, which sends them to docs/screenshots/
// (tools/browser/paths.ts). `npm test` runs the same suites without it: their screenshots go to
// test-output/screenshots/ (ignored by git), so a test run leaves the checkout as it was.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const E2E = join(ROOT, 'test/e2e');
const suites = readdirSync(E2E)
  .filter((f) => f.endsWith('.e2e.test.ts') && /\.screenshot\(/.test(readFileSync(join(E2E, f), 'utf8')))
  .sort()
  .map((f) => `test/e2e/${f}`);

function run(args, env = process.env) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env, cwd: ROOT });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

console.log(`screenshots: building, then ${suites.join(', ')} write docs/screenshots/`);
run(['scripts/build-cli.mjs']);
run(['scripts/build-extension.mjs']);
// Paths first: after --selectProjects, jest would take them as project names.
run(['node_modules/jest/bin/jest.js', ...suites, '--selectProjects', 'e2e', '--runInBand'], { ...process.env, WIRETRACE_SCREENSHOTS: '1' });
