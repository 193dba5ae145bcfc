/**
 * Backups (format version 2) carry the reading history when the reader keeps one, and restore it in both
 * modes; version-1 backups still restore. Restored rows keep their origin: captured rows belong to no import.
 */
import 'fake-indexeddb/auto';
import { gunzipSync, gzipSync } from 'fflate';
import type { CorpusStore } from '../../src/store/api';
import { backupChunks, restoreBackup } from '../../src/store/jobs/backup-io';
import { HISTORY_VERSION, type HistoryEntry } from '../../src/store/history/history-entry';
import { openStore } from '../../src/store/open-store';
import { normaliseSettings } from '../../src/shared/settings';
import { chunkedBytes, collectBytes, DEMO_RECORDS, freshName, historyEntry, rawDb, syntheticRecords } from './helpers';

const SETTINGS = normaliseSettings({ history: true, capture: true });

const SOURCES = [{ id: 'seed-000', title: 'T', outlet: 'AP', url: null, share: 0.25 }];
const entry = (key: string, minute: number, patch: Partial<HistoryEntry> = {}): HistoryEntry =>
  historyEntry(key, new Date(Date.UTC(2024, 4, 1, 12, minute)).toISOString(), { sourceCount: 1, share: 0.25, sources: SOURCES, ...patch });
const collect = collectBytes;
const chunked = (bytes: Uint8Array): AsyncIterable<Uint8Array> => chunkedBytes(bytes, 999);

async function source(): Promise<CorpusStore> {
  const store = await openStore({ name: freshName() });
  await store.addRecords([DEMO_RECORDS[0], ...syntheticRecords(4, 3)], 'import');
  await store.addRecords([DEMO_RECORDS[1], DEMO_RECORDS[2]], 'capture');
  for (const [i, key] of ['news.example/a', 'news.example/b', 'news.example/c'].entries()) await store.putHistory(entry(key, i));
  return store;
}

async function importIds(store: CorpusStore): Promise<Map<string, string | null>> {
  const db = await rawDb((store as unknown as { db: { name: string } }).db.name);
  const rows = await db.getAll('records');
  db.close();
  return new Map(rows.map((r) => [r.id, r.importId]));
}

test('round trip: the history goes into the backup when kept, and comes back in merge and replace modes', async () => {
  const original = await source();
  const bytes = await collect(backupChunks(original, SETTINGS, { history: true }));
  const lines = new TextDecoder().decode(gunzipSync(bytes)).trimEnd().split('\n').map((l) => JSON.parse(l));
  expect(lines[0]).toMatchObject({ version: 2, counts: { records: 7, imported: 5, captured: 2, history: 3 } });
  expect(lines.at(-1)).toEqual({ wiretrace: 'end', records: 7, history: 3 });

  // Merge into a store whose history has a newer entry for one page and an older one for another.
  const merged = await openStore({ name: freshName() });
  await merged.putHistory(entry('news.example/a', 30, { title: 'Newer here' }));
  await merged.putHistory(entry('news.example/b', -30, { title: 'Older here' }));
  await merged.putHistory(entry('elsewhere.example/x', 5));
  const m = await restoreBackup(merged, chunked(bytes), 'merge');
  expect(m.result.status).toBe('done');
  expect(m.history).toBe(2);
  const mergedHistory = await merged.listHistory();
  expect(mergedHistory.map((e) => [e.key, e.title])).toEqual([
    ['news.example/a', 'Newer here'],
    ['elsewhere.example/x', 'Title of elsewhere.example/x'],
    ['news.example/c', 'Title of news.example/c'],
    ['news.example/b', 'Title of news.example/b'],
  ]);

  // Replace: the history becomes the backup's.
  const replaced = await openStore({ name: freshName() });
  await replaced.putHistory(entry('elsewhere.example/x', 5));
  const r = await restoreBackup(replaced, chunked(bytes), 'replace');
  expect(r.history).toBe(3);
  expect(await replaced.listHistory()).toEqual(await original.listHistory());

  // Without the opt-in, no history is written, and restoring such a backup leaves the history alone.
  const without = await collect(backupChunks(original, SETTINGS));
  expect(new TextDecoder().decode(gunzipSync(without))).not.toContain('"history","entry"');
  const kept = await restoreBackup(replaced, chunked(without), 'replace');
  expect(kept).toMatchObject({ result: { status: 'done' }, history: 0 });
  expect(await replaced.listHistory()).toHaveLength(3);
  for (const s of [original, merged, replaced]) s.close();
});

test('a version-1 backup (no history) still restores, in both modes, leaving the history as it is', async () => {
  const original = await source();
  const records = new TextDecoder().decode(gunzipSync(await collect(backupChunks(original, SETTINGS)))).trimEnd().split('\n').slice(1, -1);
  const v1 = [
    JSON.stringify({ wiretrace: 'backup', version: 1, createdAt: '2024-03-01T10:00:00.000Z', settings: SETTINGS, counts: { records: 7, imported: 5, captured: 2 } }),
    ...records,
    JSON.stringify({ wiretrace: 'end', records: records.length }),
  ].join('\n');
  for (const mode of ['merge', 'replace'] as const) {
    const target = await openStore({ name: freshName() });
    await target.putHistory(entry('mine.example/1', 1));
    const { result, header, history } = await restoreBackup(target, chunked(gzipSync(new TextEncoder().encode(`${v1}\n`))), mode);
    expect(result).toMatchObject({ status: 'done', imported: 7, total: 7 });
    expect(header).toMatchObject({ version: 1, counts: { records: 7, history: 0 } });
    expect(history).toBe(0);
    expect((await target.listHistory()).map((e) => e.key)).toEqual(['mine.example/1']);
    target.close();
  }
  original.close();
});

test('a damaged history entry refuses the whole backup, and nothing is restored', async () => {
  const original = await source();
  const text = new TextDecoder().decode(gunzipSync(await collect(backupChunks(original, SETTINGS, { history: true }))));
  const broken = text.replace('"share":0.25,"sources"', '"share":7,"sources"');
  expect(broken).not.toBe(text);
  const target = await openStore({ name: freshName() });
  const { result, history } = await restoreBackup(target, chunked(gzipSync(new TextEncoder().encode(broken))), 'merge');
  expect(result.status).toBe('failed');
  expect(result.error).toMatch(/reading-history entry 1 is not valid/);
  expect(history).toBe(0);
  expect(await target.count()).toBe(0);
  expect(await target.listHistory()).toEqual([]);
  original.close();
  target.close();
});

test('history entries of version 1 (a backup made before `level`) restore with the level of their share; an unknown level refuses the backup', async () => {
  const original = await source();
  const text = new TextDecoder().decode(gunzipSync(await collect(backupChunks(original, SETTINGS, { history: true }))));
  const rewrite = (edit: (entry: Record<string, unknown>) => void): Uint8Array => {
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { wiretrace: string; entry?: Record<string, unknown> });
    for (const line of lines) if (line.wiretrace === 'history') edit(line.entry!);
    return gzipSync(new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
  };
  const v1 = rewrite((e) => {
    e.v = 1;
    delete e.level;
  });
  const target = await openStore({ name: freshName() });
  const { result, history } = await restoreBackup(target, chunked(v1), 'replace');
  expect([result.status, history]).toEqual(['done', 3]);
  expect(await target.listHistory()).toEqual(await original.listHistory());
  expect((await target.listHistory()).map((e) => [e.v, e.level])).toEqual(Array(3).fill([HISTORY_VERSION, 'recycled']));

  const unknown = await restoreBackup(target, chunked(rewrite((e) => (e.level = 'amber'))), 'replace');
  expect(unknown.result.error).toMatch(/reading-history entry 1 is not valid/);
  original.close();
  target.close();
});

test('restored rows keep their origin: captured rows have no import id, imported ones the restore\'s (both modes)', async () => {
  const original = await source();
  const bytes = await collect(backupChunks(original, SETTINGS));
  for (const mode of ['merge', 'replace'] as const) {
    const target = await openStore({ name: freshName() });
    // Replace: a captured id already stored is staged and moved at the commit; it must lose the tag too.
    await target.addRecords([{ ...DEMO_RECORDS[1], text: 'An older capture of the same page, other text.' }], 'capture');
    const { result } = await restoreBackup(target, chunked(bytes), mode);
    expect(result.status).toBe('done');
    const ids = await importIds(target);
    for (const id of [DEMO_RECORDS[1].id, DEMO_RECORDS[2].id]) {
      expect([mode, id, (await target.getRecord(id))?.origin, ids.get(id)]).toEqual([mode, id, 'capture', null]);
    }
    expect(ids.get(DEMO_RECORDS[0].id)).toMatch(/^import-/);
    if (mode === 'merge') {
      // The stored capture held the id with another text: the backup's is kept under its scoped id, and listed.
      expect(result).toMatchObject({ renamed: 1, notes: [{ file: 'backup', line: null, reason: `id "${DEMO_RECORDS[1].id}" is already used by another article; imported as "backup#${DEMO_RECORDS[1].id}"` }] });
      expect(await target.getRecord(`backup#${DEMO_RECORDS[1].id}`)).toMatchObject({ origin: 'capture', importId: null, text: DEMO_RECORDS[1].text });
    }
    target.close();
  }
  original.close();
});
