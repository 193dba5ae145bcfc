import { zipSync } from 'fflate';
import { blobSource, bytesSource, collectImport, PROJECT_FILE_REASON, sniffFormat, type ImportFormat } from '../../formats/import';
import { enc, fakeExtractor, importOne, reasons } from './helpers';

const PAGE = '<!DOCTYPE html><html><head><title>Page Title</title></head><body><article><time datetime="2024-05-06T07:08:09Z"></time><p>First para.</p><p>Second para.</p></article></body></html>';

/** Files by the format they are sniffed as: their first bytes and their path. */
const SNIFFED: Array<[format: ImportFormat, files: Array<[bytes: ArrayLike<number>, path: string]>]> = [
  ['zip', [[[0x50, 0x4b, 0x03, 0x04, 0, 0], 'x.bin'], [[0x50, 0x4b, 0x05, 0x06, 0, 0], 'empty.zip']]],
  ['gzip', [[[0x1f, 0x8b, 8, 0], 'x.jsonl.gz']]],
  ['wtc', [[[...enc('WTC1'), 0, 1, 2], 'corpus.wtc']]],
  ['json-array', [[enc(' \n[{"a":1}]'), 'data'], [enc('[\n  {'), 'a.txt']]],
  ['jsonl', [[enc('{"a":1}\n{"a":2}'), 'a.csv'], [enc('{\n  "a": 1\n}'), 'a.json']]],
  ['html', [[enc('<!doctype html><p>x'), 'a'], [enc('  <div class="x">y</div>'), 'page.txt']]],
  ['csv', [[enc('title,text\na,b'), 'a.csv']]],
  ['tsv', [[enc('title\ttext'), 'a.TSV']]],
  ['txt', [[enc('[Reuters] story'), 'a.txt'], [enc('<rss><item/></rss>'), 'feed.xml'], [enc('Just a story.'), 'story.txt'], [enc('Just a story.'), 'README']]],
  [
    'binary',
    [
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'img.png'],
      [new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x0f, 0x10]), 'doc.txt'],
    ],
  ],
];

describe('sniffFormat', () => {
  const cases = SNIFFED.flatMap(([format, files]) => files.map(([bytes, path]) => [bytes, path, format] as const));
  it.each(cases)('%j in %s is %s', (bytes, path, format) => {
    expect(sniffFormat(Uint8Array.from(bytes), path)).toBe(format);
  });
});

describe('single-record and refused files', () => {
  it('reads a .txt file: first non-empty line is the title, the rest the text', async () => {
    const { records } = await importOne('news/story.txt', '\n\n  Big Headline  \n\nPara one.\r\n\r\n\r\n\r\nPara two.\n');
    expect(records).toEqual([
      { id: 'news/story.txt', title: 'Big Headline', outlet: null, url: null, published: null, text: 'Para one.\n\nPara two.' },
    ]);
  });

  it('uses the only line of a one-line .txt file as title and text', async () => {
    const { records } = await importOne('one.txt', 'Only line.');
    expect(records[0]).toMatchObject({ title: 'Only line.', text: 'Only line.' });
  });

  it('passes .html files to the extractor', async () => {
    const { records } = await importOne('page.html', PAGE, { extractHtml: fakeExtractor });
    expect(records).toEqual([
      {
        id: 'page.html',
        title: 'Page Title',
        outlet: 'Fake Outlet',
        url: null,
        published: '2024-05-06T07:08:09.000Z',
        text: 'First para.\n\nSecond para.',
      },
    ]);
  });

  it('reports HTML without an extractor, and pages without an article', async () => {
    expect(reasons((await importOne('page.html', PAGE)).summary)).toEqual(['HTML import needs an extractor']);
    const empty = await importOne('nav.htm', '<html><body><nav>menu</nav></body></html>', { extractHtml: fakeExtractor });
    expect(reasons(empty.summary)).toEqual(['no article found']);
  });

  it('extracts records that only carry an html field', async () => {
    const line = JSON.stringify({ url: 'https://ex.test/a', title: 'Own title', html: PAGE });
    const { records } = await importOne('h.jsonl', line, { extractHtml: fakeExtractor });
    expect(records).toEqual([
      {
        id: 'h.jsonl:1',
        title: 'Own title',
        outlet: 'Fake Outlet',
        url: 'https://ex.test/a',
        published: '2024-05-06T07:08:09.000Z',
        text: 'First para.\n\nSecond para.',
      },
    ]);
    const without = await importOne('h.jsonl', line);
    expect(reasons(without.summary)).toEqual(['line 1: HTML import needs an extractor (the record has only an html field)']);
  });

  it('reports an empty file and imports nothing', async () => {
    const { records, summary } = await importOne('empty.jsonl', '');
    expect(records).toEqual([]);
    expect(summary.issues).toEqual([{ file: 'empty.jsonl', line: null, reason: 'empty file' }]);
  });

  it('refuses binary files with one issue and stops reading them', async () => {
    let chunksRead = 0;
    const source = {
      path: 'photo.jpg',
      async *chunks() {
        for (let i = 0; i < 100; i++) {
          chunksRead++;
          yield Uint8Array.from({ length: 65536 }, (_, j) => (i * 7 + j * 13) & 0xff);
        }
      },
    };
    const { records, summary } = await collectImport([source]);
    expect(records).toEqual([]);
    expect(summary.issues).toEqual([{ file: 'photo.jpg', line: null, reason: 'binary file, not imported' }]);
    expect(chunksRead).toBeLessThan(5);
  });

  it('refuses WireTrace index files and unsupported text files', async () => {
    const { summary } = await collectImport([
      bytesSource('corpus.wtc', new Uint8Array([...enc('WTC1'), 1, 0, 0, 0])),
      bytesSource('notes.xml', '<notes>hi</notes>'),
    ]);
    expect(reasons(summary)).toEqual([
      'WireTrace index file (.wtc), not corpus data; not imported',
      'unsupported file type ".xml", not imported',
    ]);
  });

  it('skips hidden files and __MACOSX folders without an event', async () => {
    const { summary } = await collectImport([
      bytesSource('.DS_Store', new Uint8Array([0, 0, 0, 1])),
      bytesSource('dir/__MACOSX/._a.txt', 'x'),
      bytesSource('./dir/a.txt', 'A\nB'),
    ]);
    expect(summary).toMatchObject({ imported: 1, skipped: 0 });
  });

  it('skips project files (README, LICENSE, CHANGELOG…) in folders and archives, listing each with its reason', async () => {
    const zip = zipSync({ 'docs/README.md': enc('# About this corpus'), 'docs/story.txt': enc('Headline\nStory.') });
    const { records, summary } = await collectImport([
      bytesSource('CHANGELOG', '## 1.0\nFirst release of the corpus.'),
      bytesSource('LICENSE.txt', 'MIT License'),
      bytesSource('README.md', '# My corpus\nThese are the articles.'),
      bytesSource('readme.fr.txt', 'Mon corpus\nLes articles.'),
      bytesSource('archive.zip', zip),
      bytesSource('news/licence-fees.txt', 'Licence fees rise\nThe licence fee will rise in April.'),
      bytesSource('news/readme.jsonl', '{"text":"one"}\n'),
      bytesSource('news/readmes.jsonl', '{"text":"kept: not a project file name"}\n'),
    ]);
    expect(records.map((r) => r.id)).toEqual(['archive.zip/docs/story.txt', 'news/licence-fees.txt', 'news/readmes.jsonl:1']);
    expect(summary.issues).toEqual(
      ['CHANGELOG', 'LICENSE.txt', 'README.md', 'readme.fr.txt', 'archive.zip/docs/README.md', 'news/readme.jsonl'].map((file) => ({ file, line: null, reason: PROJECT_FILE_REASON })),
    );
  });

  it('reads Blob/File objects through blobSource', async () => {
    const { records } = await collectImport([blobSource('b.jsonl', new Blob(['{"text":"from a blob"}\n']))]);
    expect(records.map((r) => r.text)).toEqual(['from a blob']);
  });

  it('reports a file whose chunks cannot be read, keeping what was read, and goes on', async () => {
    const failing = {
      path: 'broken.jsonl',
      async *chunks() {
        yield enc('{"text":"got this"}\n{"text":"not');
        throw new Error('EIO: i/o error');
      },
    };
    const { records, summary } = await collectImport([failing, bytesSource('ok.txt', 'T\nfine')]);
    expect(records.map((r) => r.text)).toEqual(['got this', 'fine']);
    expect(reasons(summary)).toEqual(['could not read file (EIO: i/o error); records read before were kept']);
  });
});
