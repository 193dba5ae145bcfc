/**
 * The settings as the background uses them, kept in memory: a check must not wait for a storage read.
 * Dropped when they change (the options page's `settings-changed` message, and `storage.onChanged` for any
 * other writer: the popup, the keyboard command, another window, another browser through storage.sync); the next use reads them again. A worker
 * restart starts empty, so nothing stale survives it.
 */
import browser from 'webextension-polyfill';
import { loadSettings, SETTINGS_KEY, type Settings } from '../shared/settings';

let cached: Promise<Settings> | null = null;

/** The current settings (read from storage.local at most once between changes). Never rejects. */
export function currentSettings(): Promise<Settings> {
  cached ??= loadSettings();
  return cached;
}

/** Forget the cached settings: the next `currentSettings()` reads them again. */
export function invalidateSettings(): void {
  cached = null;
}

/**
 * `storage.onChanged` listener: drops the cache when the stored settings change, in this browser (local) or
 * from another one (sync), and calls `then` (the content script's registration follows the site lists).
 */
export function onStorageChanged(changes: Record<string, unknown>, area: string, then?: () => void): void {
  if ((area === 'local' || area === 'sync') && SETTINGS_KEY in changes) {
    invalidateSettings();
    then?.();
  }
}

/** Registers the listener (synchronously at worker start, with the others). */
export function watchSettings(then?: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => onStorageChanged(changes, area, then));
}
