import fc from 'fast-check';
import { collectImport, normaliseText } from '../../formats/import';
import { chunked, enc, utf16be, utf16le } from './helpers';

/** Characters that stress the parsers: multibyte UTF-8, surrogate pairs, quotes, escapes, delimiters, newlines. */
const CHARS = ['a', 'b', ' ', 'é', '€', '😀', '中', '"', '\\', ',', ';', '\t', '\n', '\r\n', '{', '}', '[', ']', ':', 'ü'];
const textArb = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 40 }).map((s) => `x${s}y`);
const recordsArb = fc.array(fc.record({ title: textArb, text: textArb }), { minLength: 1, maxLength: 8 });

type Layout = 'jsonl' | 'json-array' | 'json-array-pretty' | 'csv' | 'tsv';

function render(records: { title: string; text: string }[], layout: Layout): { name: string; content: string } {
  const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  switch (layout) {
    case 'jsonl':
      return { name: 'f.jsonl', content: records.map((r) => JSON.stringify(r)).join('\n') + '\n' };
    case 'json-array':
      return { name: 'f.json', content: JSON.stringify(records) };
    case 'json-array-pretty':
      return { name: 'f.json', content: JSON.stringify(records, null, 2) };
    case 'csv':
      return { name: 'f.csv', content: 'title,text\r\n' + records.map((r) => `${quote(r.title)},${quote(r.text)}`).join('\r\n') };
    case 'tsv':
      return { name: 'f.tsv', content: 'title\ttext\n' + records.map((r) => `${quote(r.title)}\t${quote(r.text)}`).join('\n') + '\n' };
  }
}

const encodings = {
  'utf-8': (s: string) => enc(s),
  'utf-8 BOM': (s: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...enc(s)]),
  'utf-16le BOM': (s: string) => utf16le(s, true),
  'utf-16be BOM': (s: string) => utf16be(s, true),
};

describe('chunk boundaries', () => {
  it.each(['jsonl', 'json-array', 'json-array-pretty', 'csv', 'tsv'] as Layout[])(
    '%s: any split of the same file gives the same records, in every encoding',
    async (layout) => {
      await fc.assert(
        fc.asyncProperty(
          recordsArb,
          fc.constantFrom(...(Object.keys(encodings) as (keyof typeof encodings)[])),
          fc.array(fc.nat(), { maxLength: 12 }),
          async (records, encoding, rawCuts) => {
            const { name, content } = render(records, layout);
            const bytes = encodings[encoding](content);
            const cuts = rawCuts.map((c) => c % (bytes.length + 1));
            const whole = await collectImport([chunked(name, bytes, [])]);
            const split = await collectImport([chunked(name, bytes, cuts)]);
            expect(split).toEqual(whole);
            expect(whole.summary.issues).toEqual([]);
            // …and the records are the ones that were written (texts that are equal after normalisation dedupe)
            const expected = [...new Set(records.map((r) => normaliseText(r.text)))];
            expect(whole.records.map((r) => r.text)).toEqual(
              expected.filter((t, i) => expected.findIndex((u) => u.toLowerCase().replace(/\s+/g, ' ') === t.toLowerCase().replace(/\s+/g, ' ')) === i),
            );
          },
        ),
        { numRuns: 60 },
      );
    },
  );
});
