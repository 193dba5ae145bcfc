/**
 * Results per page in memory, so that going back and forth in a single-page app (or a re-check that finds the
 * same text) costs no new `check-page` message. Keyed by the URL without its fragment (an anchor jump is the
 * same page) and a hash of the exact text sent; the text itself is kept and compared on lookup, so a hash
 * collision can never return another page's result. Dropped on `recheck` (settings or corpus changed).
 */
import { hashString } from '@wiretrace/engine';

/**
 * Entries kept. An entry holds the page's text (its key) and its scan result (tens of kilobytes); a reader seldom goes back
 * more than a handful of pages in one tab, so a few dozen bound the memory without losing useful entries.
 */
export const MAX_CACHED_PAGES = 24;

export function cacheKey(url: string, text: string): string {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  return `${base}\n${text.length}:${hashString(text)}`;
}

/** A least-recently-used map from (URL, text) to a result. */
export class CheckCache<V> {
  private readonly entries = new Map<string, { text: string; value: V }>();

  constructor(private readonly max = MAX_CACHED_PAGES) {}

  get(url: string, text: string): V | undefined {
    const key = cacheKey(url, text);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.text !== text) return undefined;
    // Re-insert: a Map keeps insertion order, so its first key is always the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(url: string, text: string, value: V): void {
    const key = cacheKey(url, text);
    this.entries.delete(key);
    this.entries.set(key, { text, value });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
