/**
 * Generated import files for the importer fuzz tests: JSON Lines, CSV/TSV and JSON array files that mix
 * known-good records (ids `good-K`, their text and line number known) with garbage.
 */
import fc from 'fast-check';
import { type Good, type MixedFile, wordsArb } from './import-fuzz';

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

export const jsonlFileArb: fc.Arbitrary<MixedFile> = fc
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

export const csvFileArb: fc.Arbitrary<MixedFile & { delim: string }> = fc
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

export const jsonArrayFileArb: fc.Arbitrary<MixedFile> = fc
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
