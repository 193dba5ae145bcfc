/** Screenshots are written to the tracked docs/screenshots/ only under `npm run screenshots` (tools/browser/paths.ts). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SCREENSHOTS_VAR, screenshotDir, screenshotPath } from '../../tools/browser/paths';

test('npm test sends screenshots to test-output/ (ignored by git); npm run screenshots to docs/screenshots/', () => {
  expect(screenshotDir({})).toBe(join(ROOT, 'test-output/screenshots'));
  expect(screenshotDir({ [SCREENSHOTS_VAR]: '0' })).toBe(join(ROOT, 'test-output/screenshots'));
  expect(screenshotDir({ [SCREENSHOTS_VAR]: '1' })).toBe(join(ROOT, 'docs/screenshots'));
  expect(screenshotPath('popup', {})).toBe(join(ROOT, 'test-output/screenshots/popup.png'));
  expect(existsSync(join(ROOT, 'test-output/screenshots'))).toBe(true); // made on demand
  expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('test-output/');
});

test('package.json runs the screenshot suites with the variable set', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.screenshots).toBe('node scripts/screenshots.mjs');
  expect(readFileSync(join(ROOT, 'scripts/screenshots.mjs'), 'utf8')).toContain(`${SCREENSHOTS_VAR}: '1'`);
});
