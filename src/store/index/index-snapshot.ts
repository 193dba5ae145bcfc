/**
 * The index snapshot: the engine's `.wtc` bytes without records (`writeCorpus(corpus, { includeRecords:
 * false })`), kept in `meta` with the generation and the record count it describes. Loading it is one read
 * and a parse; when it is missing, damaged, from another engine version, or of another generation, the
 * index is rebuilt from the records (analysing every text) and the snapshot written again.
 */
import { analyze, MemoryCorpus, readCorpus, writeCorpus } from '@wiretrace/engine';
import { corpusRecordOf } from '../idb/record-rows';
import { GENERATION_KEY, SNAPSHOT_KEY, type Db, type GenerationRow, type RecordRow, type SnapshotRow } from '../idb/schema';
import { uncommittedImportIds } from '../idb/visible-rows';
import type { IndexBytes } from './index-keeper';
import type { TimeSlicer } from './time-slicer';

/**
 * Records read per transaction while rebuilding: large enough that transaction overhead is small (see
 * toolchain notes: batches of 100–10,000 cost about the same), small enough that one batch of texts
 * (≈4 KB each) stays a few MB of memory.
 */
const REBUILD_BATCH = 500;

export interface LoadedIndex {
  corpus: MemoryCorpus;
  generation: number;
  /** True when the snapshot could not be used and the index was rebuilt from the records. */
  rebuilt: boolean;
}

export function generationOf(row: GenerationRow | SnapshotRow | undefined): number {
  return row && row.key === GENERATION_KEY ? row.value : 0;
}

export function snapshotRow(corpus: MemoryCorpus, generation: number): SnapshotRow {
  return indexSnapshotRow({ bytes: writeCorpus(corpus, { includeRecords: false }), count: corpus.size }, generation);
}

/**
 * The snapshot row for index bytes made elsewhere (an `IndexKeeper`, perhaps in a worker). The bytes go
 * in as a Blob: putting an 81 MB Uint8Array (100k articles) cloned it on the options page's thread in one
 * 377 ms task at the commit, and reading it back in the worker took 262 ms (`npm run bench:browser`).
 * Measured in Chromium 156 on 81 MB: a Uint8Array put blocks the thread 153–180 ms and is read back in
 * 321–360 ms; a Blob put 60–65 ms (the copy into the Blob) and read back (get + arrayBuffer) in 169–174 ms.
 */
export function indexSnapshotRow(index: IndexBytes, generation: number): SnapshotRow {
  const bytes = index.bytes instanceof Uint8Array && typeof Blob === 'function' ? new Blob([index.bytes as Uint8Array<ArrayBuffer>]) : index.bytes;
  return { key: SNAPSHOT_KEY, bytes, generation, count: index.count, savedAt: new Date().toISOString() };
}

/**
 * The snapshot's corpus if it is usable for this generation, else null. Every change to the committed
 * records (an import's commit, a delete, a clear) writes the snapshot and bumps the generation in the same
 * transaction, so a snapshot of the current generation describes exactly the committed records; the count
 * stored with it is checked against the parsed index. (Counting the records instead costs a walk over all
 * of them in Chromium: 1.5 s at 100k articles, measured by `npm run bench:browser`, for every cold start.)
 */
async function fromSnapshot(row: GenerationRow | SnapshotRow | undefined, generation: number): Promise<MemoryCorpus | null> {
  if (!row || row.key !== SNAPSHOT_KEY || row.generation !== generation) return null;
  try {
    const bytes = row.bytes instanceof Uint8Array ? row.bytes : new Uint8Array(await row.bytes.arrayBuffer());
    const { corpus, migrated } = readCorpus(bytes);
    // A migrated snapshot was rebuilt from texts it does not hold: readCorpus refuses those, but be sure.
    return !migrated && corpus.size === row.count ? corpus : null;
  } catch {
    return null; // damaged, unreadable, or from an engine that cannot be read: rebuild
  }
}

export async function loadIndex(db: Db, slicer?: TimeSlicer): Promise<LoadedIndex> {
  const tx = db.transaction('meta', 'readonly');
  const [genRow, snap] = await Promise.all([tx.store.get(GENERATION_KEY), tx.store.get(SNAPSHOT_KEY), tx.done]);
  const generation = generationOf(genRow);
  const corpus = await fromSnapshot(snap, generation);
  if (corpus) return { corpus, generation, rebuilt: false };

  const rebuilt = await rebuildFromRecords(db, slicer);
  const row = snapshotRow(rebuilt, generation);
  // Save only if nothing was committed meanwhile; otherwise the next load rebuilds again.
  const wtx = db.transaction('meta', 'readwrite');
  const now = generationOf(await wtx.store.get(GENERATION_KEY));
  if (now === generation) await wtx.store.put(row);
  await wtx.done;
  return { corpus: rebuilt, generation, rebuilt: true };
}

/** An index of every committed record; holds no texts (the records stay in IndexedDB). */
async function rebuildFromRecords(db: Db, slicer?: TimeSlicer): Promise<MemoryCorpus> {
  const corpus = new MemoryCorpus();
  let after: string | null = null;
  for (;;) {
    const tx = db.transaction(['records', 'imports'], 'readonly');
    const range: IDBKeyRange | undefined = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
    const [rows, pending]: [RecordRow[], Set<string>] = await Promise.all([tx.objectStore('records').getAll(range, REBUILD_BATCH), uncommittedImportIds(tx)]);
    await tx.done;
    slicer?.yielded();
    for (const row of rows) {
      if (row.importId !== null && pending.has(row.importId)) continue;
      const record = corpusRecordOf(row);
      corpus.add(record, analyze(record.text));
      // Drop the text: scans fetch candidate records from IndexedDB (getRecords).
      corpus.restoreRecord(corpus.index.ordinalOf(record.id)!, null);
      await slicer?.maybeYield();
    }
    if (rows.length < REBUILD_BATCH) return corpus;
    after = rows[rows.length - 1].id;
  }
}
