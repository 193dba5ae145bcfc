/** Shared fixtures of the store tests: the demo corpus, synthetic records, a unique database per test. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDB } from 'idb';
import { reuseLevel, type CorpusRecord } from '@wiretrace/engine';
import type { WireTraceDB } from '../../src/store/idb/schema';
import { HISTORY_VERSION, type HistoryEntry } from '../../src/store/history/history-entry';
import { SCHEMA_VERSION } from '../../src/store/api';
import { filler, rng } from '../../src/core/test/support/text-gen';

export const DEMO_JSONL = readFileSync(join(__dirname, '../../data/demo-corpus.jsonl'), 'utf8');
export const DEMO_RECORDS: CorpusRecord[] = DEMO_JSONL.trim()
  .split('\n')
  .map((l) => JSON.parse(l) as CorpusRecord);

let dbCounter = 0;
/** A database name no other test uses (fake-indexeddb keeps every database for the whole file). */
export function freshName(): string {
  return `wiretrace-test-${process.pid}-${++dbCounter}`;
}

const OUTLETS = ['Daily Planet', 'The Bugle', 'daily planet', 'Gazette', null];

/** `n` synthetic articles with distinct texts, rotating outlets and dates. */
export function syntheticRecords(n: number, seed = 1, prefix = 'syn'): CorpusRecord[] {
  const rand = rng(seed);
  const out: CorpusRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: `${prefix}-${i}`,
      title: `Story ${i} about ${filler(rand, 3).split(' ').slice(0, 3).join(' ')}`,
      outlet: OUTLETS[i % OUTLETS.length],
      url: `https://news.example/${prefix}/${i}`,
      published: i % 7 === 0 ? null : `2024-0${1 + (i % 9)}-1${i % 10}`,
      text: filler(rand, 60 + (i % 40)),
    });
  }
  return out;
}

export function toJsonl(records: readonly CorpusRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** A raw connection to the store's database, to look under the hood or to plant rows. */
export function rawDb(name: string): ReturnType<typeof openDB<WireTraceDB>> {
  return openDB<WireTraceDB>(name, SCHEMA_VERSION);
}

/**
 * Polls `read` until `accept` holds (imports write a batch shortly after handing it to the index keeper,
 * so a test that stalls its source waits for the write rather than assuming it already happened).
 */
export async function waitUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A reading-history entry for `key` checked at `checkedAt`, with no sources unless the patch gives some. */
export function historyEntry(key: string, checkedAt: string, patch: Partial<HistoryEntry> = {}): HistoryEntry {
  const e: Omit<HistoryEntry, 'level'> & Partial<HistoryEntry> = {
    v: HISTORY_VERSION,
    key,
    url: `https://${key}`,
    title: `Title of ${key}`,
    outlet: 'The Paper',
    checkedAt,
    words: 500,
    sourceCount: 0,
    share: 0,
    sources: [],
    ...patch,
  };
  // The level the scan of such a page had (as the background records it), unless the test sets one.
  return { level: reuseLevel(e.share, e.sourceCount), ...e };
}

/** All the chunks of a byte stream, joined. */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

/** The bytes as a stream of `size`-byte chunks. */
export async function* chunkedBytes(bytes: Uint8Array, size = 4096): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
