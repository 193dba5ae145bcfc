/**
 * Instrumentation of engine internals for the benchmarks, without touching src/core: methods are
 * shadowed on one instance (or the prototype, for compaction timing) and restored afterwards.
 */
import { type Analysis, type CorpusIndex, PostingTable } from '@wiretrace/engine';
import { msSince } from './stats';

/** Time spent in PostingTable.compact while `fn` runs (auto-compactions inside `add` included). */
export function withCompactTiming<T>(fn: () => T): { value: T; ms: number; calls: number } {
  const proto = PostingTable.prototype;
  const original = proto.compact;
  let ms = 0;
  let calls = 0;
  proto.compact = function timedCompact(this: PostingTable, isLive?: (ord: number) => boolean): void {
    const start = process.hrtime.bigint();
    original.call(this, isLive);
    ms += msSince(start);
    calls++;
  };
  try {
    return { value: fn(), ms, calls };
  } finally {
    proto.compact = original;
  }
}

/** Posting-list entries `candidates()` visits, per channel, summed over the pages (one untimed pass). */
export interface Visits {
  fingerprints: number;
  passages: number;
}

/**
 * Count what `index.candidates()` really reads: the tables' `forEach` is shadowed on this instance for one
 * pass over the pages (so df limits, per-key read bounds and whatever else the engine does are honoured).
 */
export function countVisits(index: CorpusIndex, pages: Array<Pick<Analysis, 'fingerprints' | 'passageKeys'>>): Visits[] {
  let current: Visits = { fingerprints: 0, passages: 0 };
  const wrap = (table: PostingTable, channel: keyof Visits): void => {
    const original = table.forEach;
    table.forEach = function countingForEach(this: PostingTable, key: number, visit: (ord: number) => void, ...rest: unknown[]): void {
      const counted = (ord: number): void => {
        current[channel]++;
        visit(ord);
      };
      (original as (...args: unknown[]) => void).call(this, key, counted, ...rest);
    };
  };
  wrap(index.fingerprints, 'fingerprints');
  wrap(index.passages, 'passages');
  try {
    return pages.map((page) => {
      current = { fingerprints: 0, passages: 0 };
      index.candidates(page);
      return current;
    });
  } finally {
    Reflect.deleteProperty(index.fingerprints, 'forEach');
    Reflect.deleteProperty(index.passages, 'forEach');
  }
}
