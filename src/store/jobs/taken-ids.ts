/**
 * The import identity rule (`Deduper.admit`, docs/IMPORT-FORMATS.md "Duplicates and ids") across imports.
 * Within one import the deduper decides; an id the corpus already holds shows up only when the index keeper
 * refuses it (`IndexKeeper.add` answers null). Such a record is compared with the stored article of that id:
 * the same text is a duplicate (not added, listed); another text is a different article that reuses the id
 * (the second CSV file numbering its rows 1..N): it takes its scoped id (`news/b.csv#17`) and is indexed again,
 * until an id is free or holds the same text (importing b.csv a second time ends there as duplicates).
 */
import type { CorpusRecord } from '@wiretrace/engine';
import { admissionNote, sameText, type Deduper, type ImportIssue } from '@wiretrace/engine/formats';
import type { IndexedRecord, IndexKeeper } from '../index/index-keeper';
import type { Db } from '../idb/schema';
import { unpackText } from '../idb/text-codec';

/** A record read from a file, on its way to the store. */
export interface PlacedRecord {
  record: CorpusRecord;
  file: string;
  line: number | null;
  /** The id the file gave it, when the deduper had to rename it already (another article of this import holds it). */
  takenId?: string;
}

export interface SettledBatch<P extends PlacedRecord = PlacedRecord> {
  /** Records to write, each with what the keeper made of it. */
  kept: { placed: P; indexed: IndexedRecord }[];
  /** Records not added: their text is stored under their id already. */
  duplicates: P[];
}

/** The stored texts of the ids (undefined where no row is stored), one read transaction. */
async function storedTexts(db: Db, ids: readonly string[]): Promise<(string | undefined)[]> {
  const tx = db.transaction('records', 'readonly');
  const [rows] = await Promise.all([Promise.all(ids.map((id) => tx.store.get(id))), tx.done]);
  return rows.map((row) => (row ? unpackText(row) : undefined));
}

/**
 * Settles the records the keeper refused (see the header). `indexed[i]` is the keeper's answer for
 * `placed[i]`. Renamed records carry `takenId`; their ids are claimed in `deduper`, so this import never
 * hands out the same scoped id twice.
 */
export async function settleTakenIds<P extends PlacedRecord>(
  db: Db,
  keeper: IndexKeeper,
  deduper: Deduper,
  placed: readonly P[],
  indexed: readonly (IndexedRecord | null)[],
): Promise<SettledBatch<P>> {
  const out: SettledBatch<P> = { kept: [], duplicates: [] };
  let refused: P[] = [];
  placed.forEach((p, i) => {
    const done = indexed[i];
    if (done) out.kept.push({ placed: p, indexed: done });
    else refused.push(p);
  });
  while (refused.length > 0) {
    const texts = await storedTexts(db, refused.map((p) => p.record.id));
    const retry: P[] = [];
    refused.forEach((p, i) => {
      const stored = texts[i];
      if (stored !== undefined && sameText(stored, p.record.text)) out.duplicates.push(p);
      else {
        const takenId = p.takenId ?? p.record.id;
        retry.push({ ...p, takenId, record: { ...p.record, id: deduper.freeScopedId(p.file, takenId) } });
      }
    });
    if (retry.length === 0) break;
    const again = await keeper.add(retry.map((p) => p.record));
    refused = [];
    retry.forEach((p, i) => {
      const done = again[i];
      if (done) out.kept.push({ placed: p, indexed: done });
      else refused.push(p);
    });
  }
  return out;
}

/** The summary's line for a settled record: renamed (it has a `takenId`), a duplicate, or none. */
export function placedNote(p: PlacedRecord, duplicate: boolean): ImportIssue | null {
  if (duplicate) return admissionNote({ kind: 'duplicate' }, p.file, p.line);
  return p.takenId === undefined ? null : admissionNote({ kind: 'renamed', record: p.record, takenId: p.takenId }, p.file, p.line);
}
