import { bytesSource, collectImport } from '../../formats/import';
import { chunked, enc, importOne, reasons } from './helpers';

const PRETTY = `[
  {
    "id": "a",
    "text": "Alpha, with ] and } and \\" inside"
  },
  {"text": "Beta"},

  {
    "headline": "G",
    "body": "Gamma"
  }
]
`;

describe('JSON array', () => {
  it('streams the elements with the line where each starts', async () => {
    const { records, summary } = await importOne('arr.json', PRETTY);
    expect(summary.issues).toEqual([]);
    expect(records.map((r) => [r.id, r.text, r.title])).toEqual([
      ['a', 'Alpha, with ] and } and " inside', null],
      ['arr.json:6', 'Beta', null],
      ['arr.json:8', 'Gamma', 'G'],
    ]);
  });

  it('gives the same records when fed one byte at a time', async () => {
    const bytes = enc(PRETTY);
    const one = await collectImport([chunked('arr.json', bytes, Array.from({ length: bytes.length }, (_, i) => i))]);
    const whole = await importOne('arr.json', PRETTY);
    expect(one.records).toEqual(whole.records);
  });

  it('keeps ids unique for elements on the same line (minified array)', async () => {
    const { records } = await importOne('min.json', '[{"text":"a"},{"text":"b"},{"text":"c"}]');
    expect(records.map((r) => r.id)).toEqual(['min.json:1', 'min.json:1#2', 'min.json:1#3']);
  });

  it('reports a bad element and goes on', async () => {
    const file = '[\n{"text":"a"},\n{"text": tru},\n42,\n{"title":"x"},\n{"text":"b"}\n]';
    const { records, summary } = await importOne('bad.json', file);
    expect(records.map((r) => r.text)).toEqual(['a', 'b']);
    expect(summary.issues.map((i) => i.line)).toEqual([3, 4, 5]);
    expect(summary.issues[0].reason).toMatch(/^line 3: invalid JSON/);
    expect(summary.issues[1].reason).toBe('line 4: not a JSON object (found a number)');
  });

  it('keeps the records of a truncated array and says it is not closed', async () => {
    const { records, summary } = await importOne('cut.json', '[{"text":"a"},\n{"text":"b"},\n{"text":"c');
    expect(records.map((r) => r.text)).toEqual(['a', 'b']);
    expect(reasons(summary)).toEqual([
      expect.stringMatching(/^line 3: invalid JSON/),
      'line 3: unexpected end of file: the JSON array is not closed (is the file truncated?)',
    ]);
  });

  it('stops at mismatched brackets and reports content after the array', async () => {
    const broken = await importOne('m.json', '[{"text":"a"},\n{"text":"b"]]\n');
    expect(broken.records.map((r) => r.text)).toEqual(['a']);
    expect(reasons(broken.summary)).toEqual(['line 2: malformed JSON (brackets do not match); stopped reading this file']);

    const trailing = await importOne('t.json', '[{"text":"a"}]\n[{"text":"b"}]');
    expect(trailing.records.map((r) => r.text)).toEqual(['a']);
    expect(reasons(trailing.summary)).toEqual(['line 2: unexpected content after the end of the JSON array, ignored']);
  });

  it('reports an empty array as holding no records', async () => {
    const { records, summary } = await importOne('empty.json', '[ ]');
    expect(records).toEqual([]);
    expect(reasons(summary)).toEqual(['no records found']);
  });

  it('does not hold the whole array: a 20 MB array is read in small chunks', async () => {
    const element = JSON.stringify({ text: 'word '.repeat(200) });
    const count = 20_000;
    const source = {
      path: 'big.json',
      async *chunks() {
        yield enc('[');
        for (let i = 0; i < count; i++) yield enc((i ? ',\n' : '') + element.replace('word', `w${i}`));
        yield enc(']');
      },
    };
    const { summary } = await collectImport([source]);
    expect(summary.imported).toBe(count);
    expect(summary.issues).toEqual([]);
  });

  it('is chosen by content even without a .json extension', async () => {
    const { records } = await collectImport([bytesSource('export.dat', '  [{"text":"x"}]')]);
    expect(records).toHaveLength(1);
  });
});
