/** Shared fixtures of the store tests: the demo corpus, synthetic records, a unique database per test. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDB } from 'idb';
import type { CorpusRecord } from '@wiretrace/engine';
import type { WireTraceDB } from '../../src/store/schema';
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
