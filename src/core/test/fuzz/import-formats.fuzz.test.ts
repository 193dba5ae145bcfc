/**
 * Fuzz / property tests of the text importers (src/core/formats/import): JSON Lines, CSV/TSV and JSON array files
 * mixing known-good records with garbage (random quoting, embedded newlines, ragged rows, BOMs, UTF-16, CRLF,
 * random chunk boundaries). Every known-good record comes out, once, with its id, text and line number, whatever
 * garbage surrounds it; a truncated JSON array yields a subset of the whole array's records. The invariants of
 * every import (support/import-fuzz.ts, `checkCommon`) hold too.
 *
 * Generated cases in this file: 500 + 400 + 300 = 1,200 (plus two regression examples).
 */
import fc from 'fast-check';
import { bytesSource } from '../../formats/import';
import { enc } from '../import/helpers';
import { fuzzParams } from '../support/fuzz-config';
import { checkCommon, checkGoods, cutsArb, encode, encodingArb, run, source } from './import-fuzz';
import { csvFileArb, jsonArrayFileArb, jsonlFileArb } from './import-fuzz-files';

describe('importer fuzz: regressions found by the properties below', () => {
  test('a CSV header line cut across chunks still gives the right delimiter', async () => {
    // The delimiter used to be picked from the first decoded piece only: "i" has no ";", so "," was used and the
    // header "id;text" had no text column.
    const text = 'id;text\r\ngood-0;"account\r\nCRLF line"\r\n';
    for (const cut of [1, 3, 5, 8]) {
      const c = await run([source('a.csv', enc(text), [cut])]);
      expect(c.issues).toEqual([]);
      expect(c.records.map((r) => [r.record.id, r.record.text, r.line])).toEqual([['good-0', 'account\nCRLF line', 2]]);
    }
    // Quotes on the header line hide newlines and delimiters from the detection, whatever the chunking.
    const quoted = '"id";"te\nxt,";text\n1;a;b,c,d\n';
    for (const cut of [0, 4, 6, 12]) {
      const c = await run([source('q.csv', enc(quoted), [cut])]);
      expect(c.records.map((r) => r.record.text)).toEqual(['b,c,d']);
    }
  });

  test('a .jsonl file whose first line is an array is still JSON Lines (only .json makes any "[" an array)', async () => {
    const c = await run([bytesSource('a.jsonl', '[1, 2]\n{"id":"g","text":"kept"}\n')]);
    expect(c.records.map((r) => [r.record.id, r.line])).toEqual([['g', 2]]);
    expect(c.issues.map((i) => i.line)).toEqual([1]);
    const arr = await run([bytesSource('a.json', '[1, 2]\n')]);
    expect(arr.records).toEqual([]);
    expect(arr.issues.length).toBeGreaterThan(0);
  });
});

describe('importer fuzz', () => {
  test('JSON Lines: every good line is imported among garbage lines, in any encoding and chunking (500 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(jsonlFileArb, fc.constantFrom('a.jsonl', 'a.json', 'a.ndjson', 'a.JSONL'), encodingArb, cutsArb, async (file, name, encoding, cuts) => {
        const bytes = encode(file.text, encoding);
        const c = await run([source(name, bytes, cuts)]);
        checkCommon(c, new Map([[name, file.text.split('\n').length]]));
        checkGoods(c, file.goods);
      }),
      fuzzParams(500, 22),
    );
  });

  test('CSV/TSV: random quoting, embedded newlines and ragged rows keep every good row (400 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(csvFileArb, encodingArb, cutsArb, async (file, encoding, cuts) => {
        const name = file.delim === '\t' ? 'a.tsv' : 'a.csv';
        const c = await run([source(name, encode(file.text, encoding), cuts)]);
        checkCommon(c, new Map([[name, file.text.split('\n').length]]));
        checkGoods(c, file.goods);
      }),
      fuzzParams(400, 23),
    );
  });

  test('JSON arrays: good elements among bad ones are imported at their line; a truncated array gives a subset (300 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(jsonArrayFileArb, fc.constantFrom('a.json', 'B.JSON'), encodingArb, cutsArb, fc.double({ min: 0, max: 1, noNaN: true }), async (file, name, encoding, cuts, keep) => {
        const lines = new Map([[name, file.text.split('\n').length]]);
        const whole = await run([source(name, encode(file.text, encoding), cuts)]);
        checkCommon(whole, lines);
        checkGoods(whole, file.goods);
        const cut = Math.floor(keep * file.text.lastIndexOf(']'));
        const part = await run([source(name, encode(file.text.slice(0, cut), encoding), cuts)]);
        checkCommon(part, lines);
        const all = new Set(whole.records.map((r) => `${r.record.id}\0${r.record.text}\0${r.line}`));
        for (const r of part.records) {
          if (!all.has(`${r.record.id}\0${r.record.text}\0${r.line}`)) throw new Error(`truncated array made up record ${r.record.id}`);
        }
        expect(part.issues.length).toBeGreaterThan(0);
      }),
      fuzzParams(300, 26),
    );
  });
});
