/**
 * tools/browser/find-browsers.ts as root with apt-get and no browser: it says what it will install and why
 * before it runs apt-get (child_process and the file checks are faked: nothing is installed).
 */
const events: string[] = [];

jest.mock('node:child_process', () => ({
  spawnSync: jest.fn((cmd: string, args: string[]) => {
    events.push(`run ${cmd} ${args.filter((a) => !a.startsWith('-')).join(' ')}`);
    return { status: 0 };
  }),
}));

jest.mock('node:fs', () => ({
  ...jest.requireActual<typeof import('node:fs')>('node:fs'),
  // Only apt-get exists: no browser anywhere.
  accessSync: jest.fn((path: string) => {
    if (!String(path).endsWith('/apt-get')) throw new Error('ENOENT');
  }),
}));

import { aptNotice, BrowserNotFoundError, findChromium } from '../../tools/browser/find-browsers';

test('the notice names the missing browser, the packages, the reason and how to avoid it', () => {
  const text = aptNotice({ env: 'CHROMIUM_PATH', label: 'Chromium', names: ['chromium', 'google-chrome'] });
  expect(text).toMatch(/Chromium was not found \(\$CHROMIUM_PATH is not set; looked for chromium, google-chrome\)/);
  expect(text).toMatch(/apt-get install chromium firefox-esr fonts-noto-cjk/);
  expect(text).toMatch(/end-to-end tests/);
  expect(text).toMatch(/fonts-noto-cjk: fonts for the Chinese, Japanese and Korean test pages/);
  expect(text).toMatch(/set CHROMIUM_PATH \/ FIREFOX_PATH/);
});

test('as root, the notice is printed before apt-get runs', () => {
  const saved = process.env.CHROMIUM_PATH;
  delete process.env.CHROMIUM_PATH;
  const getuid = jest.spyOn(process, 'getuid').mockReturnValue(0);
  try {
    expect(() => findChromium({ log: (m) => events.push(`log ${m.split('\n')[0]}`) })).toThrow(BrowserNotFoundError);
  } finally {
    getuid.mockRestore();
    if (saved !== undefined) process.env.CHROMIUM_PATH = saved;
  }
  expect(events).toEqual([
    expect.stringMatching(/^log \[find-browsers\] Chromium was not found/),
    'run apt-get update',
    'run apt-get install chromium firefox-esr fonts-noto-cjk',
    'log [find-browsers] installed chromium firefox-esr fonts-noto-cjk',
  ]);
});
