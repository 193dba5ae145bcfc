import { deflateSync, strToU8 } from 'fflate';
import { analyze } from '../../src/core/analysis';
import { ByteReader, ByteWriter } from '../../src/core/binary';
import { MemoryCorpus } from '../../src/core/corpus';
import {
  CorpusFileError,
  ENGINE_PARAMS,
  FORMAT_VERSION,
  isCorpusFile,
  MAGIC,
  readCorpus,
  rebuild,
  writeCorpus,
} from '../../src/core/corpus-file';
import type { CorpusRecord } from '../../src/core/types';
import { filler, paragraphs, randInt, rng, sentence } from './helpers';

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
    // Nor its id, anywhere in the uncompressed part of the file.
    const withoutRecords = writeCorpus(fx.corpus, { includeRecords: false });
    // (Ids are length-prefixed strings: look for the length byte too, so "doc-3" does not find "doc-30".)
    const idBytes = (id: string): Buffer => Buffer.from([id.length, ...Buffer.from(id)]);
    expect(Buffer.from(withoutRecords).includes(idBytes(fx.removedId))).toBe(false);
    expect(Buffer.from(withoutRecords).includes(idBytes('doc-4'))).toBe(true);
    expect(Buffer.from(withoutRecords).includes(idBytes('doc-30'))).toBe(true);
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
