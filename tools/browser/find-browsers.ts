/**
 * Finds the browsers that the e2e tests, the browser benchmark and `npm start` drive.
 *   findChromium(): $CHROMIUM_PATH, then chromium, chromium-browser, google-chrome(-stable) on the PATH/usual places
 *   findFirefox():  $FIREFOX_PATH, then firefox-esr, firefox
 * When a browser is missing and we run as root on a machine with apt-get (a CI container), it says what it
 * will install and why (`aptNotice`), then installs `chromium firefox-esr fonts-noto-cjk` once; otherwise it throws a BrowserNotFoundError that says what to
 * install or which variable to set.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export class BrowserNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserNotFoundError';
  }
}

export interface FindOptions {
  /** Try `apt-get install` when missing and running as root (default true). */
  install?: boolean;
  log?: (message: string) => void;
}

export interface BrowserSpec {
  env: string;
  names: string[];
  label: string;
}

const CHROMIUM: BrowserSpec = { env: 'CHROMIUM_PATH', names: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'], label: 'Chromium' };
const FIREFOX: BrowserSpec = { env: 'FIREFOX_PATH', names: ['firefox-esr', 'firefox'], label: 'Firefox' };
const APT_PACKAGES = ['chromium', 'firefox-esr', 'fonts-noto-cjk'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function lookup(names: readonly string[]): string | null {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/local/bin', '/snap/bin'];
  for (const name of names) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutable(path)) return path;
    }
  }
  return null;
}

let installAttempted = false;

/**
 * What `aptInstall` is about to do, and why, printed before it starts: installing system packages is not
 * something a test run should do unannounced.
 */
export function aptNotice(missing: Pick<BrowserSpec, 'env' | 'label' | 'names'>): string {
  return [
    `[find-browsers] ${missing.label} was not found ($${missing.env} is not set; looked for ${missing.names.join(', ')}).`,
    '[find-browsers] The end-to-end tests, `npm start` and the browser benchmark drive real browsers, so, as you are root',
    `[find-browsers] on a system with apt-get, it now runs: apt-get update && apt-get install ${APT_PACKAGES.join(' ')}`,
    '[find-browsers]   (chromium and firefox-esr: the two browsers; fonts-noto-cjk: fonts for the Chinese, Japanese and Korean test pages).',
    '[find-browsers] To avoid this, install them yourself, or set CHROMIUM_PATH / FIREFOX_PATH to a browser\'s executable.',
  ].join('\n');
}

/** Installs the browsers with apt-get when we are root and apt-get exists, saying so first; returns whether it ran. */
function aptInstall(missing: BrowserSpec, log: (message: string) => void): boolean {
  if (installAttempted) return false;
  installAttempted = true;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0 || !lookup(['apt-get'])) return false;
  log(aptNotice(missing));
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const opts = { stdio: ['ignore', 'ignore', 'inherit'] as ('ignore' | 'inherit')[], env };
  const update = spawnSync('apt-get', ['update', '-qq'], opts);
  if (update.status !== 0) log('[find-browsers] apt-get update failed');
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES], opts);
  log(install.status === 0 ? `[find-browsers] installed ${APT_PACKAGES.join(' ')}` : '[find-browsers] apt-get install failed');
  return true;
}

function find(spec: BrowserSpec, { install = true, log = (m: string) => void process.stderr.write(`${m}\n`) }: FindOptions = {}): string {
  const fromEnv = process.env[spec.env];
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new BrowserNotFoundError(`${spec.env} is set to ${fromEnv}, which is not an executable file.`);
  }
  const found = lookup(spec.names);
  if (found) return found;
  if (install && aptInstall(spec, log)) {
    const again = lookup(spec.names);
    if (again) return again;
  }
  throw new BrowserNotFoundError(
    `${spec.label} was not found (looked for ${spec.names.join(', ')}).\n` +
      `Install it (Debian/Ubuntu: sudo apt-get install ${APT_PACKAGES.join(' ')}), ` +
      `or set ${spec.env} to the browser's executable, e.g. ${spec.env}=/path/to/${spec.names[0]}.`,
  );
}

/** The Chromium executable (throws BrowserNotFoundError with instructions when there is none). */
export function findChromium(options?: FindOptions): string {
  return find(CHROMIUM, options);
}

/** The Firefox executable (throws BrowserNotFoundError with instructions when there is none). */
export function findFirefox(options?: FindOptions): string {
  return find(FIREFOX, options);
}

/** True when a display is available for a headed browser (and we are not on CI). */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return false;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
