import { Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { HeldEvents } from '../../formats/import/held-events';
import { ENTRY_HOLD_CHARS } from '../../formats/import/limits';
import type { ImportEvent } from '../../formats/import';
import { enc, importOne } from './helpers';

const A = '{"text":"alpha story"}\n{"text":"beta story"}\n';
const B = '{"text":"gamma story"}\n';

/** A zip written in streaming fashion (flag bit 3: CRC and sizes in a data descriptor after each entry's data). */
function streamedZip(files: Record<string, string>, stored: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    parts.push(data);
  });
  for (const [name, text] of Object.entries(files)) {
    const entry = stored ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    entry.push(enc(text), true);
  }
  zip.end();
  return Buffer.concat(parts);
}

/** Flips one letter of `needle` inside the (stored, uncompressed) archive bytes: the data stays readable, only wrong. */
function corrupt(zip: Uint8Array, needle: string): Uint8Array {
  const bad = zip.slice();
  const at = Buffer.from(bad).indexOf(needle);
  expect(at).toBeGreaterThan(0);
  bad[at] ^= 0x01; // "beta" → "ceta"
  return bad;
}

describe('zip entry checksums (CRC-32)', () => {
  it('skips an entry whose data does not match its checksum, names it, and keeps the other entries', async () => {
    for (const chunkSize of [7, 64, 1 << 16]) {
      const zip = corrupt(zipSync({ 'a.jsonl': enc(A), 'b.jsonl': enc(B) }, { level: 0 }), 'beta');
      const { records, summary } = await importOne('c.zip', zip, { chunkSize });
      expect(records.map((r) => r.text)).toEqual(['gamma story']);
      expect(summary.issues).toEqual([
        { file: 'c.zip/a.jsonl', line: null, reason: 'its data does not match its checksum (CRC-32): the archive is damaged; not imported' },
      ]);
    }
  });

  it('checks entries written with data descriptors (streamed zips), stored or deflated', async () => {
    for (const stored of [true, false]) {
      const good = await importOne('s.zip', streamedZip({ 'a.jsonl': A, 'b.jsonl': B }, stored), { chunkSize: 5 });
      expect(good.summary.issues).toEqual([]);
      expect(good.records.map((r) => r.text)).toEqual(['alpha story', 'beta story', 'gamma story']);
    }
    const bad = corrupt(streamedZip({ 'a.jsonl': A, 'b.jsonl': B }, true), 'gamma');
    for (const chunkSize of [3, 1 << 16]) {
      const { records, summary } = await importOne('s.zip', bad, { chunkSize });
      expect(records.map((r) => r.text)).toEqual(['alpha story', 'beta story']);
      expect(summary.issues.map((i) => [i.file, /does not match its checksum/.test(i.reason)])).toEqual([['s.zip/b.jsonl', true]]);
    }
  });

  it('passes the events of an entry too big to hold on before the check, and counts them', () => {
    const out: ImportEvent[] = [];
    const held = new HeldEvents((e) => out.push(e));
    const record = (text: string): ImportEvent => ({ type: 'record', record: { id: text.slice(0, 3), title: null, outlet: null, url: null, published: null, text }, file: 'x', line: 1 });
    held.push(record('small'));
    expect(out).toHaveLength(0);
    held.push(record('x'.repeat(ENTRY_HOLD_CHARS)));
    held.push(record('after'));
    expect(out).toHaveLength(3);
    expect(held.passedRecords).toBe(3);

    const dropped: ImportEvent[] = [];
    const small = new HeldEvents((e) => dropped.push(e));
    small.push(record('one'));
    small.push({ type: 'issue', issue: { file: 'x', line: 2, reason: 'line 2: bad' } });
    expect(small.discard()).toBe(1);
    small.push({ type: 'issue', issue: { file: 'x', line: null, reason: 'damaged' } });
    expect(dropped.map((e) => e.type)).toEqual(['issue']);
  });
});
