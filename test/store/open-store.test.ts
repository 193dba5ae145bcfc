import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { StorageError, SCHEMA_VERSION } from '../../src/store/api';
import { STALE_IMPORT_MS } from '../../src/store/jobs/import-jobs';
import { openStore } from '../../src/store/open-store';
import { toRow } from '../../src/store/idb/record-rows';
import { MIGRATIONS, upgradeDatabase, type RecordRow, type WireTraceDB } from '../../src/store/idb/schema';
import { freshName, rawDb, syntheticRecords } from './helpers';

describe('openStore', () => {
  test('creates the current layout (version 3: the reading history beside the corpus)', async () => {
    const name = freshName();
    const store = await openStore({ name });
    store.close();
    const db = await rawDb(name);
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames].sort()).toEqual(['history', 'imports', 'meta', 'records']);
    const tx = db.transaction(['records', 'imports', 'history']);
    expect([...tx.objectStore('records').indexNames].sort()).toEqual(['addedAt', 'importId', 'origin', 'outlet', 'published']);
    expect([...tx.objectStore('imports').indexNames]).toEqual(['state']);
    expect(tx.objectStore('history').keyPath).toBe('key');
    expect([...tx.objectStore('history').indexNames]).toEqual(['checkedAt']);
    db.close();
  });

  test('a database written by the version-2 code gains the history store and keeps every row, job and meta value', async () => {
    const name = freshName();
    // Laid out exactly as version 2 did (its migrations only), with records, a finished import and a snapshot.
    const v2 = await openDB<WireTraceDB>(name, 2, {
      upgrade: (db, _old, _new, tx) => {
        MIGRATIONS[1](db, tx);
        MIGRATIONS[2](db, tx);
      },
    });
    v2.close();
    const before = await openStore({ name: `${name}-writer` });
    await before.addRecords(syntheticRecords(12, 21), 'import');
    await before.addRecords(syntheticRecords(3, 22, 'cap'), 'capture');
    before.close();
    // Copy the writer's rows into the version-2 database (the current code cannot write at version 2 itself).
    const src = await rawDb(`${name}-writer`);
    const [records, imports, meta] = [await src.getAll('records'), await src.getAll('imports'), await src.getAll('meta')];
    src.close();
    const old = await openDB<WireTraceDB>(name, 2);
    expect([...old.objectStoreNames]).not.toContain('history');
    const tx = old.transaction(['records', 'imports', 'meta'], 'readwrite');
    await Promise.all([
      ...records.map((r) => tx.objectStore('records').put(r)),
      ...imports.map((j) => tx.objectStore('imports').put(j)),
      ...meta.map((m) => tx.objectStore('meta').put(m)),
      tx.done,
    ]);
    old.close();

    const store = await openStore({ name });
    expect(await store.count()).toBe(15);
    expect(await store.generation()).toBe(meta.find((m) => m.key === 'generation')!.value);
    expect((await store.originStats()).capture.articles).toBe(3);
    expect((await store.loadIndex()).corpus.size).toBe(15);
    expect(await store.listHistory()).toEqual([]);
    store.close();
    const raw = await rawDb(name);
    expect(raw.version).toBe(SCHEMA_VERSION);
    expect(await raw.getAll('records')).toEqual(records);
    expect(await raw.getAll('imports')).toEqual(imports);
    expect((await raw.getAll('meta')).map((m) => m.key).sort()).toEqual(meta.map((m) => m.key).sort());
    expect([...raw.transaction('history').store.indexNames]).toEqual(['checkedAt']);
    raw.close();
  });

  test('a database written by the version-1 code re-opens with all its data, and a later migration keeps it', async () => {
    const name = freshName();
    // Written with raw idb, exactly as version 1 lays it out, with no snapshot (so the index is rebuilt).
    const v1 = await openDB<WireTraceDB>(name, 1, { upgrade: (db, _old, _new, tx) => MIGRATIONS[1](db, tx) });
    const records = syntheticRecords(20, 11);
    const tx = v1.transaction('records', 'readwrite');
    // A version-1 row kept its text plain.
    const v1Row = (r: (typeof records)[number]): RecordRow => {
      const { textZ: _z, textBytes: _n, ...row } = toRow(r, 80, 'capture', null, '2024-01-01T00:00:00Z');
      return { ...row, v: 1, text: r.text };
    };
    await Promise.all([...records.map((r) => tx.store.put(v1Row(r))), tx.done]);
    await v1.put('meta', { key: 'generation', value: 7 });
    v1.close();

    const store = await openStore({ name });
    expect(await store.count()).toBe(20);
    expect(await store.generation()).toBe(7);
    // Read as the current version describes records; the text as written.
    expect(await store.getRecord('syn-3')).toMatchObject({ ...records[3], v: SCHEMA_VERSION });
    const { corpus } = await store.loadIndex();
    expect(corpus.size).toBe(20);
    // New rows next to the old ones are deflated; both kinds read back and export the same way.
    await store.addRecords([{ ...records[0], id: 'fresh' }], 'capture');
    const raw = await rawDb(name);
    const [oldRow, newRow] = [await raw.get('records', 'syn-0'), await raw.get('records', 'fresh')];
    raw.close();
    expect(oldRow).toMatchObject({ v: 1, text: records[0].text });
    expect(oldRow?.textZ).toBeUndefined();
    expect(newRow).toMatchObject({ v: 2, textBytes: Buffer.byteLength(records[0].text) });
    expect(newRow?.text).toBeUndefined();
    expect(newRow!.textZ!.length).toBeLessThan(newRow!.textBytes!);
    expect((await store.getRecord('fresh'))?.text).toBe(records[0].text);
    const lines: string[] = [];
    for await (const chunk of store.exportJsonl()) lines.push(...chunk.trim().split('\n'));
    const exported = new Map(lines.map((l) => [JSON.parse(l).id as string, JSON.parse(l).text as string]));
    expect(exported.get('syn-0')).toBe(records[0].text);
    expect(exported.get('fresh')).toBe(records[0].text);
    store.close();

    // A next version (here a test-only step adding an index) runs on top of this one and keeps every row.
    const next = SCHEMA_VERSION + 1;
    const step = jest.fn((_db: unknown, upgradeTx: Parameters<(typeof MIGRATIONS)[1]>[1]) => {
      upgradeTx.objectStore('records').createIndex('title' as never, 'title');
    });
    MIGRATIONS[next] = step;
    try {
      const later = await openDB<WireTraceDB>(name, next, { upgrade: upgradeDatabase });
      expect(step).toHaveBeenCalledTimes(1);
      expect(await later.count('records')).toBe(21);
      expect([...later.transaction('records').store.indexNames]).toContain('title');
      later.close();
    } finally {
      delete MIGRATIONS[next];
    }
  });

  test('upgradeDatabase runs every step from the old version up, in order', () => {
    const calls: number[] = [];
    const saved = { ...MIGRATIONS };
    try {
      for (const v of [1, 2, 3]) MIGRATIONS[v] = () => calls.push(v);
      upgradeDatabase({} as never, 1, 3, {} as never);
      expect(calls).toEqual([2, 3]);
      expect(() => upgradeDatabase({} as never, 3, 4, {} as never)).toThrow(/no migration to storage version 4/);
    } finally {
      for (const k of Object.keys(MIGRATIONS)) delete MIGRATIONS[Number(k)];
      Object.assign(MIGRATIONS, saved);
    }
  });

  test('a running import with a stale heartbeat is rolled back on open; a live one is left alone but stays invisible', async () => {
    const name = freshName();
    const store = await openStore({ name });
    await store.addRecords(syntheticRecords(3, 12, 'kept'), 'import');
    store.close();

    const now = Date.now();
    const db = await rawDb(name);
    const job = (id: string, heartbeat: number) => ({
      id,
      state: 'running' as const,
      origin: 'import' as const,
      startedAt: heartbeat,
      heartbeat,
      finishedAt: null,
      imported: 2,
      duplicates: 0,
      skipped: 0,
      error: null,
    });
    await db.put('imports', job('dead', now - STALE_IMPORT_MS - 1000));
    await db.put('imports', job('alive', now));
    for (const r of syntheticRecords(2, 13, 'dead')) await db.put('records', toRow(r, 60, 'import', 'dead', new Date().toISOString()));
    for (const r of syntheticRecords(2, 14, 'alive')) await db.put('records', toRow(r, 60, 'import', 'alive', new Date().toISOString()));
    db.close();

    const reopened = await openStore({ name });
    const check = await rawDb(name);
    const rows = await check.getAll('records');
    const jobs = await check.getAll('imports');
    check.close();
    expect(rows.filter((r) => r.importId === 'dead')).toEqual([]);
    expect(rows.filter((r) => r.importId === 'alive')).toHaveLength(2);
    expect(jobs.find((j) => j.id === 'dead')).toMatchObject({ state: 'failed', error: expect.stringMatching(/undone/) });
    expect(jobs.find((j) => j.id === 'alive')?.state).toBe('running');
    // The live import's rows are not part of the corpus yet.
    expect(await reopened.count()).toBe(3);
    expect(await reopened.getRecord('alive-0')).toBeUndefined();
    expect((await reopened.list()).total).toBe(3);
    const { corpus } = await reopened.loadIndex();
    expect(corpus.size).toBe(3);
    reopened.close();
  });

  test('throws a StorageError in plain words when IndexedDB is missing', async () => {
    const saved = globalThis.indexedDB;
    try {
      (globalThis as { indexedDB?: unknown }).indexedDB = undefined;
      const error = await openStore({ name: freshName() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect(error).toMatchObject({ reason: 'unavailable', message: expect.stringMatching(/cannot use the browser storage/) });
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  test('throws a StorageError when the browser refuses to open the database', async () => {
    const spy = jest.spyOn(globalThis.indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    try {
      const error = await openStore({ name: freshName() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).reason).toBe('unavailable');
      expect((error as StorageError).message).toMatch(/private-browsing/);
    } finally {
      spy.mockRestore();
    }
  });

  test('a database from a newer WireTrace is refused with a message', async () => {
    const name = freshName();
    const newer = await openDB(name, SCHEMA_VERSION + 5);
    newer.close();
    const error = await openStore({ name }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', reason: 'version', message: expect.stringMatching(/newer version/) });
  });
});
