/**
 * Corpus files of other versions (corpus-file.ts): other engine parameters and format 1 are migrated (rebuilt
 * from their records), format 2 is read as it is, and every one is written again as the current format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../analysis';
import { ByteReader } from '../binary';
import { MemoryCorpus } from '../corpus';
import { ENGINE_PARAMS, FORMAT_VERSION, readCorpus, rebuild, writeCorpus } from '../corpus-file';
import type { CorpusRecord } from '../types';
import { writeFormat2 } from './legacy-format';
import { fixture, patchHeader, scans, withoutCreated, writeFormat1, writtenFixture } from './corpus-file-fixture';

describe('corpus file', () => {
  const fx = writtenFixture(42, 40);

  test('a file written with other engine parameters is migrated: rebuilt from its records, same results', () => {
    const variants: Array<(h: Record<string, unknown>) => void> = [
      (h) => void (h.engine = { ...ENGINE_PARAMS, shingleWords: ENGINE_PARAMS.shingleWords - 1 }),
      (h) => void (h.engine = { ...ENGINE_PARAMS, tokenizer: ENGINE_PARAMS.tokenizer + 1 }),
      (h) => void (h.engine = { ...ENGINE_PARAMS, passageBands: 3 }),
      (h) => void delete h.engine,
    ];
    for (const edit of variants) {
      const patched = patchHeader(fx.bytes, edit);
      const { corpus, migrated } = readCorpus(patched);
      expect(migrated).toBe(true);
      expect([...corpus.all()]).toEqual([...fx.corpus.all()]);
      expect(corpus.size).toBe(fx.corpus.size);
      expect(scans(corpus, fx.pages)).toEqual(fx.expected);
    }
    // Unchanged parameters: no migration.
    expect(readCorpus(patchHeader(fx.bytes, () => undefined)).migrated).toBe(false);
  });

  test('the migration is really a rebuild: corrupt postings in an old-engine file do not matter', () => {
    // Write with other parameters AND garbage postings: a trusting reader would return wrong candidates.
    const fxSmall = fixture(11, 6);
    const records = [...fxSmall.corpus.all()];
    // Both posting tables: one key (7) posted by every document.
    const file = writeFormat1(records, { ...ENGINE_PARAMS, winnowWindow: 4 }, (w) => {
      for (let t = 0; t < 2; t++) {
        w.varint(1);
        w.varint(7);
        w.varint(records.length);
        for (let i = 0; i < records.length; i++) w.varint(i === 0 ? 0 : 1);
      }
    });
    const { corpus, migrated } = readCorpus(file);
    expect(migrated).toBe(true);
    expect(corpus.index.fingerprints.count(7)).toBe(0);
    expect(scans(corpus, fxSmall.pages)).toEqual(scans(rebuild(records), fxSmall.pages));
    expect(scans(corpus, fxSmall.pages)).toEqual(scans(fxSmall.corpus, fxSmall.pages));
  });
});

describe('format 1 files (one deflate block of records)', () => {
  test('load through the migration: rebuilt from their texts, same results as a fresh corpus', () => {
    const fx1 = fixture(21, 8);
    const records = [...fx1.corpus.all()];
    // Empty posting tables: only a rebuild can answer queries.
    const file = writeFormat1(records, ENGINE_PARAMS, (w) => {
      for (let t = 0; t < 2; t++) w.varint(0);
    });
    const { corpus, migrated } = readCorpus(file);
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
      expect(Buffer.from(withoutCreated(again)).equals(Buffer.from(withoutCreated(writeCorpus(fresh, { includeRecords }))))).toBe(true);
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
