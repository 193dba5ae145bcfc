/**
 * Fuzz / property tests of the corpus importers (src/core/formats/import): random bytes under every file name, JSON Lines
 * and CSV/TSV files mixing known-good records with garbage (random quoting, embedded newlines, ragged rows, BOMs,
 * UTF-16, CRLF, random chunk boundaries), and zip/gzip archives of them, whole and truncated.
 *
 * Invariants: the import never throws (problems are `issue` events); every record has a non-empty id and text;
 * issue and record line numbers lie inside the file; every known-good record comes out, once, with its id,
 * text and line number, whatever garbage surrounds it; fallback ids (`path:LINE`) are unique within a file
 * (records' own ids are not promised unique: the Deduper drops repeats, and after `collectImport` ids are unique);
 * a truncated archive yields a subset of the whole archive's records.
 *
 * Generated cases in this file: 800 + 500 + 400 + 300 + 250 + 150 = 2,400 (plus two regression examples).
 */
import fc from 'fast-check';
import { gzipSync, zipSync } from 'fflate';
import { bytesSource, chunksSource, collectImport, importSources, type ExtractHtml, type ImportEvent, type ImportSource } from '../../formats/import';
import type { CorpusRecord } from '../../types';
import { WORDS } from '../helpers';
import { splitAt, utf16be, utf16le } from '../import/helpers';
import { fuzzParams } from '../support/fuzz-config';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A stand-in HTML extractor: the text of the <p> elements; throws on a marker so failures are exercised too. */
const extractHtml: ExtractHtml = (html, url) => {
  if (html.includes('THROW')) throw new Error('extractor failed');
  const paragraphs = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1].replace(/<[^>]*>/g, '').trim());
  if (paragraphs.length === 0) return null;
  return { title: null, text: paragraphs.join('\n\n'), published: null, outlet: null, url };
};

interface Collected {
  records: Array<{ record: CorpusRecord; file: string; line: number | null }>;
  issues: Array<{ file: string; line: number | null; reason: string }>;
}

/** Runs an import to the end; any exception fails the property (the importer must never throw). */
async function run(sources: ImportSource[]): Promise<Collected> {
  const out: Collected = { records: [], issues: [] };
  for await (const e of importSources(sources, { extractHtml }) as AsyncGenerator<ImportEvent>) {
    if (e.type === 'record') out.records.push(e);
    else if (e.type === 'issue') out.issues.push(e.issue);
  }
  return out;
}

/** Invariants that hold for every import; `lines`: the file's line count when known (a top-level text file). */
function checkCommon(c: Collected, lines: Map<string, number>): void {
  for (const { record, file, line } of c.records) {
    if (typeof record.id !== 'string' || record.id.trim() === '') throw new Error(`record without id in ${file}`);
    if (typeof record.text !== 'string' || record.text.trim() === '') throw new Error(`record ${record.id} without text`);
    const n = lines.get(file);
    if (line !== null && (line < 1 || (n !== undefined && line > n))) throw new Error(`record line ${line} outside ${file} (${n} lines)`);
  }
  for (const issue of c.issues) {
    if (typeof issue.reason !== 'string' || issue.reason === '') throw new Error('issue without reason');
    const n = lines.get(issue.file);
    if (issue.line !== null) {
      if (!Number.isInteger(issue.line) || issue.line < 1 || (n !== undefined && issue.line > n)) {
        throw new Error(`issue line ${issue.line} outside ${issue.file} (${n} lines): ${issue.reason}`);
      }
      if (!issue.reason.startsWith(`line ${issue.line}: `)) throw new Error(`issue reason lacks its line prefix: ${issue.reason}`);
    }
  }
  // Fallback ids (`file:LINE`, `file:LINE#k`) never repeat.
  const fallback = c.records.map((r) => r.record.id).filter((id) => /:\d+(?:#\d+)?$/.test(id));
  expect(new Set(fallback).size).toBe(fallback.length);
}

/** Lines in bytes, counted as the importer does (LF; for UTF-16 the 0x0A code unit). An upper bound otherwise. */
function lineCount(bytes: Uint8Array): number {
  let n = 1;
  for (const b of bytes) if (b === 0x0a) n++;
  return n;
}

// ---- Generators -------------------------------------------------------------------------------------------

const NAMES = ['a.jsonl', 'a.json', 'a.ndjson', 'a.csv', 'a.tsv', 'a.txt', 'a.md', 'a.html', 'a.zip', 'a.gz', 'a.jsonl.gz', 'a.csv.gz', 'noext', 'a.xml', 'a.wtc'];

const wordsArb = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...WORDS, 'naïve', 'Zürich', 'Москва', '東京', '😀', 'l’été', '"quoted"', 'a,b', 'semi;colon', 'tab\there', 'x|y'), {
    minLength: min,
    maxLength: max,
  }).map((ws) => ws.join(' '));

/** Chunk cut points for a byte length (0–6 cuts anywhere, including inside a multi-byte character). */
const cutsArb = fc.array(fc.nat(), { maxLength: 6 });

/** An encoding of a text file: UTF-8 (with or without BOM) or UTF-16 with a BOM. */
type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';
const encodingArb = fc.constantFrom<Encoding>('utf8', 'utf8', 'utf8-bom', 'utf16le', 'utf16be');
function encode(text: string, e: Encoding): Uint8Array {
  if (e === 'utf8') return enc(text);
  if (e === 'utf8-bom') return enc('\uFEFF' + text);
  return e === 'utf16le' ? utf16le(text, true) : utf16be(text, true);
}

function source(path: string, bytes: Uint8Array, cuts: number[]): ImportSource {
  return chunksSource(path, splitAt(bytes, cuts.map((c) => c % (bytes.length + 1))));
}

interface Good {
  id: string;
  text: string;
}

// -- JSON Lines

const goodJsonArb = (k: number): fc.Arbitrary<{ good: Good; line: string }> =>
  fc
    .record({
      text: wordsArb(1, 30),
      idKey: fc.constantFrom('id', 'ID', 'guid', '_id'),
      textKey: fc.constantFrom('text', 'Text', 'body', 'content', 'articleBody'),
      extra: fc.dictionary(fc.constantFrom('title', 'url', 'date', 'x', 'source', 'tags'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      space: fc.constantFrom('', ' ', '\t'),
    })
    .map(({ text, idKey, textKey, extra, space }) => {
      // No indentation before a good line: after an unclosed `{` line, only an object starting at column 0 is
      // taken as a new record (an indented one is a nested value of a pretty-printed object, by design).
      const id = `good-${k}`;
      // The extras are never id or text fields (see ID_FIELDS, TEXT_FIELDS), so they cannot shadow the good ones.
      const obj = { ...extra, [idKey]: id, [textKey]: text };
      return { good: { id, text }, line: JSON.stringify(obj) + space };
    });

/** Lines that are not good records: invalid JSON, non-objects, objects without text, pieces of objects. */
const badJsonLineArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', 'a', '1', ' ', '\\', 'n', 'u'), maxLength: 30 }).map((s) => s.replace(/\n/g, '')),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\n\r\u2028\u2029]/g, ' ')),
  fc.constantFrom('{', '}', '{"a":', '"b"}', '{"text": "unterminated', '[1, 2]', '"string"', '42', 'null', '{"text": ""}', '{"id": "bad"}', '{"text": 5}', '{"text": ["p1", 7]}', '{"html": "<p>x</p>"}', '{"html": "THROW"}', '{"id": 1e400, "text": "big"}', '   ', ''),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)).filter((s) => !/good-\d/.test(s)),
);

interface MixedFile {
  text: string;
  goods: Array<Good & { line: number }>;
}

const jsonlFileArb: fc.Arbitrary<MixedFile> = fc
  .array(fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), { maxLength: 25 })
  .chain((kinds) =>
    fc.tuple(
      fc.tuple(...kinds.map((isGood, k) => (isGood ? goodJsonArb(k) : badJsonLineArb.map((line) => ({ good: null, line }))))),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
    ),
  )
  .map(([items, eol, finalEol]) => {
    const goods: MixedFile['goods'] = [];
    items.forEach((it, i) => {
      if (it.good) goods.push({ ...it.good, line: i + 1 });
    });
    // A file whose content starts with `[` is a JSON array (by design, see sniff-format.ts): keep the garbage from
    // deciding the whole file's format.
    const first = items.find((it) => it.line.trim() !== '');
    if (first && !first.good && first.line.trim().startsWith('[')) first.line = `x${first.line}`;
    return { text: items.map((it) => it.line).join(eol) + (finalEol ? eol : ''), goods };
  });

// -- CSV / TSV

/** A CSV field, quoted when it must be (delimiter, quote, newline, leading/trailing space) or at random. */
function csvField(value: string, delim: string, quote: boolean): string {
  const must = value.includes(delim) || value.includes('"') || value.includes('\n') || value.includes('\r') || value !== value.trim();
  return must || quote ? `"${value.replace(/"/g, '""')}"` : value;
}

const csvFileArb: fc.Arbitrary<MixedFile & { delim: string }> = fc
  .record({
    delim: fc.constantFrom(',', ';', '\t', '|'),
    extraCols: fc.uniqueArray(fc.constantFrom('title', 'url', 'notes', 'x', 'published'), { maxLength: 3 }),
    textFirst: fc.boolean(),
    rows: fc.array(
      fc.record({
        kind: fc.constantFrom('good', 'good', 'good', 'ragged-long', 'no-text', 'blank', 'short-with-text'),
        text: fc.tuple(wordsArb(1, 20), fc.constantFrom('', '\nsecond line', '\r\nCRLF line', ' "inner quote" ')).map(([a, b]) => a + b),
        extras: fc.array(fc.oneof(wordsArb(0, 3), fc.constantFrom('', ' ', 'x,y', 'a"b', '2024-01-02')), { minLength: 5, maxLength: 5 }),
        quotes: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      }),
      { maxLength: 20 },
    ),
    eol: fc.constantFrom('\n', '\r\n'),
  })
  .map(({ delim, extraCols, textFirst, rows, eol }) => {
    const header = textFirst ? ['text', 'id', ...extraCols] : ['id', ...extraCols, 'text'];
    const lines: string[] = [header.join(delim)];
    let line = 2;
    const goods: MixedFile['goods'] = [];
    rows.forEach((r, k) => {
      const id = `good-${k}`;
      const value = (col: string, i: number): string => (col === 'text' ? r.text : col === 'id' ? id : r.extras[i] ?? '');
      let cells = header.map((col, i) => csvField(value(col, i), delim, r.quotes[i]));
      if (r.kind === 'blank') cells = [];
      else if (r.kind === 'no-text') cells = header.map((col, i) => (col === 'text' ? '' : csvField(value(col, i).replace(/good/g, 'bad'), delim, r.quotes[i])));
      else if (r.kind === 'ragged-long') cells = [...header.map((col, i) => csvField(value(col, i).replace(/good/g, 'bad'), delim, r.quotes[i])), 'extra', 'more'];
      else if (r.kind === 'short-with-text' && textFirst) cells = cells.slice(0, 2); // text and id only: still a record
      const row = cells.join(delim);
      if (r.kind === 'good' || (r.kind === 'short-with-text' && textFirst)) goods.push({ id, text: r.text.replace(/\r\n?/g, '\n').trim(), line });
      lines.push(row);
      line += (row.match(/\n/g) ?? []).length + 1;
    });
    return { delim, text: lines.join(eol) + eol, goods };
  });

// -- JSON arrays

/** Valid JSON elements that are not good records: non-objects, nested arrays, objects without (usable) text. */
const badElementArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('1', '"s"', 'null', 'true', '[]', '{}', '[1, {"text": "in a nested array"}]', '{"id": "bad"}', '{"text": ""}', '{"text": 5}', '{"text": ["a", 1]}', '{"html": "<p>x</p>"}', '{"html": "THROW"}', '{"text": "   "}'),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v, null, 1) ?? 'null').filter((t) => !/good-\d/.test(t)),
);

const jsonArrayFileArb: fc.Arbitrary<MixedFile> = fc
  .array(fc.boolean(), { maxLength: 20 })
  .chain((kinds) =>
    fc.tuple(
      fc.tuple(
        ...kinds.map((isGood, k) =>
          isGood
            ? fc.tuple(goodJsonArb(k), fc.boolean()).map(([g, pretty]) => ({ good: g.good, json: pretty ? JSON.stringify(JSON.parse(g.line), null, 2) : g.line.trim() }))
            : badElementArb.map((json) => ({ good: null, json })),
        ),
      ),
      fc.array(fc.constantFrom(',', ', ', ',\n', ',\r\n  ', '\n,', ',,', ', \u00a0\n\t'), { minLength: 20, maxLength: 20 }),
      fc.constantFrom('[', '[\n', '\n [\r\n'),
      fc.constantFrom(']', '\n]', '\n]\n', ']\r\n\r\n'),
    ),
  )
  .map(([items, seps, open, close]) => {
    let text = open;
    const goods: MixedFile['goods'] = [];
    items.forEach((it, i) => {
      if (i > 0) text += seps[i];
      if (it.good) goods.push({ ...it.good, line: text.split('\n').length });
      text += it.json;
    });
    return { text: text + close, goods };
  });

/** Checks that every known-good record came out exactly once, with its text and line. */
function checkGoods(c: Collected, goods: MixedFile['goods']): void {
  const byId = new Map<string, Array<{ record: CorpusRecord; line: number | null }>>();
  for (const r of c.records) {
    const list = byId.get(r.record.id) ?? [];
    list.push(r);
    byId.set(r.record.id, list);
  }
  for (const g of goods) {
    const found = byId.get(g.id);
    if (!found || found.length !== 1) {
      throw new Error(`good record ${g.id} (line ${g.line}) came out ${found?.length ?? 0} times; issues: ${JSON.stringify(c.issues.slice(0, 5))}`);
    }
    expect(found[0].record.text).toBe(g.text);
    expect(found[0].line).toBe(g.line);
  }
}

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
  test('random bytes under any file name never throw and keep the event invariants (800 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc.string({ unit: 'binary', maxLength: 300 }).map(enc),
          fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ',', ';', '\t', '\n', '\r', 'a', 'text', 'id', ':', '<p>', '</p>', '\0', '\uFEFF', 'é'), maxLength: 120 }).map(enc),
          fc.constantFrom(new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xff, 0xfe]), new Uint8Array([0xfe, 0xff, 0, 0x7b]), new Uint8Array([0x50, 0x4b, 3, 4]), new Uint8Array([0x1f, 0x8b, 8]), enc('WTC1')),
        ),
        fc.constantFrom(...NAMES),
        cutsArb,
        async (bytes, name, cuts) => {
          const c = await run([source(name, bytes, cuts)]);
          const archive = /\.(zip|gz)$/.test(name) || (bytes[0] === 0x50 && bytes[1] === 0x4b) || (bytes[0] === 0x1f && bytes[1] === 0x8b);
          checkCommon(c, archive ? new Map() : new Map([[name, lineCount(bytes)]]));
        },
      ),
      fuzzParams(800, 21),
    );
  });

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

  test('zip and gzip archives: whole ones give every good record, truncated ones a subset, none throws (250 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        jsonlFileArb,
        csvFileArb,
        fc.constantFrom<'zip' | 'gz'>('zip', 'gz'),
        fc.constantFrom<0 | 1 | 6 | 9>(0, 1, 6, 9),
        fc.double({ min: 0, max: 1, noNaN: true }),
        cutsArb,
        async (jsonl, csv, kind, level, keep, cuts) => {
          const archive =
            kind === 'zip'
              ? zipSync({ 'in/a.jsonl': enc(jsonl.text), 'in/b.csv': enc(csv.text), '__MACOSX/._a.jsonl': enc('junk') }, { level })
              : gzipSync(enc(jsonl.text), { level });
          const name = kind === 'zip' ? 'x.zip' : 'x.jsonl.gz';
          const whole = await run([source(name, archive, cuts)]);
          checkCommon(whole, new Map());
          if (kind === 'zip') {
            checkGoods({ records: whole.records.filter((r) => r.file === 'x.zip/in/a.jsonl'), issues: whole.issues }, jsonl.goods);
            checkGoods({ records: whole.records.filter((r) => r.file === 'x.zip/in/b.csv'), issues: whole.issues }, csv.goods);
          } else {
            checkGoods(whole, jsonl.goods);
          }
          const cut = Math.floor(keep * archive.length);
          const part = await run([source(name, archive.subarray(0, cut), cuts)]);
          checkCommon(part, new Map());
          const all = new Set(whole.records.map((r) => `${r.file}\0${r.record.id}\0${r.record.text}`));
          for (const r of part.records) {
            if (!all.has(`${r.file}\0${r.record.id}\0${r.record.text}`)) throw new Error(`truncated archive made up record ${r.record.id} in ${r.file}`);
          }
          // Cut data is reported. fflate's Gunzip does not need the 8-byte gzip trailer (CRC-32, size): a gzip file
          // cut inside it has lost no data and is imported without an issue.
          if (cut < archive.length - (kind === 'gz' ? 8 : 0)) expect(part.issues.length).toBeGreaterThan(0);
        },
      ),
      fuzzParams(250, 24),
    );
  });

  test('several files in one import: after collectImport ids are unique and no file stops the others (150 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.oneof(fc.uint8Array({ maxLength: 200 }), jsonlFileArb.map((f) => enc(f.text)))), { maxLength: 5 }),
        jsonlFileArb,
        async (others, good) => {
          const sources = [...others.map(([n, b], i) => bytesSource(`d${i}/${n}`, b, 7)), bytesSource('last.jsonl', good.text, 13)];
          const { records } = await collectImport(sources, { extractHtml });
          const ids = records.map((r) => r.id);
          expect(new Set(ids).size).toBe(ids.length);
          // The last file's good records are all there (or dropped as duplicates of an earlier id or text).
          for (const g of good.goods) {
            const dup = records.some((r) => r.id === g.id || r.text.toLowerCase().replace(/\s+/g, ' ') === g.text.toLowerCase().replace(/\s+/g, ' '));
            expect(dup).toBe(true);
          }
        },
      ),
      fuzzParams(150, 25),
    );
  });
});
