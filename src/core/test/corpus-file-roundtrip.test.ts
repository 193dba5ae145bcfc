/** Corpus files written and read back: the same records, index and scan results (corpus-file.ts). */
import { analyze } from '../analysis';
import { MemoryCorpus } from '../corpus';
import { isCorpusFile, readCorpus, writeCorpus } from '../corpus-file';
import { PostingTable } from '../posting-table';
import type { CorpusRecord } from '../types';
import { filler, rng, sentence } from './helpers';
import { fixture, patchHeader, scans, withoutCreated, writtenFixture } from './corpus-file-fixture';

/** A record with only an id, a date and a text. */
const bare = (id: string, text: string, published: string | null = null): CorpusRecord => ({ id, title: null, outlet: null, url: null, published, text });

describe('corpus file', () => {
  const fx = writtenFixture(42, 40);
  const { bytes, expected } = fx;

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
    expect(Buffer.from(withoutCreated(again)).equals(Buffer.from(withoutCreated(bytes)))).toBe(true);
  });

  test('a loaded corpus keeps working: new records are indexed and found', () => {
    const { corpus } = readCorpus(bytes);
    const text = filler(rng(7), 120);
    corpus.add(bare('new', text));
    const result = corpus.scan(`${filler(rng(8), 50)} ${text}`);
    expect(result.matches.map((m) => m.source.id)).toContain('new');
    expect(corpus.add(bare('doc-1', 'x'))).toBe(false);
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
    for (const id of ['keep-1', 'gone-zqx', 'keep-2']) c.add(bare(id, `Text of ${id} about the harbour.`));
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
    c.add(bare('old', 'An old report from the wire about a day that changed the country for ever.', '1963-11-22'));
    c.add(bare('new', 'A newer report from the wire about another day that changed a country.', '2021-08-17T10:00:00Z'));
    const back = readCorpus(writeCorpus(c)).corpus;
    expect(back.index.doc(back.index.ordinalOf('old')!)!.published).toBe(Date.parse('1963-11-22'));
    expect(back.index.doc(back.index.ordinalOf('new')!)!.published).toBe(Date.parse('2021-08-17T10:00:00Z'));
  });
});

describe('format 3 details', () => {
  const alignFx = writtenFixture(8, 10);

  test('a file at another 4-byte alignment (its header edited) still reads, copying the block index', () => {
    for (const pad of ['', 'x', 'xx', 'xxx']) {
      const b = patchHeader(alignFx.bytes, (h) => void (h.created = `2024${pad}`));
      const { corpus } = readCorpus(b);
      expect(scans(corpus, alignFx.pages)).toEqual(alignFx.expected);
      // And inside a larger buffer at an odd offset.
      const shifted = new Uint8Array(b.length + 3);
      shifted.set(b, 3);
      expect(scans(readCorpus(shifted.subarray(3)).corpus, alignFx.pages)).toEqual(alignFx.expected);
    }
  });

  test('document ids survive exactly: non-ASCII, astral, a leading U+FEFF, empty, and ones that run together', () => {
    const c = new MemoryCorpus();
    const ids = ['\ufeffbom-first', 'ab', 'a', 'b', '', 'Straße/日本語', '😀 emoji', 'tab\tand\nnewline', 'lone \ud800 surrogate'];
    ids.forEach((id, i) => c.add(bare(id, `Text number ${i} about the harbour.`, i % 2 ? null : '1969-07-20')));
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
