import { collectImport, createDecoder, decodeText, detectEncoding } from '../../formats/import';
import { chunked, enc, importOne, latin1, reasons, utf16be, utf16le } from './helpers';

const JSONL = '{"title":"Grüße","text":"Café déjà vu — „Zitat“ 😀"}\n{"text":"zweite Zeile"}\n';

describe('text encodings', () => {
  it.each([
    ['UTF-16 LE with BOM', utf16le(JSONL, true), 'utf-16le'],
    ['UTF-16 LE without BOM', utf16le(JSONL, false), 'utf-16le'],
    ['UTF-16 BE with BOM', utf16be(JSONL, true), 'utf-16be'],
    ['UTF-16 BE without BOM', utf16be(JSONL, false), 'utf-16be'],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...enc(JSONL)]), 'utf-8'],
    ['UTF-8', enc(JSONL), 'utf-8'],
  ])('reads %s', async (_name, bytes, encoding) => {
    expect(detectEncoding(bytes)).toBe(encoding);
    // odd chunk size: UTF-16 code units and UTF-8 sequences are cut in half
    const { records, summary } = await importOne('enc.jsonl', bytes, { chunkSize: 7 });
    expect(summary.issues).toEqual([]);
    expect(records.map((r) => [r.title, r.text])).toEqual([
      ['Grüße', 'Café déjà vu — „Zitat“ 😀'],
      [null, 'zweite Zeile'],
    ]);
  });

  it('reads Latin-1 / Windows-1252 text when the bytes are not valid UTF-8', async () => {
    const bytes = latin1('Über Schäden\nDer Bär aß Crème brûlée für 5 \x80.\n');
    expect(detectEncoding(bytes)).toBe('windows-1252');
    const { records } = await importOne('alt.txt', bytes);
    expect(records).toEqual([
      { id: 'alt.txt', title: 'Über Schäden', outlet: null, url: null, published: null, text: 'Der Bär aß Crème brûlée für 5 €.' },
    ]);
  });

  it('reads a Latin-1 CSV', async () => {
    const { records } = await importOne('l.csv', latin1('title,text\nMünchen,"Großer Regen über München, sagt é"\n'));
    expect(records.map((r) => [r.title, r.text])).toEqual([['München', 'Großer Regen über München, sagt é']]);
  });

  it('reads a file that is ASCII for the first 64 KB and Latin-1 after that as Windows-1252, losing nothing', async () => {
    const head = '{"text":"' + 'a'.repeat(70 * 1024) + '"}\n';
    const bytes = new Uint8Array([...enc(head), ...enc('{"text":"caf'), 0xe9, 0x20, 0x80, ...enc(' end"}\n')]);
    expect(detectEncoding(bytes)).toBe('utf-8');
    for (const chunkSize of [7, 64 * 1024]) {
      const { records, summary } = await importOne('late.jsonl', bytes, { chunkSize });
      expect(summary.issues).toEqual([]);
      expect(records[1].text).toBe('café € end');
    }
  });

  it('decides for the whole file: UTF-8 whose first non-ASCII byte comes after 64 KB, at any chunk boundary', async () => {
    const head = '{"text":"' + 'a'.repeat(70 * 1024) + '"}\n';
    const bytes = enc(`${head}{"text":"Grüße, café 😀 — „Zitat“"}\n`);
    const at = enc(head).length + 12; // the first byte of "ü"
    for (const cuts of [[at], [at + 1], [at - 1, at + 1], [1 << 16]]) {
      const { records, summary } = await collectImport([chunked('late.jsonl', bytes, cuts)]);
      expect(summary.issues).toEqual([]);
      expect(records[1].text).toBe('Grüße, café 😀 — „Zitat“');
    }
  });

  it('decides for the whole file: Latin-1 whose first high byte comes after 64 KB, even at a chunk end', async () => {
    const head = '{"text":"' + 'a'.repeat(70 * 1024) + '"}\n';
    const tail = latin1('{"text":"Café in München, 5 \x80"}\n');
    const bytes = new Uint8Array([...enc(head), ...tail]);
    const at = enc(head).length + latin1('{"text":"Caf').length; // the "é" (0xE9)
    for (const cuts of [[at + 1], [at], [at + 1, at + 2], [7]]) {
      const { records, summary } = await collectImport([chunked('late.csv.jsonl', bytes, cuts)]);
      expect(summary.issues).toEqual([]);
      expect(records[1].text).toBe('Café in München, 5 €');
    }
  });

  it('decides for the whole file: Latin-1 whose first high bytes happen to form valid UTF-8 ("Ã©"), then an accented letter', async () => {
    // 0xC3 0xA9 is "é" in UTF-8 but "Ã©" in Latin-1; the 0xE9 followed by a space later shows the file is Latin-1.
    const bytes = new Uint8Array([...enc('{"text":"' + 'a'.repeat(70 * 1024) + '"}\n'), ...latin1('{"text":"Ã© and then café ok"}\n')]);
    for (const chunkSize of [5, 64 * 1024]) {
      const { records, summary } = await importOne('mixed.jsonl', bytes, { chunkSize });
      expect(summary.issues).toEqual([]);
      expect(records[1].text).toBe('Ã© and then café ok');
    }
    // The same pair in a file that stays valid UTF-8 to its end is UTF-8.
    const utf8 = await importOne('ok.jsonl', enc('{"text":"plain"}\n{"text":"é and then café ok"}\n'), { chunkSize: 3 });
    expect(utf8.records[1].text).toBe('é and then café ok');
  });

  it('after real UTF-8 text, invalid bytes later on become U+FFFD (no crash, characters cut by chunks intact)', async () => {
    const head = '{"text":"Grüße 😀 ' + 'a'.repeat(70 * 1024) + '"}\n';
    const bytes = new Uint8Array([...enc(head), ...enc('{"text":"bad Grüße '), 0xe9, 0xff, ...enc(' end 😀"}\n')]);
    for (const chunkSize of [1, 2, 3, 5, 7, 64 * 1024]) {
      const { records, summary } = await importOne('late.jsonl', bytes, { chunkSize });
      expect(summary.issues).toEqual([]);
      expect(records[0].text.startsWith('Grüße 😀 aaa')).toBe(true);
      expect(records[1].text).toBe('bad Grüße \uFFFD\uFFFD end 😀');
    }
  });

  it('the UTF-8 decoder keeps a character cut between chunks when invalid bytes follow', () => {
    // "Grüße" first: enough UTF-8 for the decoder to have decided (see the whole-file tests above).
    const bytes = new Uint8Array([...enc('Grüße, Straße, Ärger é'), ...enc('😀').subarray(0, 2)]);
    const rest = new Uint8Array([...enc('😀').subarray(2), 0xff, ...enc('ü')]);
    for (const cut of [0, 1, 2, 3]) {
      const decoder = createDecoder('utf-8');
      const all = new Uint8Array([...bytes, ...rest]);
      const out = decoder.decode(all.subarray(0, bytes.length - cut)) + decoder.decode(all.subarray(bytes.length - cut)) + decoder.flush();
      expect(out).toBe('Grüße, Straße, Ärger é😀\uFFFDü');
    }
    const truncated = createDecoder('utf-8');
    expect(truncated.decode(enc('é😀').subarray(0, 4)) + truncated.flush()).toBe('é\uFFFD');
  });

  it('decodeText decodes a whole buffer with the detected encoding', () => {
    expect(decodeText(utf16be('Grüße', true))).toBe('Grüße');
    expect(decodeText(latin1('Grüße'))).toBe('Grüße');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('x')]))).toBe('x');
  });

  it('treats a file holding only a BOM and whitespace as empty', async () => {
    const { records, summary } = await importOne('blank.jsonl', new Uint8Array([0xef, 0xbb, 0xbf, 0x20, 0x0a]));
    expect(records).toEqual([]);
    expect(reasons(summary)).toEqual(['empty file']);
  });
});
