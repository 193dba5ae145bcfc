/**
 * Scan results by a hash of everything they depend on, in `storage.session`, so that going back and forth
 * between pages (or a content script re-sending the same text) does not scan again, even after the worker
 * restarted. Only the scan result is kept (offsets and sources, no texts): the page text is in the request.
 */
import browser from 'webextension-polyfill';
import type { ScanResult } from '../core/types';
import type { Settings } from '../shared/settings';

export const RESULTS_CACHE_KEY = 'results-cache';

/**
 * Results kept. A result is a few KB (spans and source metadata), so 32 stay far below storage.session's
 * 10 MB quota while covering a reading session's back-and-forth.
 */
export const MAX_CACHED_RESULTS = 32;

interface CacheEntry {
  key: string;
  result: ScanResult;
}

/**
 * The cache key: the text, the settings that change a scan, the corpus generation, and the URL excluded
 * as "the page itself" (the same text under another URL may match differently).
 */
export async function resultsKey(text: string, settings: Settings, generation: number, excludeUrl: string | null): Promise<string> {
  const scanSettings = {
    minWords: settings.minWords,
    showQuotes: settings.showQuotes,
    showReworded: settings.showReworded,
    ignoredOutlets: settings.ignoredOutlets.map((o) => o.toLowerCase()).sort(),
  };
  const material = JSON.stringify([generation, excludeUrl, scanSettings, text]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function entries(): Promise<CacheEntry[]> {
  const got = await browser.storage.session.get(RESULTS_CACHE_KEY);
  const list = got[RESULTS_CACHE_KEY];
  return Array.isArray(list) ? (list as CacheEntry[]) : [];
}

export async function cachedResult(key: string): Promise<ScanResult | null> {
  try {
    return (await entries()).find((e) => e.key === key)?.result ?? null;
  } catch {
    return null; // a cache that cannot be read is a miss
  }
}

/** Most recent first; the oldest entries fall off past MAX_CACHED_RESULTS. */
export async function cacheResult(key: string, result: ScanResult): Promise<void> {
  try {
    const kept = (await entries()).filter((e) => e.key !== key).slice(0, MAX_CACHED_RESULTS - 1);
    await browser.storage.session.set({ [RESULTS_CACHE_KEY]: [{ key, result }, ...kept] });
  } catch {
    // storage.session full or unavailable: the result is still answered, just not cached
  }
}

export async function clearResultsCache(): Promise<void> {
  try {
    await browser.storage.session.remove(RESULTS_CACHE_KEY);
  } catch {
    // nothing cached that could be read either
  }
}
