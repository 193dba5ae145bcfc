/**
 * Fuzz / property tests of the archive importers (src/core/formats/import): zip and gzip archives of generated
 * JSON Lines and CSV files, whole and truncated. A whole archive gives every known-good record of its files, a
 * truncated one a subset of them and an issue for the cut data, and neither throws.
 *
 * Generated cases in this file: 250.
 */
import fc from 'fast-check';
import { gzipSync, zipSync } from 'fflate';
import { enc } from '../import/helpers';
import { fuzzParams } from '../support/fuzz-config';
import { checkCommon, checkGoods, cutsArb, run, source } from './import-fuzz';
import { csvFileArb, jsonlFileArb } from './import-fuzz-files';

describe('importer fuzz', () => {
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
});
