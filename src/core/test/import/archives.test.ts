import { gzipSync, zipSync, type Zippable } from 'fflate';
import { bytesSource, collectImport } from '../../formats/import';
import { enc, importOne, reasons } from './helpers';

function corpusZip(): Uint8Array {
  const files: Zippable = {
    'wire.jsonl': enc('{"text":"one"}\n{"text":"two"}\n{"text":"three"}\n'),
    'folder/sub/file.jsonl': enc('{"text":"deep a"}\n\n{"text":"deep b"}\n'),
    'folder/story.txt': enc('Title\nStory text.'),
    'folder/table.csv': enc('title,text\nT,"csv text"\n'),
    'folder/': new Uint8Array(0),
    '__MACOSX/folder/._story.txt': new Uint8Array([0, 5, 22, 7, 0, 2, 0, 0]),
    'folder/.hidden.jsonl': enc('{"text":"hidden"}\n'),
    '.DS_Store': new Uint8Array([0, 0, 0, 1, 66, 117, 100, 49]),
  };
  return zipSync(files, { level: 6 });
}

describe('zip archives', () => {
  it('imports every entry with ids under the archive path, skipping __MACOSX and dotfiles', async () => {
    const { records, summary } = await importOne('archive.zip', corpusZip(), { chunkSize: 100 });
    expect(summary.issues).toEqual([]);
    expect(records.map((r) => [r.id, r.text])).toEqual([
      ['archive.zip/wire.jsonl:1', 'one'],
      ['archive.zip/wire.jsonl:2', 'two'],
      ['archive.zip/wire.jsonl:3', 'three'],
      ['archive.zip/folder/sub/file.jsonl:1', 'deep a'],
      ['archive.zip/folder/sub/file.jsonl:3', 'deep b'],
      ['archive.zip/folder/story.txt', 'Story text.'],
      ['archive.zip/folder/table.csv:2', 'csv text'],
    ]);
  });

  it('keeps the records read before a truncation and reports the damage', async () => {
    const zip = corpusZip();
    const full = (await importOne('a.zip', zip)).records;
    for (const keep of [0.3, 0.6, 0.9, 0.99]) {
      const cut = zip.subarray(0, Math.floor(zip.length * keep));
      const { records, summary } = await importOne('a.zip', cut, { chunkSize: 64 });
      expect(full.slice(0, records.length)).toEqual(records);
      expect(summary.issues.length).toBeGreaterThan(0);
      expect(summary.issues.some((i) => i.file === 'a.zip' && /truncated or corrupt/.test(i.reason))).toBe(true);
    }
  });

  it('reports corrupt compressed data in one entry and still reads the others', async () => {
    const zip = zipSync({ 'a.jsonl': enc('{"text":"a"}\n'.repeat(50)), 'b.jsonl': enc('{"text":"b"}\n') });
    // The first entry's deflate data starts after its 30 + 7 byte local header: make its first block
    // use the reserved block type 3 (an invalid stream, not just wrong bytes).
    const bad = zip.slice();
    bad[37] = 0b111;
    const { records, summary } = await importOne('c.zip', bad);
    expect(records.map((r) => r.text)).toContain('b');
    expect(summary.issues.some((i) => i.file === 'c.zip/a.jsonl' && /could not decompress/.test(i.reason))).toBe(true);
  });

  it('reports entries compressed with an unsupported method', async () => {
    const zip = zipSync({ 'x.jsonl': enc('{"text":"x"}\n'), 'y.jsonl': enc('{"text":"y"}\n') }, { level: 0 });
    zip[8] = 12; // method of the first local header: BZIP2
    const { records, summary } = await importOne('m.zip', zip);
    expect(records.map((r) => r.text)).toEqual(['y']);
    expect(reasons(summary)).toEqual(['compressed with BZIP2, which is not supported; not imported']);
  });

  it('reads a zip inside a zip', async () => {
    const inner = zipSync({ 'in.jsonl': enc('{"text":"nested"}\n') });
    const { records } = await importOne('outer.zip', zipSync({ 'inner.zip': inner }));
    expect(records.map((r) => r.id)).toEqual(['outer.zip/inner.zip/in.jsonl:1']);
  });

  it('reports an empty archive and a binary entry', async () => {
    expect(reasons((await importOne('e.zip', zipSync({}))).summary)).toEqual(['archive holds no files']);
    const { summary } = await importOne('b.zip', zipSync({ 'img.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) }));
    expect(summary.issues).toEqual([{ file: 'b.zip/img.png', line: null, reason: 'binary file, not imported' }]);
  });
});

describe('gzip files', () => {
  const jsonl = Array.from({ length: 600 }, (_, i) => `{"text":"gzip record ${i}"}\n`).join('');

  it('reads a .gz file in the format of the file inside, with ids from the .gz path', async () => {
    const { records, summary } = await importOne('news.jsonl.gz', gzipSync(enc(jsonl)), { chunkSize: 50 });
    expect(summary.issues).toEqual([]);
    expect(records).toHaveLength(600);
    expect(records[0].id).toBe('news.jsonl.gz:1');
    const csv = await importOne('t.csv.gz', gzipSync(enc('title;text\nA;b\n')));
    expect(csv.records.map((r) => r.text)).toEqual(['b']);
  });

  it('keeps what was read from a truncated .gz and says so', async () => {
    const gz = gzipSync(enc(jsonl));
    const { records, summary } = await collectImport([bytesSource('cut.jsonl.gz', gz.subarray(0, gz.length - 20), 64)]);
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(600);
    expect(reasons(summary)).toEqual([expect.stringMatching(/^gzip data is truncated or corrupt \(.+\); records read before the damage were kept$/)]);
  });
});
