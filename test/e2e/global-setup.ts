/**
 * Before the e2e tests: the browsers must exist (find-browsers installs them with apt-get when running as
 * root, or stops with what to install), and the extension must be built. `npm test` builds first; running
 * `npm run test:e2e` alone builds when dist/chrome, dist/chrome-per-site or dist/firefox is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findChromium, findFirefox } from '../../tools/browser';

export default function globalSetup(): void {
  const root = resolve(__dirname, '../..');
  const chromium = findChromium();
  const firefox = findFirefox();
  process.stderr.write(`\n[e2e] chromium: ${chromium}; firefox: ${firefox}\n`);
  if (!['dist/chrome', 'dist/chrome-per-site', 'dist/firefox'].every((d) => existsSync(join(root, d, 'manifest.json')))) {
    process.stderr.write('[e2e] building the extension (dist/chrome, dist/chrome-per-site, dist/firefox)…\n');
    const r = spawnSync(process.execPath, ['scripts/build-extension.mjs'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the extension build failed');
  }
}
