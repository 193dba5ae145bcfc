import { deflateSync, strToU8 } from 'fflate';
import { analyze } from '../analysis';
import { ByteReader, ByteWriter } from '../binary';
import { MemoryCorpus } from '../corpus';
import {
  CorpusFileError,
  ENGINE_PARAMS,
  FORMAT_VERSION,
  isCorpusFile,
  MAGIC,
  readCorpus,
  rebuild,
  writeCorpus,
} from '../corpus-file';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PostingTable } from '../posting-table';
import type { CorpusRecord } from '../types';
import { filler, paragraphs, randInt, rng, sentence } from './helpers';
import { writeFormat2 } from './legacy-format';

interface Fixture {
  corpus: MemoryCorpus;
  pages: string[];
  removedId: string;
}

/** A corpus with dated and undated records, a removed record, and pages that match several of them. */
function fixture(seed: number, noise: number): Fixture {
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
  const pages: string[] = [];
  for (let p = 0; p < 4; p++) {
    const parts = [filler(rand, 80)];
    for (let k = 0; k < 3; k++) {
      const src = records[randInt(rand, 0, records.length - 1)].text;
      const from = randInt(rand, 0, Math.max(0, src.length - 300));
      const cut = src.slice(from, from + 250);
      parts.push(cut.slice(cut.indexOf(' ') + 1, cut.lastIndexOf(' ')), filler(rand, 40));
    }
    pages.push(parts.join(' '));
  }
  // And one page holding the removed document's text.
  pages.push(records[3].text);
  return { corpus, pages, removedId };
}

function scans(c: MemoryCorpus, pages: string[]): unknown[] {
  return pages.map((p) => c.scan(p));
}

/** The file with its header JSON replaced (the rest of the bytes unchanged). */
function patchHeader(bytes: Uint8Array, edit: (header: Record<string, unknown>) => void): Uint8Array {
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

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('corpus file', () => {
  const fx = fixture(42, 40);
  const bytes = writeCorpus(fx.corpus);
  const expected = scans(fx.corpus, fx.pages);

  test('the fixture pages do match (so equal results mean something)', () => {
    const results = expected as Array<{ matches: unknown[] }>;
    expect(results.slice(0, 4).every((r) => r.matches.length > 0)).toBe(true);
    // The removed document's own text matches nothing of it.
    expect(JSON.stringify(results[4])).not.toContain(`"${fx.removedId}"`);
  });

  test('write → read round trip: same records, same index metadata, same scan results', () => {
    expect(isCorpusFile(bytes)).toBe(true);
    const { corpus, migrated } = readCorpus(bytes);
    expect(migrated).toBe(false);
    expect([...corpus.all()]).toEqual([...fx.corpus.all()]);
    expect(corpus.size).toBe(fx.corpus.size);
    expect(corpus.index.ordinalCount).toBe(fx.corpus.index.ordinalCount);
    for (let ord = 0; ord < corpus.index.ordinalCount; ord++) expect(corpus.index.doc(ord)).toEqual(fx.corpus.index.doc(ord));
    expect(scans(corpus, fx.pages)).toEqual(expected);
    // Writing the loaded corpus again gives the same bytes, except the creation time in the header.
    const again = writeCorpus(corpus);
    const strip = (b: Uint8Array): Uint8Array => patchHeader(b, (h) => void (h.created = ''));
    expect(Buffer.from(strip(again)).equals(Buffer.from(strip(bytes)))).toBe(true);
  });

  test('a loaded corpus keeps working: new records are indexed and found', () => {
    const { corpus } = readCorpus(bytes);
    const text = filler(rng(7), 120);
    corpus.add({ id: 'new', title: null, outlet: null, url: null, published: null, text });
    const result = corpus.scan(`${filler(rng(8), 50)} ${text}`);
    expect(result.matches.map((m) => m.source.id)).toContain('new');
    expect(corpus.add({ id: 'doc-1', title: null, outlet: null, url: null, published: null, text: 'x' })).toBe(false);
  });

  test('removed documents are not in the file', () => {
    const { corpus } = readCorpus(bytes);
    expect(corpus.get(fx.removedId)).toBeUndefined();
    expect(corpus.index.has(fx.removedId)).toBe(false);
    expect([...corpus.all()].some((r) => r.id === fx.removedId)).toBe(false);
    expect(corpus.index.doc(3)).toBeNull();
    expect(corpus.index.doc(4)).not.toBeNull();
    // Nor its postings: its own text finds nothing of it.
    expect(JSON.stringify(corpus.scan(fx.pages[4]))).not.toContain(`"${fx.removedId}"`);
    // Nor its id, anywhere in the uncompressed part of the file (ids are stored as one concatenated string).
    const withoutRecords = writeCorpus(fx.corpus, { includeRecords: false });
    expect(Buffer.from(withoutRecords).includes(Buffer.from('doc-4'))).toBe(true);
    const c = new MemoryCorpus();
    for (const id of ['keep-1', 'gone-zqx', 'keep-2']) c.add({ id, title: null, outlet: null, url: null, published: null, text: `Text of ${id} about the harbour.` });
    c.remove('gone-zqx');
    const file = Buffer.from(writeCorpus(c, { includeRecords: false }));
    expect(file.includes(Buffer.from('gone-zqx'))).toBe(false);
    expect(file.includes(Buffer.from('keep-1keep-2'))).toBe(true);
  });

  test('without records: the index loads, records are absent', () => {
    const b = writeCorpus(fx.corpus, { includeRecords: false });
    expect(b.length).toBeLessThan(bytes.length);
    const { corpus, migrated } = readCorpus(b);
    expect(migrated).toBe(false);
    expect(corpus.size).toBe(fx.corpus.size);
    expect([...corpus.all()]).toEqual([]);
    for (let ord = 0; ord < corpus.index.ordinalCount; ord++) expect(corpus.index.doc(ord)).toEqual(fx.corpus.index.doc(ord));
    // Candidates come from the index alone.
    const page = fx.pages[0];
    const ids = (c: MemoryCorpus): number[] => c.index.candidates(analyze(page)).map((x) => x.ord);
    expect(ids(corpus).length).toBeGreaterThan(0);
    expect(ids(corpus)).toEqual(ids(fx.corpus));
    // With no texts to align against, a scan reports nothing.
    expect(corpus.scan(page).matches).toEqual([]);
  });

  test('an empty corpus round-trips', () => {
    const { corpus, migrated } = readCorpus(writeCorpus(new MemoryCorpus()));
    expect(migrated).toBe(false);
    expect(corpus.size).toBe(0);
    expect(corpus.scan('some page text that matches nothing at all').matches).toEqual([]);
  });

  test('truncated files are refused with a clear CorpusFileError', () => {
    const small = writeCorpus(fixture(9, 4).corpus);
    for (let len = 0; len < small.length; len++) {
      const e = errorOf(() => readCorpus(small.subarray(0, len)));
      if (!(e instanceof CorpusFileError)) throw new Error(`length ${len}: ${e.constructor.name}: ${e.message}`);
      expect(e.message).toMatch(len < 4 ? /not a WireTrace corpus file/ : /damaged or truncated/);
    }
    expect(() => readCorpus(small)).not.toThrow();
  });

  test('wrong magic is refused', () => {
    const b = bytes.slice();
    b[0] = 'X'.charCodeAt(0);
    expect(isCorpusFile(b)).toBe(false);
    const e = errorOf(() => readCorpus(b));
    expect(e).toBeInstanceOf(CorpusFileError);
    expect(e.message).toMatch(/not a WireTrace corpus file/);
    expect(isCorpusFile(new TextEncoder().encode(`${MAGIC}`))).toBe(true);
    expect(isCorpusFile(new TextEncoder().encode('{"id": 1}'))).toBe(false);
  });

  test('a newer format version is refused with a message saying so', () => {
    const b = bytes.slice();
    b[4] = FORMAT_VERSION + 1;
    const e = errorOf(() => readCorpus(b));
    expect(e).toBeInstanceOf(CorpusFileError);
    expect(e.message).toMatch(/newer/);
    expect(e.message).toContain(String(FORMAT_VERSION + 1));
    const old = bytes.slice();
    old[4] = 0;
    expect(errorOf(() => readCorpus(old)).message).toMatch(/unknown corpus file format 0/);
  });

  test('a file written with other engine parameters is migrated: rebuilt from its records, same results', () => {
    const variants: Array<(h: Record<string, unknown>) => void> = [
      (h) => void (h.engine = { ...ENGINE_PARAMS, shingleWords: ENGINE_PARAMS.shingleWords - 1 }),
      (h) => void (h.engine = { ...ENGINE_PARAMS, tokenizer: ENGINE_PARAMS.tokenizer + 1 }),
      (h) => void (h.engine = { ...ENGINE_PARAMS, passageBands: 3 }),
      (h) => void delete h.engine,
    ];
    for (const edit of variants) {
      const patched = patchHeader(bytes, edit);
      const { corpus, migrated } = readCorpus(patched);
      expect(migrated).toBe(true);
      expect([...corpus.all()]).toEqual([...fx.corpus.all()]);
      expect(corpus.size).toBe(fx.corpus.size);
      expect(scans(corpus, fx.pages)).toEqual(expected);
    }
    // Unchanged parameters: no migration.
    expect(readCorpus(patchHeader(bytes, () => undefined)).migrated).toBe(false);
  });

  test('the migration is really a rebuild: corrupt postings in an old-engine file do not matter', () => {
    // Write with other parameters AND garbage postings: a trusting reader would return wrong candidates.
    const fxSmall = fixture(11, 6);
    const records = [...fxSmall.corpus.all()];
    const w = new ByteWriter();
    for (const ch of MAGIC) w.u8(ch.charCodeAt(0));
    w.u8(1); // format 1: one deflate block of records
    w.string(JSON.stringify({ engine: { ...ENGINE_PARAMS, winnowWindow: 4 }, docs: records.length, created: 'x' }));
    for (const r of records) {
      w.u8(1);
      w.string(r.id);
      w.varint(0);
      w.varint(1);
    }
    // Both posting tables: one key (7) posted by every document.
    for (let t = 0; t < 2; t++) {
      w.varint(1);
      w.varint(7);
      w.varint(records.length);
      for (let i = 0; i < records.length; i++) w.varint(i === 0 ? 0 : 1);
    }
    w.u8(1);
    w.bytes(deflateSync(strToU8(records.map((r) => JSON.stringify(r)).join('\n'))));
    const { corpus, migrated } = readCorpus(w.finish());
    expect(migrated).toBe(true);
    expect(corpus.index.fingerprints.count(7)).toBe(0);
    expect(scans(corpus, fxSmall.pages)).toEqual(scans(rebuild(records), fxSmall.pages));
    expect(scans(corpus, fxSmall.pages)).toEqual(scans(fxSmall.corpus, fxSmall.pages));
  });

  test('other engine parameters and no records: refused, since nothing can be rebuilt', () => {
    const b = patchHeader(writeCorpus(fx.corpus, { includeRecords: false }), (h) => void (h.engine = { ...ENGINE_PARAMS, winnowWindow: 9 }));
    const e = errorOf(() => readCorpus(b));
    expect(e).toBeInstanceOf(CorpusFileError);
    expect(e.message).toMatch(/another engine version/);
  });

  test('record text survives exactly, including non-ASCII and newlines', () => {
    const c = new MemoryCorpus();
    const text = `Straße “quoted” — 日本語のテキスト。\n\nSecond ¶ with emoji 😀 and tab\tend. ${sentence(rng(1), 12, 12)}`;
    c.add({ id: 'ü-1', title: 'Tïtle\nline', outlet: null, url: 'https://example.com/ü', published: '2023-12-31', text });
    const { corpus } = readCorpus(writeCorpus(c));
    expect(corpus.get('ü-1')).toEqual(c.get('ü-1'));
  });
});

describe('document dates in the index metadata', () => {
  it('keep dates before 1970 through a round trip', () => {
    const c = new MemoryCorpus();
    c.add({ id: 'old', title: null, outlet: null, url: null, published: '1963-11-22', text: 'An old report from the wire about a day that changed the country for ever.' });
    c.add({ id: 'new', title: null, outlet: null, url: null, published: '2021-08-17T10:00:00Z', text: 'A newer report from the wire about another day that changed a country.' });
    const back = readCorpus(writeCorpus(c)).corpus;
    expect(back.index.doc(back.index.ordinalOf('old')!)!.published).toBe(Date.parse('1963-11-22'));
    expect(back.index.doc(back.index.ordinalOf('new')!)!.published).toBe(Date.parse('2021-08-17T10:00:00Z'));
  });
});

describe('format 1 files (one deflate block of records)', () => {
  test('load through the migration: rebuilt from their texts, same results as a fresh corpus', () => {
    const fx1 = fixture(21, 8);
    const records = [...fx1.corpus.all()];
    const w = new ByteWriter();
    for (const ch of MAGIC) w.u8(ch.charCodeAt(0));
    w.u8(1);
    w.string(JSON.stringify({ engine: ENGINE_PARAMS, docs: records.length, created: 'x' }));
    for (const r of records) {
      w.u8(1);
      w.string(r.id);
      w.varint(0);
      w.varint(1);
    }
    for (let t = 0; t < 2; t++) w.varint(0); // empty posting tables: only a rebuild can answer queries
    w.u8(1);
    w.bytes(deflateSync(strToU8(records.map((r) => JSON.stringify(r)).join('\n'))));
    const { corpus, migrated } = readCorpus(w.finish());
    expect(migrated).toBe(true);
    expect(FORMAT_VERSION).toBeGreaterThan(1);
    expect([...corpus.all()]).toEqual(records);
    expect(scans(corpus, fx1.pages)).toEqual(scans(fx1.corpus, fx1.pages));
  });

  test('current files keep their records in lazily inflated chunks', () => {
    const fx2 = fixture(5, 4);
    const back = readCorpus(writeCorpus(fx2.corpus)).corpus;
    expect([...back.all()]).toEqual([...fx2.corpus.all()]);
    const ids = [...fx2.corpus.all()].map((r) => r.id);
    expect(back.get(ids[ids.length - 1])).toEqual(fx2.corpus.get(ids[ids.length - 1]));
  });

  test('several chunks: every record comes back, in any order of access', () => {
    const c = new MemoryCorpus();
    const recs: CorpusRecord[] = [];
    for (let i = 0; i < 600; i++) {
      const r = { id: `r${i}`, title: `Title ${i}`, outlet: null, url: null, published: null, text: `Record number ${i} says something about the harbour and the council vote number ${i * 7}.` };
      recs.push(r);
      c.add(r);
    }
    c.remove('r300');
    const back = readCorpus(writeCorpus(c)).corpus;
    expect(back.get('r599')).toEqual(recs[599]);
    expect(back.get('r0')).toEqual(recs[0]);
    expect(back.get('r300')).toBeUndefined();
    expect(back.get('r301')).toEqual(recs[301]);
    expect([...back.all()].length).toBe(599);
  });
});

describe('format 2 files (documents row by row, postings decoded whole)', () => {
  // Written by the format-2 writer itself (see src/core/test/fixtures/make-format2.ts for how).
  const dir = join(__dirname, 'fixtures');
  const spec = JSON.parse(readFileSync(join(dir, 'format2.json'), 'utf8')) as { records: CorpusRecord[]; removedId: string; pages: string[] };
  const withRecords = new Uint8Array(readFileSync(join(dir, 'format2-records.wtc')));
  const indexOnly = new Uint8Array(readFileSync(join(dir, 'format2-index.wtc')));
  const fresh = new MemoryCorpus();
  for (const r of spec.records) fresh.add(r);
  fresh.remove(spec.removedId);
  const candidates = (c: MemoryCorpus): unknown[] => spec.pages.map((p) => c.index.candidates(analyze(p)));
  const created = (b: Uint8Array): string => {
    const r = new ByteReader(b);
    r.raw(5);
    return (JSON.parse(r.string()) as { created: string }).created;
  };

  test('the fixtures are format 2, and the test writer reproduces them byte for byte', () => {
    expect(withRecords[4]).toBe(2);
    expect(indexOnly[4]).toBe(2);
    expect(Buffer.from(writeFormat2(fresh, { created: created(withRecords) })).equals(Buffer.from(withRecords))).toBe(true);
    expect(Buffer.from(writeFormat2(fresh, { includeRecords: false, created: created(indexOnly) })).equals(Buffer.from(indexOnly))).toBe(true);
  });

  test('with records: read as they are (no migration), same documents and scan results as a fresh corpus', () => {
    const { corpus, migrated, formatVersion } = readCorpus(withRecords);
    expect(migrated).toBe(false);
    expect(formatVersion).toBe(2);
    expect(readCorpus(writeCorpus(fresh)).formatVersion).toBe(FORMAT_VERSION);
    expect(corpus.index.fingerprints.isEncoded).toBe(false);
    expect(corpus.index.ordinalCount).toBe(fresh.index.ordinalCount);
    for (let ord = 0; ord < corpus.index.ordinalCount; ord++) expect(corpus.index.doc(ord)).toEqual(fresh.index.doc(ord));
    expect([...corpus.all()]).toEqual([...fresh.all()]);
    const want = scans(fresh, spec.pages) as Array<{ matches: unknown[] }>;
    expect(want.slice(0, 6).filter((r) => r.matches.length > 0).length).toBeGreaterThan(3);
    expect(scans(corpus, spec.pages)).toEqual(want);
    expect(candidates(corpus)).toEqual(candidates(fresh));
  });

  test('index only: read as they are, same documents and candidates as a fresh corpus', () => {
    const { corpus, migrated } = readCorpus(indexOnly);
    expect(migrated).toBe(false);
    expect(corpus.size).toBe(fresh.size);
    for (let ord = 0; ord < corpus.index.ordinalCount; ord++) expect(corpus.index.doc(ord)).toEqual(fresh.index.doc(ord));
    expect(candidates(corpus)).toEqual(candidates(fresh));
    expect(corpus.index.ordinalOf('dóc-7-ü')).toBe(7);
    expect(corpus.index.has(spec.removedId)).toBe(false);
  });

  test('written again, a format-2 corpus becomes format 3 with the same contents', () => {
    for (const [file, includeRecords] of [[withRecords, true], [indexOnly, false]] as const) {
      const again = writeCorpus(readCorpus(file).corpus, { includeRecords });
      expect(again[4]).toBe(FORMAT_VERSION);
      const strip = (b: Uint8Array): Uint8Array => patchHeader(b, (h) => void (h.created = ''));
      expect(Buffer.from(strip(again)).equals(Buffer.from(strip(writeCorpus(fresh, { includeRecords }))))).toBe(true);
      const back = readCorpus(again).corpus;
      expect(back.index.fingerprints.isEncoded).toBe(true);
      expect(candidates(back)).toEqual(candidates(fresh));
      if (includeRecords) expect(scans(back, spec.pages)).toEqual(scans(fresh, spec.pages));
    }
  });

  test('other corpora: format 2 and format 3 files of the same corpus answer alike', () => {
    for (const seed of [3, 17]) {
      const fx2 = fixture(seed, 25);
      const v2 = readCorpus(writeFormat2(fx2.corpus, { includeRecords: false })).corpus;
      const v3 = readCorpus(writeCorpus(fx2.corpus, { includeRecords: false })).corpus;
      for (const page of fx2.pages) expect(v3.index.candidates(analyze(page))).toEqual(v2.index.candidates(analyze(page)));
      for (let ord = 0; ord < v2.index.ordinalCount; ord++) expect(v3.index.doc(ord)).toEqual(v2.index.doc(ord));
    }
  });
});

const alignFx = fixture(8, 10);
const bytes = (): Uint8Array => writeCorpus(alignFx.corpus);
const fxPages = alignFx.pages;
const expectedScans = scans(alignFx.corpus, alignFx.pages);

describe('format 3 details', () => {
  /** Byte ranges of each posting table's counts, checksum, padding and block index in an index-only file. */
  function tableIndexRanges(b: Uint8Array): Array<[number, number]> {
    const r = new ByteReader(b);
    r.raw(5);
    const docs = (JSON.parse(r.string()) as { docs: number }).docs;
    const flags = r.raw(Math.ceil(docs / 8));
    let live = 0;
    for (let i = 0; i < docs; i++) if (flags[i >> 3] & (1 << (i & 7))) live++;
    for (let i = 0; i < 3 * live; i++) r.varint();
    r.bytes();
    const out: Array<[number, number]> = [];
    for (let t = 0; t < 2; t++) {
      const from = r.pos;
      const nKeys = r.varint();
      r.varint();
      const blockKeys = r.varint();
      const dataLength = r.varint();
      r.u32s(1);
      r.pad4();
      r.raw(Math.ceil(nKeys / blockKeys) * 8);
      out.push([from, r.pos]);
      r.raw(dataLength);
    }
    expect(r.u8()).toBe(0); // no records
    expect(r.remaining).toBe(0);
    return out;
  }

  test('a damaged block index is refused with a CorpusFileError, never read as other postings', () => {
    const b = writeCorpus(fixture(9, 6).corpus, { includeRecords: false });
    const ranges = tableIndexRanges(b);
    expect(ranges[0][1] - ranges[0][0]).toBeGreaterThan(16);
    for (const [from, to] of ranges) {
      for (let at = from; at < to; at++) {
        for (const flip of [0x01, 0x40, 0xff]) {
          const d = b.slice();
          d[at] ^= flip;
          const e = errorOf(() => readCorpus(d));
          expect(e).toBeInstanceOf(CorpusFileError);
          expect(e.message).toMatch(/damaged or truncated/);
        }
      }
    }
  });

  test('a file at another 4-byte alignment (its header edited) still reads, copying the block index', () => {
    for (const pad of ['', 'x', 'xx', 'xxx']) {
      const b = patchHeader(bytes(), (h) => void (h.created = `2024${pad}`));
      const { corpus } = readCorpus(b);
      expect(scans(corpus, fxPages)).toEqual(expectedScans);
      // And inside a larger buffer at an odd offset.
      const shifted = new Uint8Array(b.length + 3);
      shifted.set(b, 3);
      expect(scans(readCorpus(shifted.subarray(3)).corpus, fxPages)).toEqual(expectedScans);
    }
  });

  test('document ids survive exactly: non-ASCII, astral, a leading U+FEFF, empty, and ones that run together', () => {
    const c = new MemoryCorpus();
    const ids = ['\ufeffbom-first', 'ab', 'a', 'b', '', 'Straße/日本語', '😀 emoji', 'tab\tand\nnewline', 'lone \ud800 surrogate'];
    ids.forEach((id, i) => c.add({ id, title: null, outlet: null, url: null, published: i % 2 ? null : '1969-07-20', text: `Text number ${i} about the harbour.` }));
    c.remove('a');
    const back = readCorpus(writeCorpus(c, { includeRecords: false })).corpus;
    expect(back.index.ordinalCount).toBe(ids.length);
    for (let ord = 0; ord < ids.length; ord++) {
      const want = c.index.doc(ord);
      // UTF-8 cannot hold a lone surrogate: it comes back as U+FFFD (as format 2 did too).
      expect(back.index.doc(ord)).toEqual(want && { ...want, id: want.id.replace(/\p{Cs}/gu, '\ufffd') });
    }
    expect(back.index.ordinalOf('\ufeffbom-first')).toBe(0);
    expect(back.index.ordinalOf('')).toBe(4);
    expect(back.index.has('a')).toBe(false);
  });

  test('a loaded table is a view of the file: removals and additions after loading still work', () => {
    const fx3 = fixture(13, 12);
    const { corpus } = readCorpus(writeCorpus(fx3.corpus));
    expect(corpus.index.fingerprints.isEncoded).toBe(true);
    const victim = [...corpus.all()][2].id;
    corpus.remove(victim);
    fx3.corpus.remove(victim);
    expect(scans(corpus, fx3.pages)).toEqual(scans(fx3.corpus, fx3.pages));
    const back = readCorpus(writeCorpus(corpus)).corpus;
    expect(scans(back, fx3.pages)).toEqual(scans(fx3.corpus, fx3.pages));
    expect(back.index.fingerprints.size).toBeLessThan(corpus.index.fingerprints.size);
    const empty = new PostingTable();
    expect(empty.isEncoded).toBe(false);
  });
});
