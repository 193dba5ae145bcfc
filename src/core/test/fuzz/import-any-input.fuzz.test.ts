/**
 * Fuzz / property tests of the importers (src/core/formats/import) on any input: random bytes under every file
 * name, and several files of random bytes and generated JSON Lines in one import.
 *
 * Invariants: the import never throws (problems are `issue` events); every record has a non-empty id and text;
 * issue and record line numbers lie inside the file; fallback ids (`path:LINE`) are unique within a file
 * (records' own ids are not promised unique: the Deduper drops repeats, and after `collectImport` ids are unique).
 *
 * Generated cases in this file: 800 + 150 = 950.
 */
import fc from 'fast-check';
import { bytesSource, collectImport } from '../../formats/import';
import { enc } from '../import/helpers';
import { fuzzParams } from '../support/fuzz-config';
import { checkCommon, cutsArb, extractHtml, run, source } from './import-fuzz';
import { jsonlFileArb } from './import-fuzz-files';

/** Lines in bytes, counted as the importer does (LF; for UTF-16 the 0x0A code unit). An upper bound otherwise. */
function lineCount(bytes: Uint8Array): number {
  let n = 1;
  for (const b of bytes) if (b === 0x0a) n++;
  return n;
}

const NAMES = ['a.jsonl', 'a.json', 'a.ndjson', 'a.csv', 'a.tsv', 'a.txt', 'a.md', 'a.html', 'a.zip', 'a.gz', 'a.jsonl.gz', 'a.csv.gz', 'noext', 'a.xml', 'a.wtc'];

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
