/**
 * Backup and restore through real stores (fake-indexeddb): a restored corpus gives the same matches, seenAt
 * and settings; merge skips ids already stored; replace swaps the corpus in one commit and leaves it untouched
 * when the backup is damaged; origin and addedAt survive.
 */
import 'fake-indexeddb/auto';
import { gzipSync } from 'fflate';
import { markSeen } from '../../src/background/scan-text';
import { analyze, finishScan, scanCandidates, type SourceDoc, analyzeText } from '@wiretrace/engine';
import { backupRecordOf, type BackupRecord } from '@wiretrace/engine/formats';
import type { CorpusStore } from '../../src/store/api';
import { backupChunks, restoreBackup } from '../../src/store/jobs/backup-io';
import { openStore } from '../../src/store/open-store';
import { normaliseSettings, type Settings } from '../../src/shared/settings';
import { DEMO_RECORDS, freshName, rawDb, syntheticRecords } from './helpers';

/** What the background's scanText does, against any store: candidates, records, alignment, seenAt. */
async function scan(store: CorpusStore, text: string, settings: Settings) {
  const { corpus } = await store.loadIndex();
  const analysis = analyze(text);
  const ids = scanCandidates(corpus.index, analysis).map((ord) => corpus.index.doc(ord)!.id);
  const sources: SourceDoc[] = [];
  const seenAt = new Map<string, string>();
  for (const record of await store.getRecords(ids)) {
    if (!record) continue;
    sources.push({ record, analysis: analyzeText(record.text) });
    if (record.origin === 'capture') seenAt.set(record.id, record.addedAt);
  }
  const result = finishScan(corpus.index, analysis, sources, { minWords: settings.minWords, includeQuotes: settings.showQuotes, includeReworded: settings.showReworded });
  return markSeen(result, seenAt);
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

async function* chunked(bytes: Uint8Array, size = 4096): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const SETTINGS = normaliseSettings({ minWords: 9, showQuotes: false, ignoredOutlets: ['The Bugle'], capture: true, captureLimits: { articles: 300, days: 30, megabytes: 5 } });

/** Demo records imported, two of them also as captured pages (other ids), plus synthetic filler. */
async function buildCorpus(): Promise<CorpusStore> {
  const store = await openStore({ name: freshName() });
  await store.addRecords([...DEMO_RECORDS.slice(0, 1), ...DEMO_RECORDS.slice(2)], 'import');
  await store.addRecords(syntheticRecords(40, 3), 'import');
  await store.addRecords([{ ...DEMO_RECORDS[1], byline: 'By A. Reporter' }], 'capture');
  return store;
}

test('export, restore into a fresh store: the same records, metadata, matches (ids, spans, coverage, seenAt) and settings', async () => {
  const original = await buildCorpus();
  const bytes = await collect(backupChunks(original, SETTINGS));
  const copy = await openStore({ name: freshName() });
  const { result, header } = await restoreBackup(copy, chunked(bytes), 'merge');
  expect(result.status).toBe('done');
  expect(result.imported).toBe(await original.count());
  expect(normaliseSettings(header?.settings)).toEqual(SETTINGS);
  expect(header?.counts).toEqual({ records: 44, imported: 43, captured: 1, history: 0 });

  const all = async (s: CorpusStore) => (await s.getRecords((await s.list({ limit: 1000, sort: 'title' })).records.map((r) => r.id))).map((r) => ({ ...r, importId: null }));
  expect(await all(copy)).toEqual(await all(original));
  expect(await copy.originStats()).toEqual(await original.originStats());

  // Pages: each demo record, and one that copies a captured record (seenAt) and an imported one.
  const pages = [...DEMO_RECORDS.map((r) => r.text), `${DEMO_RECORDS[1].text}\n\n${DEMO_RECORDS[3].text}`];
  let matched = 0;
  for (const text of pages) {
    const [a, b] = [await scan(original, text, SETTINGS), await scan(copy, text, SETTINGS)];
    expect(b).toEqual(a);
    matched += a.matches.length;
  }
  expect(matched).toBeGreaterThan(0);
  const seen = (await scan(copy, pages[pages.length - 1], SETTINGS)).matches.find((m) => m.source.id === DEMO_RECORDS[1].id);
  expect(seen?.source.seenAt).toBe((await original.getRecord(DEMO_RECORDS[1].id))?.addedAt);
  original.close();
  copy.close();
});

test('merge skips the ids the corpus holds and keeps each record\'s origin and addedAt', async () => {
  const original = await buildCorpus();
  const bytes = await collect(backupChunks(original, SETTINGS));
  const target = await openStore({ name: freshName() });
  await target.addRecords([{ ...DEMO_RECORDS[0], title: 'Kept as it was' }], 'import');
  await target.addRecords(syntheticRecords(3, 9, 'other'), 'import');
  const { result } = await restoreBackup(target, chunked(bytes), 'merge');
  expect(result).toMatchObject({ status: 'done', imported: 43, duplicates: 1, total: 47 });
  expect((await target.getRecord(DEMO_RECORDS[0].id))?.title).toBe('Kept as it was');
  const captured = await target.getRecord(DEMO_RECORDS[1].id);
  expect(captured).toMatchObject({ origin: 'capture', byline: 'By A. Reporter', addedAt: (await original.getRecord(DEMO_RECORDS[1].id))?.addedAt });
  original.close();
  target.close();
});

test('replace makes the corpus exactly the backup, same ids included, and the index follows', async () => {
  const original = await buildCorpus();
  const bytes = await collect(backupChunks(original, SETTINGS));
  const target = await openStore({ name: freshName() });
  // A different corpus that shares one id (with another text) and has ids the backup lacks.
  await target.addRecords([{ ...DEMO_RECORDS[0], text: syntheticRecords(1, 77)[0].text }, ...syntheticRecords(5, 8, 'gone')], 'import');
  const before = await target.generation();
  const { result } = await restoreBackup(target, chunked(bytes), 'replace');
  expect(result).toMatchObject({ status: 'done', imported: 44, total: 44 });
  expect(await target.generation()).toBe(before + 1);
  expect((await target.getRecord(DEMO_RECORDS[0].id))?.text).toBe(DEMO_RECORDS[0].text);
  expect(await target.getRecord('gone-0')).toBeUndefined();
  const db = await rawDb((target as unknown as { db: { name: string } }).db.name);
  const keys = await db.getAllKeys('records');
  expect(keys.filter((k) => k.startsWith('\u0001'))).toEqual([]);
  expect(keys).toHaveLength(44);
  db.close();
  // The snapshot was written for the new corpus: the index finds the backup's records and not the old ones.
  const { corpus } = await target.loadIndex();
  expect(corpus.size).toBe(44);
  expect(corpus.index.has('gone-0')).toBe(false);
  expect((await scan(target, DEMO_RECORDS[0].text, SETTINGS)).matches.map((m) => m.source.id)).toEqual((await scan(original, DEMO_RECORDS[0].text, SETTINGS)).matches.map((m) => m.source.id));
  original.close();
  target.close();
});

test('a cut or damaged backup changes nothing, in either mode, and says why', async () => {
  const original = await buildCorpus();
  const bytes = await collect(backupChunks(original, SETTINGS));
  const target = await openStore({ name: freshName() });
  await target.addRecords([{ ...DEMO_RECORDS[0], title: 'Old' }, ...syntheticRecords(5, 8, 'old')], 'import');
  const generation = await target.generation();
  const damaged = [
    bytes.subarray(0, Math.floor(bytes.length * 0.8)), // cut inside the gzip stream
    gzipSync(new TextEncoder().encode('{"wiretrace":"backup","version":1}\n{"id":"x","text":"t","origin":"import","addedAt":"2024-01-01T00:00:00Z"}\n')), // no end line
    gzipSync(new TextEncoder().encode('{"wiretrace":"backup","version":1}\n{"id":"x","text":"t","origin":"elsewhere","addedAt":"2024-01-01T00:00:00Z"}\n{"wiretrace":"end","records":1}\n')),
    new TextEncoder().encode('{"id":"a","text":"plain JSON Lines, not a backup"}\n'),
  ];
  for (const mode of ['merge', 'replace'] as const) {
    for (const file of damaged) {
      const { result } = await restoreBackup(target, chunked(file, 1000), mode);
      expect(result.status).toBe('failed');
      expect(result.error).toMatch(/backup/i);
      expect(await target.count()).toBe(6);
      expect((await target.getRecord(DEMO_RECORDS[0].id))?.title).toBe('Old');
      expect(await target.generation()).toBe(generation);
    }
  }
  // Nothing staged or half-written is left behind.
  const db = await rawDb((target as unknown as { db: { name: string } }).db.name);
  expect(await db.count('records')).toBe(6);
  db.close();
  original.close();
  target.close();
});

test('during a replace, readers see the old corpus until the commit, never an empty or mixed one', async () => {
  const original = await buildCorpus();
  const records: BackupRecord[] = [];
  for await (const batch of original.exportRecords()) records.push(...batch.map(backupRecordOf));
  const target = await openStore({ name: freshName() });
  await target.addRecords([{ ...DEMO_RECORDS[0], title: 'Old' }, ...syntheticRecords(5, 8, 'old')], 'import');
  const name = (target as unknown as { db: { name: string } }).db.name;
  const reader = await openStore({ name });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let written = 0;
  // Two batches are written (one of them staged: DEMO_RECORDS[0]'s id is taken), then the source waits.
  async function* slow(): AsyncIterable<typeof records> {
    yield records.slice(0, 20);
    yield records.slice(20, 30);
    await gate;
    yield records.slice(30);
  }
  const restoring = target.restore(slow(), { mode: 'replace', onProgress: (n) => (written = n) });
  const db = await rawDb(name);
  while (written < 30) await new Promise((r) => setTimeout(r, 5));
  // Under the hood the new rows are there, one of them staged…
  expect(await db.count('records')).toBe(6 + 30);
  expect((await db.getAllKeys('records')).some((k) => k.startsWith('\u0001'))).toBe(true);
  // …but every reader still sees exactly the old corpus.
  expect(await reader.count()).toBe(6);
  expect((await reader.getRecord(DEMO_RECORDS[0].id))?.title).toBe('Old');
  expect((await reader.list({ limit: 100 })).total).toBe(6);
  expect((await reader.loadIndex()).corpus.size).toBe(6);
  release();
  expect((await restoring).status).toBe('done');
  expect(await reader.count()).toBe(44);
  expect((await reader.getRecord(DEMO_RECORDS[0].id))?.title).toBe(DEMO_RECORDS[0].title);
  expect(await db.count('records')).toBe(44);
  db.close();
  reader.close();
  original.close();
  target.close();
});
