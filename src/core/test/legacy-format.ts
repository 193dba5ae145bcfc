/**
 * Writers of corpus file format 2, as `writeCorpus` and `PostingTable.write` wrote it before format 3
 * (kept here so that tests can make format-2 files of any corpus; the committed fixtures in
 * src/core/test/fixtures were written by the real format-2 writer).
 */
import { analyze } from '../analysis';
import { ByteWriter } from '../binary';
import { chunkRecords } from '../chunked-records';
import type { MemoryCorpus } from '../corpus';
import { ENGINE_PARAMS, MAGIC } from '../corpus-file';
import type { CorpusRecord } from '../types';

/** The format-2 posting layout: nKeys, then per key in increasing order: key delta, count, ordinal deltas. */
export function writeLegacyTable(w: ByteWriter, ref: Map<number, Iterable<number>>): void {
  const keys = [...ref.keys()].filter((k) => [...ref.get(k)!].length > 0).sort((a, b) => a - b);
  w.varint(keys.length);
  let prevKey = 0;
  for (const k of keys) {
    const ords = [...new Set(ref.get(k)!)].sort((a, b) => a - b);
    w.varint(k - prevKey);
    prevKey = k;
    w.varint(ords.length);
    let prev = 0;
    for (const o of ords) {
      w.varint(o - prev);
      prev = o;
    }
  }
}

/**
 * A format-2 file of `corpus` (postings recomputed from the live records' texts, which is what the index
 * holds for them). `created` is the header's creation time.
 */
export function writeFormat2(corpus: MemoryCorpus, opts: { includeRecords?: boolean; created?: string } = {}): Uint8Array {
  const index = corpus.index;
  const w = new ByteWriter();
  for (const c of MAGIC) w.u8(c.charCodeAt(0));
  w.u8(2);
  w.string(JSON.stringify({ engine: ENGINE_PARAMS, docs: index.ordinalCount, created: opts.created ?? new Date().toISOString() }));
  const fingerprints = new Map<number, number[]>();
  const passages = new Map<number, number[]>();
  const records: CorpusRecord[] = [];
  for (let ord = 0; ord < index.ordinalCount; ord++) {
    const doc = index.doc(ord);
    if (!doc) {
      w.u8(0);
      continue;
    }
    w.u8(1);
    w.string(doc.id);
    w.varint(doc.published === null ? 0 : (doc.published >= 0 ? doc.published * 2 : -doc.published * 2 - 1) + 1);
    w.varint(doc.words);
    const record = corpus.record(ord)!;
    records.push(record);
    const a = analyze(record.text);
    for (const k of a.fingerprints) fingerprints.set(k, [...(fingerprints.get(k) ?? []), ord]);
    for (const k of a.passageKeys) passages.set(k, [...(passages.get(k) ?? []), ord]);
  }
  writeLegacyTable(w, fingerprints);
  writeLegacyTable(w, passages);
  if (opts.includeRecords ?? true) {
    w.u8(2);
    const chunks = chunkRecords(records, 6);
    w.varint(chunks.length);
    for (const c of chunks) w.bytes(c);
  } else {
    w.u8(0);
  }
  return w.finish();
}
