/**
 * Which captured articles go when the captured set passes its limits (settings `captureLimits`): first
 * those older than `days`, then the oldest until at most `articles` remain, then the oldest until their
 * text fits in `megabytes`. Pure, so that the rule is tested on its own (test/store/capture-limits.test.ts).
 */
import type { CaptureLimits } from '../../shared/settings';

/** What the rule needs of a captured article. */
export interface CapturedEntry {
  id: string;
  /** ISO time it was captured (the record's `addedAt`). */
  addedAt: string;
  /** Size of its text in bytes (UTF-8, uncompressed). */
  textBytes: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MEGABYTE = 1024 * 1024;

/** Ids to delete, oldest first. `now` in ms since the epoch. */
export function capturedToEvict(entries: readonly CapturedEntry[], limits: CaptureLimits, now: number): string[] {
  const time = (e: CapturedEntry): number => {
    const t = Date.parse(e.addedAt);
    // An unreadable time sorts first: it goes before any article whose age is known.
    return Number.isFinite(t) ? t : -Infinity;
  };
  const oldestFirst = [...entries].sort((a, b) => time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const cutoff = now - limits.days * DAY_MS;
  let first = 0;
  while (first < oldestFirst.length && time(oldestFirst[first]) < cutoff) first++;
  first = Math.max(first, oldestFirst.length - limits.articles);
  let bytes = 0;
  for (let i = first; i < oldestFirst.length; i++) bytes += oldestFirst[i].textBytes;
  const maxBytes = limits.megabytes * MEGABYTE;
  while (first < oldestFirst.length && bytes > maxBytes) bytes -= oldestFirst[first++].textBytes;
  return oldestFirst.slice(0, first).map((e) => e.id);
}
