import 'fake-indexeddb/auto';
import { bytesSource } from '@wiretrace/engine/formats';
import type { CorpusStore } from '../../src/store/api';
import { openStore } from '../../src/store/open-store';
import { DEMO_RECORDS, freshName, rawDb, syntheticRecords } from './helpers';

async function exported(store: CorpusStore): Promise<string> {
  let out = '';
  for await (const chunk of store.exportJsonl()) out += chunk;
  return out;
}

describe('records: list, outlets, delete, clear, export', () => {
  let store: CorpusStore;
  const records = syntheticRecords(40, 21);

  beforeEach(async () => {
    store = await openStore({ name: freshName() });
    await store.addRecords(records, 'import');
  });
  afterEach(() => store.close());

  test('getRecords answers in the order asked, undefined for unknown ids, in one call', async () => {
    const got = await store.getRecords(['syn-5', 'nope', 'syn-0', 'syn-5']);
    expect(got.map((r) => r?.id)).toEqual(['syn-5', undefined, 'syn-0', 'syn-5']);
    expect(got[0]).toMatchObject(records[5]);
  });

  test('list filters by search, outlet and dates, sorts, pages, and never returns texts', async () => {
    const all = await store.list({ limit: 1000 });
    expect(all.total).toBe(40);
    expect(all.records[0]).not.toHaveProperty('text');
    expect(all.records[0]).not.toHaveProperty('outletKey');
    // Default sort: newest first, unknown dates last.
    const dates = all.records.map((r) => r.published);
    const known = dates.filter((d): d is string => d !== null);
    expect(known).toEqual([...known].sort().reverse());
    expect(dates.slice(known.length).every((d) => d === null)).toBe(true);

    // "Daily Planet" and "daily planet" are one outlet.
    const planet = await store.list({ outlet: 'DAILY PLANET', limit: 1000 });
    expect(planet.total).toBe(records.filter((r) => r.outlet?.toLowerCase() === 'daily planet').length);
    expect(await store.list({ outlet: '', limit: 1000 })).toEqual(all);

    const search = await store.list({ search: 'news.example/syn/1', limit: 1000 });
    expect(search.records.map((r) => r.id).sort()).toEqual(records.filter((r) => r.url!.includes('syn/1')).map((r) => r.id).sort());

    const ranged = await store.list({ from: '2024-02-01', to: '2024-03-19', sort: 'published-asc', limit: 1000 });
    const expected = records.filter((r) => r.published !== null && r.published >= '2024-02-01' && r.published <= '2024-03-19');
    expect(ranged.total).toBe(expected.length);
    expect(ranged.records.map((r) => r.published)).toEqual(expected.map((r) => r.published).sort());

    const page = await store.list({ sort: 'title', offset: 5, limit: 5 });
    expect(page.total).toBe(40);
    const titles = (await store.list({ sort: 'title', limit: 1000 })).records.map((r) => r.id);
    expect(page.records.map((r) => r.id)).toEqual(titles.slice(5, 10));
  });

  test('outlets counts case-insensitively, most first', async () => {
    const outlets = await store.outlets();
    const planet = records.filter((r) => r.outlet?.toLowerCase() === 'daily planet').length;
    expect(outlets[0]).toEqual({ outlet: 'Daily Planet', count: planet });
    expect(outlets.map((o) => o.outlet).sort()).toEqual(['Daily Planet', 'Gazette', 'The Bugle']);
    expect(outlets.reduce((a, o) => a + o.count, 0)).toBe(records.filter((r) => r.outlet).length);
  });

  test('deleteRecords deletes, updates the snapshot and bumps the generation in one step', async () => {
    const generation = await store.generation();
    expect(await store.deleteRecords(['syn-1', 'syn-2', 'missing', 'syn-1'])).toBe(2);
    expect(await store.generation()).toBe(generation + 1);
    expect(await store.count()).toBe(38);
    expect(await store.getRecord('syn-1')).toBeUndefined();
    const { corpus } = await store.loadIndex();
    expect(corpus.size).toBe(38);
    expect(corpus.index.has('syn-1')).toBe(false);
    expect(await store.deleteRecords(['missing'])).toBe(0);
    expect(await store.generation()).toBe(generation + 1);
    // A deleted id can be imported again.
    expect(await store.addRecords([records[1]])).toMatchObject({ imported: 1, total: 39 });
  });

  test('clear empties the corpus', async () => {
    const generation = await store.generation();
    await store.clear();
    expect(await store.count()).toBe(0);
    expect(await store.generation()).toBe(generation + 1);
    expect((await store.loadIndex()).corpus.size).toBe(0);
    expect(await store.outlets()).toEqual([]);
    expect(await exported(store)).toBe('');
  });

  test('exportJsonl round-trips through the importer', async () => {
    await store.addRecords(DEMO_RECORDS);
    const jsonl = await exported(store);
    const lines = jsonl.trim().split('\n');
    expect(lines).toHaveLength(44);
    expect(Object.keys(JSON.parse(lines[0]))).toEqual(['id', 'title', 'outlet', 'url', 'published', 'text']);

    const copy = await openStore({ name: freshName() });
    const result = await copy.runImport([bytesSource('export.jsonl', jsonl)]);
    expect(result).toMatchObject({ status: 'done', imported: 44, duplicates: 0, skipped: 0 });
    const fields = (r: object | undefined) => {
      const { id, title, outlet, url, published, text } = r as Record<string, unknown>;
      return { id, title, outlet, url, published, text };
    };
    const ids = [...records, ...DEMO_RECORDS].map((r) => r.id);
    expect((await copy.getRecords(ids)).map(fields)).toEqual((await store.getRecords(ids)).map(fields));
    copy.close();
  });

  test('export spans several chunks for a big corpus', async () => {
    await store.addRecords(syntheticRecords(600, 22, 'more'));
    const chunks: string[] = [];
    for await (const c of store.exportJsonl()) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('').trim().split('\n')).toHaveLength(640);
  });

  test('rows of an unfinished import are invisible to every reader', async () => {
    const name = freshName();
    const s = await openStore({ name });
    await s.addRecords(syntheticRecords(2, 23, 'done'));
    const db = await rawDb(name);
    const now = Date.now();
    await db.put('imports', { id: 'live', state: 'running', origin: 'import', startedAt: now, heartbeat: now, finishedAt: null, imported: 1, duplicates: 0, skipped: 0, error: null });
    await db.put('records', { ...syntheticRecords(1, 24, 'live')[0], v: 1, origin: 'import', importId: 'live', addedAt: new Date().toISOString(), words: 60, outletKey: 'daily planet' });
    db.close();
    expect(await s.count()).toBe(2);
    expect(await s.getRecords(['live-0'])).toEqual([undefined]);
    expect((await s.list()).total).toBe(2);
    expect((await s.outlets()).reduce((a, o) => a + o.count, 0)).toBe(2);
    expect(await exported(s)).not.toContain('live-0');
    expect(await s.deleteRecords(['live-0'])).toBe(0);
    s.close();
  });
});
