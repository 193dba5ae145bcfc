import 'fake-indexeddb/auto';
import { analyze, MemoryCorpus, finishScan, scanCandidates, type ScanOptions, type CorpusRecord } from '@wiretrace/engine';
import type { CorpusStore } from '../../src/store/api';
import { openStore } from '../../src/store/open-store';
import { filler, rng } from '../../src/core/test/support/text-gen';
import { DEMO_RECORDS, freshName, rawDb, syntheticRecords } from './helpers';

/** The background's scan: candidates from the loaded index, records from IndexedDB. */
async function scanThroughStore(store: CorpusStore, text: string, opts: ScanOptions = {}) {
  const { corpus } = await store.loadIndex();
  const analysis = analyze(text);
  const ids = scanCandidates(corpus.index, analysis).map((ord) => corpus.index.doc(ord)!.id);
  const records = (await store.getRecords(ids)).filter((r) => r !== undefined);
  return finishScan(corpus.index, analysis, records.map((record) => ({ record })), opts);
}

function memoryScan(records: CorpusRecord[], text: string, opts: ScanOptions = {}) {
  const corpus = new MemoryCorpus();
  for (const r of records) corpus.add(r);
  return corpus.scan(text, opts);
}

const rand = rng(31);
const corpusRecords = [...DEMO_RECORDS, ...syntheticRecords(60, 32)];
/** A page made of copied passages (a demo story, two synthetic ones) and new text. */
const PAGE = [
  filler(rand, 40),
  DEMO_RECORDS[0].text.split('\n\n').slice(1, 4).join('\n\n'),
  filler(rand, 30),
  corpusRecords[10].text,
  filler(rand, 20),
  corpusRecords[30].text.split('. ').slice(0, 3).join('. '),
].join('\n\n');

describe('index snapshot', () => {
  test('scan results through the store equal MemoryCorpus.scan on the same records', async () => {
    const store = await openStore({ name: freshName() });
    await store.addRecords(corpusRecords, 'import');
    const viaStore = await scanThroughStore(store, PAGE);
    const inMemory = memoryScan(corpusRecords, PAGE);
    expect(inMemory.matches.length).toBeGreaterThanOrEqual(3);
    // The store returns StoredRecord sources; compare the report's own fields.
    expect(JSON.parse(JSON.stringify(viaStore))).toEqual(JSON.parse(JSON.stringify(inMemory)));
    const opts: ScanOptions = { minWords: 20, includeQuotes: false, includeReworded: false };
    expect(JSON.parse(JSON.stringify(await scanThroughStore(store, PAGE, opts)))).toEqual(JSON.parse(JSON.stringify(memoryScan(corpusRecords, PAGE, opts))));
    store.close();
  });

  test.each([
    ['a missing snapshot', async (db: Awaited<ReturnType<typeof rawDb>>) => db.delete('meta', 'index')],
    [
      'a corrupt snapshot',
      async (db: Awaited<ReturnType<typeof rawDb>>) => {
        const snap = await db.get('meta', 'index');
        if (snap?.key !== 'index') throw new Error('no snapshot');
        const bytes = snap.bytes instanceof Blob ? new Uint8Array(await snap.bytes.arrayBuffer()) : snap.bytes;
        await db.put('meta', { ...snap, bytes: bytes.slice(0, bytes.length >> 1) });
      },
    ],
    [
      'a snapshot of another generation',
      async (db: Awaited<ReturnType<typeof rawDb>>) => {
        const snap = await db.get('meta', 'index');
        if (snap?.key !== 'index') throw new Error('no snapshot');
        await db.put('meta', { ...snap, generation: snap.generation - 1 });
      },
    ],
    [
      'a snapshot whose stored count disagrees with its index',
      async (db: Awaited<ReturnType<typeof rawDb>>) => {
        const snap = await db.get('meta', 'index');
        if (snap?.key !== 'index') throw new Error('no snapshot');
        await db.put('meta', { ...snap, count: snap.count + 1 });
      },
    ],
  ])('%s is rebuilt from the records and written again', async (label, damage) => {
    const name = freshName();
    const store = await openStore({ name });
    await store.addRecords(corpusRecords, 'import');
    const before = await scanThroughStore(store, PAGE);
    let db = await rawDb(name);
    await damage(db);
    db.close();

    const { corpus, generation } = await store.loadIndex();
    expect(generation).toBe(await store.generation());
    expect(corpus.size).toBe(await store.count());
    db = await rawDb(name);
    const snap = await db.get('meta', 'index');
    db.close();
    expect(snap).toMatchObject({ key: 'index', count: corpus.size, generation });
    const after = await scanThroughStore(store, PAGE);
    expect(label).toBeTruthy();
    expect(JSON.parse(JSON.stringify(after))).toEqual(JSON.parse(JSON.stringify(before)));
    store.close();
  });

  test('the snapshot is stored as a Blob; one stored as a Uint8Array (written before) still loads without a rebuild', async () => {
    const name = freshName();
    const store = await openStore({ name });
    await store.addRecords(corpusRecords, 'import');
    const before = await scanThroughStore(store, PAGE);
    let db = await rawDb(name);
    const snap = await db.get('meta', 'index');
    if (snap?.key !== 'index') throw new Error('no snapshot');
    expect(snap.bytes).toBeInstanceOf(Blob);
    await db.put('meta', { ...snap, bytes: new Uint8Array(await (snap.bytes as Blob).arrayBuffer()) });
    db.close();

    const reader = await openStore({ name });
    const loaded = await reader.loadIndex();
    expect(loaded.corpus.size).toBe(corpusRecords.length);
    db = await rawDb(name);
    // Not rebuilt: a rebuild would have written the snapshot again (as a Blob).
    expect((await db.get('meta', 'index'))?.key === 'index' && (await db.get('meta', 'index'))).toMatchObject({ bytes: expect.any(Uint8Array) });
    db.close();
    expect(JSON.parse(JSON.stringify(await scanThroughStore(reader, PAGE)))).toEqual(JSON.parse(JSON.stringify(before)));
    reader.close();
    store.close();
  });

  test('a record deleted behind the store\'s back (not through it) is never reported', async () => {
    // The snapshot is trusted for its generation (no count of the records on load: that walks them all);
    // an index entry whose record is gone finds nothing to align with and is skipped.
    const name = freshName();
    const store = await openStore({ name });
    await store.addRecords(corpusRecords, 'import');
    const found = (await scanThroughStore(store, PAGE)).matches.map((m) => m.source.id);
    expect(found).toContain('syn-6');
    const db = await rawDb(name);
    await db.delete('records', 'syn-6');
    db.close();
    const after = (await scanThroughStore(store, PAGE)).matches.map((m) => m.source.id);
    expect(after).not.toContain('syn-6');
    expect(after).toEqual(found.filter((id) => id !== 'syn-6'));
    store.close();
  });

  test('two contexts writing one after the other: the later commit never hides the earlier one', async () => {
    const name = freshName();
    const a = await openStore({ name });
    const b = await openStore({ name });
    await a.addRecords(syntheticRecords(5, 33, 'a1'));
    // b's working index is now at generation 1; a moves the corpus on behind its back.
    await b.addRecords(syntheticRecords(5, 34, 'b1'));
    await a.addRecords(syntheticRecords(5, 35, 'a2'));
    await b.deleteRecords(['a1-0']);
    await b.addRecords(syntheticRecords(5, 36, 'b2'));
    const { corpus } = await a.loadIndex();
    expect(corpus.size).toBe(19);
    expect(await a.count()).toBe(19);
    for (const id of ['a1-1', 'b1-0', 'a2-4', 'b2-2']) expect(corpus.index.has(id)).toBe(true);
    expect(corpus.index.has('a1-0')).toBe(false);
    a.close();
    b.close();
  });
});
