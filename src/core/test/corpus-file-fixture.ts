/**
 * Shared setup of the corpus file tests (corpus-file-*.test.ts): a seeded corpus with pages that match it,
 * scan results to compare, header edits, and a writer of format-1 files.
 */
import { deflateSync, strToU8 } from 'fflate';
import { ByteReader, ByteWriter } from '../binary';
import { MemoryCorpus } from '../corpus';
import { MAGIC, writeCorpus } from '../corpus-file';
import type { CorpusRecord } from '../types';
import { excerptPages, paragraphs, randInt, rng } from './support/text-gen';

export interface Fixture {
  corpus: MemoryCorpus;
  pages: string[];
  removedId: string;
}

/** A corpus with dated and undated records, a removed record, and pages that match several of them. */
export function fixture(seed: number, noise: number): Fixture {
  const rand = rng(seed);
  const corpus = new MemoryCorpus();
  const records: CorpusRecord[] = [];
  for (let i = 0; i < noise; i++) {
    records.push({
      id: `doc-${i}`,
      title: i % 3 === 0 ? null : `Title “${i}”`,
      outlet: i % 2 ? 'Outlet A' : 'Outlet Ä',
      url: i % 4 ? `https://example.com/${i}` : null,
      published: i % 5 === 0 ? null : `2024-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:00:00Z`,
      text: paragraphs(rand, randInt(rand, 1, 4), 60).join('\n\n'),
    });
  }
  for (const r of records) corpus.add(r);
  const removedId = 'doc-3';
  corpus.remove(removedId);
  const pages = excerptPages(rand, records.map((r) => r.text), 4);
  // And one page holding the removed document's text.
  pages.push(records[3].text);
  return { corpus, pages, removedId };
}

export interface WrittenFixture extends Fixture {
  /** The corpus written as a file (with records). */
  bytes: Uint8Array;
  /** The scan results of the pages on the corpus itself. */
  expected: unknown[];
}

/** `fixture(seed, noise)`, written, and its pages scanned. */
export function writtenFixture(seed: number, noise: number): WrittenFixture {
  const fx = fixture(seed, noise);
  return { ...fx, bytes: writeCorpus(fx.corpus), expected: scans(fx.corpus, fx.pages) };
}

export function scans(c: MemoryCorpus, pages: string[]): unknown[] {
  return pages.map((p) => c.scan(p));
}

/** The file with its header JSON replaced (the rest of the bytes unchanged). */
export function patchHeader(bytes: Uint8Array, edit: (header: Record<string, unknown>) => void): Uint8Array {
  const r = new ByteReader(bytes);
  const magic = r.raw(4);
  const version = r.u8();
  const header = JSON.parse(r.string()) as Record<string, unknown>;
  edit(header);
  const w = new ByteWriter();
  w.raw(magic);
  w.u8(version);
  w.string(JSON.stringify(header));
  w.raw(bytes.subarray(r.pos));
  return w.finish();
}

/** The file with an empty creation time, so that two writes of one corpus compare equal byte for byte. */
export function withoutCreated(bytes: Uint8Array): Uint8Array {
  return patchHeader(bytes, (h) => void (h.created = ''));
}

export function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

/**
 * A format-1 file (one deflate block of records) of `records`, with `engine` in its header; `postings` writes
 * both posting tables.
 */
export function writeFormat1(records: CorpusRecord[], engine: unknown, postings: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter();
  for (const ch of MAGIC) w.u8(ch.charCodeAt(0));
  w.u8(1);
  w.string(JSON.stringify({ engine, docs: records.length, created: 'x' }));
  for (const r of records) {
    w.u8(1);
    w.string(r.id);
    w.varint(0);
    w.varint(1);
  }
  postings(w);
  w.u8(1);
  w.bytes(deflateSync(strToU8(records.map((r) => JSON.stringify(r)).join('\n'))));
  return w.finish();
}
