/**
 * Scan results by a hash of everything they depend on, so that going back and forth between pages (or a
 * content script re-sending the same text) does not scan again, even after the worker restarted. Only the
 * scan result is kept (offsets and sources, no texts): the page text is in the request.
 *
 * The cache lives in memory, with `storage.session` as its durable copy: lookups never touch storage once
 * the worker has read it (the first lookup after a (re)start does), and writes go to memory at once and to
 * storage behind (write-behind, coalesced: one `set` for several results stored in a row). The worker can be
 * killed at any moment; a result whose write had not landed yet is only a miss after the restart.
 */
import browser from 'webextension-polyfill';
import type { ScanOptions, ScanResult } from '@wiretrace/engine';
import type { Settings } from '../shared/settings';
import { nextTask } from './tab-queue';

export const RESULTS_CACHE_KEY = 'results-cache';

/**
 * Results kept. A result is a few KB (spans and source metadata), so 32 stay far below storage.session's
 * 10 MB quota while covering a reading session's back-and-forth.
 */
export const MAX_CACHED_RESULTS = 32;

/**
 * Shape of a cached entry; 2: results carry the page facts. Entries of another version (a session that
 * outlived an update) are not read: a cache entry is a scan that can be run again, so such a lookup is a
 * miss and the page is scanned anew; the next write replaces them.
 */
export const RESULTS_CACHE_VERSION = 2;

interface CacheEntry {
  v: typeof RESULTS_CACHE_VERSION;
  key: string;
  result: ScanResult;
}

/** Most recent first. null until read from storage.session in this worker. */
let memory: CacheEntry[] | null = null;
let loading: Promise<CacheEntry[]> | null = null;
/** Storage writes and removals, in order: a clear is never overtaken by an older write. */
let writes: Promise<void> = Promise.resolve();
/** A write is queued and has not taken its snapshot yet (later results ride along with it). */
let writeQueued = false;
/** Bumped by every clear: a storage read that started before it must not bring old results back. */
let epoch = 0;

const hex = (digest: ArrayBuffer): string => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The cache key is `keyAt(contentDigest(…), generation)`: the text, the settings that change a scan, the URL
 * excluded as "the page itself" (the same text under another URL may match differently), and the corpus
 * generation. The SHA-256 covers all but the generation, so that it is computed while the generation is read.
 */
/** SHA-256 (hex) of the text, the scan settings and the excluded URL: the key without the generation. */
export async function contentDigest(text: string, settings: Settings, excludeUrl: ScanOptions['excludeUrl']): Promise<string> {
  const scanSettings = {
    minWords: settings.minWords,
    showQuotes: settings.showQuotes,
    showReworded: settings.showReworded,
    ignoredOutlets: settings.ignoredOutlets.map((o) => o.toLowerCase()).sort(),
  };
  const material = JSON.stringify([excludeUrl, scanSettings, text]);
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material)));
}

/** The cache key of a `contentDigest` at a corpus generation. */
export function keyAt(digest: string, generation: number): string {
  return `${generation}:${digest}`;
}

async function stored(): Promise<CacheEntry[]> {
  try {
    const got = await browser.storage.session.get(RESULTS_CACHE_KEY);
    const list = got[RESULTS_CACHE_KEY];
    if (!Array.isArray(list)) return [];
    return (list as CacheEntry[]).filter((e) => e && e.v === RESULTS_CACHE_VERSION && typeof e.key === 'string' && e.result).slice(0, MAX_CACHED_RESULTS);
  } catch {
    return []; // a cache that cannot be read is empty
  }
}

/** The cache, read from storage.session once per worker (concurrent first lookups share the read). */
function loaded(): CacheEntry[] | Promise<CacheEntry[]> {
  if (memory) return memory;
  const startedAt = epoch;
  loading ??= stored().then((read) => {
    loading = null;
    const list = startedAt === epoch ? read : [];
    // Results remembered while the read was in flight are newer than the stored ones.
    memory ??= [];
    const known = new Set(memory.map((e) => e.key));
    memory = [...memory, ...list.filter((e) => !known.has(e.key))].slice(0, MAX_CACHED_RESULTS);
    return memory;
  });
  return loading;
}

export async function cachedResult(key: string): Promise<ScanResult | null> {
  const list = await loaded();
  return list.find((e) => e.key === key)?.result ?? null;
}

/**
 * Remembers a result (most recent first; the oldest fall off past MAX_CACHED_RESULTS): in memory now, in
 * storage.session behind. Never throws; the returned promise resolves when the storage write landed (or failed).
 */
export function cacheResult(key: string, result: ScanResult): Promise<void> {
  const add = (list: CacheEntry[]): void => {
    memory = [{ v: RESULTS_CACHE_VERSION as typeof RESULTS_CACHE_VERSION, key, result }, ...list.filter((e) => e.key !== key)].slice(0, MAX_CACHED_RESULTS);
  };
  if (memory) {
    add(memory);
    return scheduleWrite();
  }
  // Not read in this worker yet: merge with the stored copy first, so that the write does not drop it.
  return Promise.resolve(loaded()).then((list) => {
    add(list);
    return scheduleWrite();
  });
}

function scheduleWrite(): Promise<void> {
  if (writeQueued) return writes;
  writeQueued = true;
  writes = writes.then(async () => {
    await nextTask(); // behind the answer of the check that stored the result
    writeQueued = false;
    const snapshot = memory ?? [];
    try {
      if (snapshot.length === 0) await browser.storage.session.remove(RESULTS_CACHE_KEY);
      else await browser.storage.session.set({ [RESULTS_CACHE_KEY]: snapshot });
    } catch {
      // storage.session full or unavailable: the result stays cached in memory only
    }
  });
  return writes;
}

/**
 * `storage.onChanged` listener: the durable copy was removed by someone else (an extension page, a test
 * harness): the memory copy goes too, so that removing it always means "scan again".
 */
export function onSessionChanged(changes: Record<string, { newValue?: unknown }>, area: string): void {
  if (area !== 'session' || !(RESULTS_CACHE_KEY in changes) || changes[RESULTS_CACHE_KEY].newValue !== undefined) return;
  if (writeQueued) return; // our own write is about to store what memory holds now
  memory = [];
  loading = null;
  epoch++;
}

export async function clearResultsCache(): Promise<void> {
  memory = [];
  loading = null;
  epoch++;
  writes = writes.then(async () => {
    try {
      await browser.storage.session.remove(RESULTS_CACHE_KEY);
    } catch {
      // nothing cached that could be read either
    }
  });
  await writes;
}
