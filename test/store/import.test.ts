import 'fake-indexeddb/auto';
import { bytesSource, chunksSource, type ImportSource } from '@wiretrace/engine/formats';
import { SCHEMA_VERSION, type ImportProgress } from '../../src/store/api';
import { openStore } from '../../src/store/open-store';
import { BATCH_RECORDS } from '../../src/store/jobs/run-import';
import { DEMO_JSONL, DEMO_RECORDS, freshName, rawDb, syntheticRecords, toJsonl, waitUntil } from './helpers';

async function rowsWithImportIds(name: string): Promise<number> {
  const db = await rawDb(name);
  const rows = await db.getAll('records');
  db.close();
  return rows.filter((r) => r.importId !== null).length;
}

describe('runImport', () => {
  test('imports JSON Lines, tags rows, commits a snapshot and bumps the generation', async () => {
    const name = freshName();
    const store = await openStore({ name });
    expect(await store.generation()).toBe(0);
    const progress: ImportProgress[] = [];
    const result = await store.runImport([bytesSource('demo.jsonl', DEMO_JSONL)], { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ status: 'done', imported: 4, duplicates: 0, skipped: 0, total: 4 });
    expect(result.error).toBeUndefined();
    expect(await store.count()).toBe(4);
    expect(await store.generation()).toBe(1);
    const stored = await store.getRecord('seed-000');
    expect(stored).toMatchObject({ ...DEMO_RECORDS[0], v: SCHEMA_VERSION, origin: 'import' });
    expect(stored!.importId).toMatch(/^import-/);
    expect(stored!.words).toBeGreaterThan(400);
    expect(stored).not.toHaveProperty('outletKey');
    // The final progress report says everything was read.
    expect(progress.at(-1)).toMatchObject({ filesDone: 1, filesTotal: 1, imported: 4, currentFile: null });

    const db = await rawDb(name);
    const jobs = await db.getAll('imports');
    const snapshot = await db.get('meta', 'index');
    db.close();
    expect(jobs).toEqual([expect.objectContaining({ state: 'done', imported: 4 })]);
    expect(snapshot).toMatchObject({ generation: 1, count: 4 });
    const { corpus, generation } = await store.loadIndex();
    expect(generation).toBe(1);
    expect(corpus.size).toBe(4);
    // The index holds no texts: records come from getRecords.
    expect(corpus.get('seed-000')).toBeUndefined();
    store.close();
  });

  test('progress reports byte totals when the sources know their size', async () => {
    const store = await openStore({ name: freshName() });
    const bytes = new TextEncoder().encode(DEMO_JSONL);
    const source = Object.assign(bytesSource('demo.jsonl', bytes, 1024), { size: bytes.length });
    const progress: ImportProgress[] = [];
    await store.runImport([source], { onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toMatchObject({ bytesDone: bytes.length, bytesTotal: bytes.length });
    store.close();
  });

  test('stored articles imported again are duplicates, listed; so are repeated texts within an import', async () => {
    const store = await openStore({ name: freshName() });
    await store.runImport([bytesSource('demo.jsonl', DEMO_JSONL)]);
    const again = await store.runImport([bytesSource('again.jsonl', DEMO_JSONL)]);
    expect(again).toMatchObject({ status: 'done', imported: 0, duplicates: 4, renamed: 0, total: 4 });
    expect(again.notes.map((n) => n.reason)).toEqual([1, 2, 3, 4].map((l) => `line ${l}: duplicate: the same text as an article already imported; not added`));
    // Nothing imported: the generation does not move (no reload for the background).
    expect(await store.generation()).toBe(1);

    const sameId = { ...DEMO_RECORDS[0], text: 'A completely different text under an id that is already stored.' };
    const [fresh] = syntheticRecords(1, 9, 'fresh');
    const copy = { ...fresh, id: 'fresh-copy' }; // same text, other id
    const mixed = await store.runImport([bytesSource('mixed.jsonl', toJsonl([sameId, fresh, copy]))]);
    // The stored id with another text is another article: kept under its scoped id, and listed.
    expect(mixed).toMatchObject({ status: 'done', imported: 2, duplicates: 1, renamed: 1, total: 6 });
    expect(mixed.notes).toEqual([
      { file: 'mixed.jsonl', line: 3, reason: 'line 3: duplicate: the same text as an article already imported; not added' },
      { file: 'mixed.jsonl', line: 1, reason: 'line 1: id "seed-000" is already used by another article; imported as "mixed.jsonl#seed-000"' },
    ]);
    expect((await store.getRecord('seed-000'))!.text).toBe(DEMO_RECORDS[0].text);
    expect((await store.getRecord('mixed.jsonl#seed-000'))!.text).toBe(sameId.text);
    expect(await store.getRecord('fresh-copy')).toBeUndefined();
    store.close();
  });

  test('two CSV files that both number their rows 1..N keep every row, in one import or in two', async () => {
    const csv = (prefix: string): string => `id,title,text\n${[1, 2, 3].map((n) => `${n},T${n},${prefix} story number ${n} with some words`).join('\n')}\n`;
    const together = await openStore({ name: freshName() });
    const both = await together.runImport([bytesSource('a.csv', csv('First')), bytesSource('b.csv', csv('Second'))]);
    expect(both).toMatchObject({ status: 'done', imported: 6, duplicates: 0, renamed: 3, total: 6 });
    expect((await together.getRecord('b.csv#2'))!.text).toBe('Second story number 2 with some words');
    together.close();

    const apart = await openStore({ name: freshName() });
    expect(await apart.runImport([bytesSource('a.csv', csv('First'))])).toMatchObject({ imported: 3, renamed: 0 });
    const second = await apart.runImport([bytesSource('b.csv', csv('Second'))]);
    expect(second).toMatchObject({ status: 'done', imported: 3, duplicates: 0, renamed: 3, total: 6 });
    expect(second.notes.map((n) => n.reason)).toEqual([1, 2, 3].map((n) => `line ${n + 1}: id "${n}" is already used by another article; imported as "b.csv#${n}"`));
    // The second file again: its scoped ids hold the same texts, so these are duplicates, not a third copy.
    expect(await apart.runImport([bytesSource('b.csv', csv('Second'))])).toMatchObject({ imported: 0, duplicates: 3, renamed: 0, total: 6 });
    // Edited rows of that file: another scoped id each.
    const edited = await apart.runImport([bytesSource('b.csv', csv('Edited'))]);
    expect(edited).toMatchObject({ imported: 3, duplicates: 0, renamed: 3, total: 9 });
    expect((await apart.getRecord('b.csv#1~2'))!.text).toBe('Edited story number 1 with some words');
    apart.close();
  });

  test('cancelling mid-import leaves the corpus exactly as before', async () => {
    const name = freshName();
    const store = await openStore({ name });
    await store.runImport([bytesSource('demo.jsonl', DEMO_JSONL)]);
    const before = { count: await store.count(), generation: await store.generation(), list: await store.list({ limit: 100 }) };

    const controller = new AbortController();
    const records = syntheticRecords(BATCH_RECORDS + 300, 2);
    const bytes = new TextEncoder().encode(toJsonl(records));
    let rowsWhileRunning = 0;
    // The source aborts once more than a batch has been read, so some rows are already written.
    const source: ImportSource = chunksSource(
      'big.jsonl',
      (async function* () {
        const step = 4096;
        for (let at = 0; at < bytes.length; at += step) {
          if (at > bytes.length * 0.9 && !controller.signal.aborted) {
            const db = await rawDb(name);
            // The first batch is written once the index keeper has analysed it.
            rowsWhileRunning = await waitUntil(() => db.count('records'), (n) => n >= before.count + BATCH_RECORDS);
            db.close();
            controller.abort();
          }
          yield bytes.subarray(at, at + step);
        }
      })(),
    );
    const result = await store.runImport([source], { signal: controller.signal });
    expect(result.status).toBe('cancelled');
    expect(result.imported).toBe(0);
    expect(result.error).toBeUndefined();
    expect(result.total).toBe(before.count);
    expect(rowsWhileRunning).toBeGreaterThanOrEqual(before.count + BATCH_RECORDS);
    expect(await store.count()).toBe(before.count);
    expect(await store.generation()).toBe(before.generation);
    expect(await store.list({ limit: 100 })).toEqual(before.list);
    // Only the demo rows (from the first, committed import) remain.
    expect(await rowsWithImportIds(name)).toBe(4);
    const db = await rawDb(name);
    const jobs = await db.getAll('imports');
    db.close();
    expect(jobs.map((j) => j.state).sort()).toEqual(['cancelled', 'done']);
    const { corpus } = await store.loadIndex();
    expect(corpus.size).toBe(4);
    // The store still works afterwards.
    expect(await store.runImport([bytesSource('one.jsonl', toJsonl(records.slice(0, 3)))])).toMatchObject({ status: 'done', imported: 3, total: 7 });
    store.close();
  });

  test('a file that breaks off partway: its issue is reported, the records read before are kept, the import goes on', async () => {
    const store = await openStore({ name: freshName() });
    const good = syntheticRecords(3, 3, 'good');
    const broken: ImportSource = {
      path: 'broken.jsonl',
      async *chunks() {
        yield new TextEncoder().encode(toJsonl(syntheticRecords(2, 4, 'partial')));
        throw new Error('disk unplugged');
      },
    };
    const result = await store.runImport([broken, bytesSource('good.jsonl', toJsonl(good))]);
    expect(result.status).toBe('done');
    expect(result.imported).toBe(5);
    expect(result.skipped).toBe(1);
    expect(result.issues).toEqual([expect.objectContaining({ file: 'broken.jsonl', reason: expect.stringContaining('disk unplugged') })]);
    expect(await store.getRecord('partial-1')).toBeDefined();
    expect(await store.count()).toBe(5);
    store.close();
  });

  type AddFn = (this: IDBObjectStore, ...args: unknown[]) => IDBRequest;
  test.each<[string, (realAdd: AddFn) => AddFn]>([
    [
      'put throws QuotaExceededError',
      () => () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    ],
    [
      'the browser aborts the transaction for quota (requests only see AbortError)',
      (realAdd) =>
        function (this: IDBObjectStore, ...args: unknown[]) {
          const request = realAdd.apply(this, args);
          // What a browser does when the disk is full: abort with the quota error on the transaction.
          (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
          return request;
        },
    ],
  ])('a quota error while writing rolls the import back with a plain message (%s)', async (_label, failing) => {
    const name = freshName();
    const store = await openStore({ name });
    await store.runImport([bytesSource('demo.jsonl', DEMO_JSONL)]);
    const generation = await store.generation();
    const proto = IDBObjectStore.prototype as unknown as { add: AddFn };
    const realAdd = proto.add;
    const fail = failing(realAdd);
    let adds = 0;
    // The browser refuses the second batch: the first one is already stored and must be deleted again.
    proto.add = function (this: IDBObjectStore, ...args: unknown[]) {
      return ++adds > BATCH_RECORDS + 10 ? fail.apply(this, args) : realAdd.apply(this, args);
    };
    try {
      const result = await store.runImport([bytesSource('big.jsonl', toJsonl(syntheticRecords(BATCH_RECORDS + 200, 5)))]);
      expect(result.status).toBe('failed');
      expect(result.error).toMatch(/^Your browser refused to store more data/);
      expect(result.imported).toBe(0);
      expect(result.total).toBe(4);
    } finally {
      proto.add = realAdd;
    }
    expect(await store.count()).toBe(4);
    expect(await store.generation()).toBe(generation);
    expect(await rowsWithImportIds(name)).toBe(4);
    const db = await rawDb(name);
    const jobs = await db.getAll('imports');
    db.close();
    expect(jobs.find((j) => j.state === 'failed')?.error).toMatch(/quota/);
    store.close();
  });

  test('an import whose job was rolled back by another context stops and says so', async () => {
    const name = freshName();
    const store = await openStore({ name });
    const other = await openStore({ name });
    const records = syntheticRecords(BATCH_RECORDS + 50, 6);
    let cleared = false;
    const result = await store.runImport([bytesSource('big.jsonl', toJsonl(records), 8192)], {
      onProgress: () => {
        if (!cleared) {
          cleared = true;
          void other.clear();
        }
      },
    });
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/interrupted/);
    expect(await store.count()).toBe(0);
    other.close();
    store.close();
  });

  test('the import yields to the event loop while it works', async () => {
    const store = await openStore({ name: freshName() });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const result = await store.runImport([bytesSource('many.jsonl', toJsonl(syntheticRecords(600, 7)))]);
      expect(result.status).toBe('done');
    } finally {
      clearInterval(timer);
    }
    // Timers only run when the import gives the event loop a turn.
    expect(ticks).toBeGreaterThan(3);
    store.close();
  });

  test('addRecords follows the same commit rule; captures have no import id', async () => {
    const name = freshName();
    const store = await openStore({ name });
    const [a, b] = syntheticRecords(2, 8, 'cap');
    expect(await store.addRecords([a, a], 'capture')).toMatchObject({ status: 'done', imported: 1, duplicates: 1, total: 1 });
    expect((await store.getRecord(a.id))!.importId).toBeNull();
    expect(await store.addRecords([b], 'import')).toMatchObject({ status: 'done', imported: 1, total: 2 });
    expect((await store.getRecord(b.id))!.importId).toMatch(/^import-/);
    expect(await store.generation()).toBe(2);
    expect((await store.loadIndex()).corpus.size).toBe(2);
    store.close();
  });
});
