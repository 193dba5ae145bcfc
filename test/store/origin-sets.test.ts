/** The two sets of the corpus, imported and captured: sizes, clearing one, evicting captured ones. */
import 'fake-indexeddb/auto';
import { openStore } from '../../src/store/open-store';
import { DEMO_RECORDS, freshName, syntheticRecords } from './helpers';

test('sizes per set, clearing one set keeps the other and the index in step', async () => {
  const store = await openStore({ name: freshName() });
  await store.addRecords(DEMO_RECORDS.slice(0, 2), 'import');
  await store.addRecords(DEMO_RECORDS.slice(2, 4), 'capture');
  const stats = await store.originStats();
  expect(stats.import.articles).toBe(2);
  expect(stats.capture.articles).toBe(2);
  const bytes = (i: number) => new TextEncoder().encode(DEMO_RECORDS[i].text).length;
  expect(stats.import.textBytes).toBe(bytes(0) + bytes(1));
  expect(stats.capture.textBytes).toBe(bytes(2) + bytes(3));
  expect(stats.capture.oldest).toEqual(expect.any(String));

  expect(await store.clearOrigin('capture')).toBe(2);
  expect((await store.originStats()).capture).toEqual({ articles: 0, textBytes: 0, oldest: null });
  expect(await store.count()).toBe(2);
  const { corpus } = await store.loadIndex();
  expect(corpus.size).toBe(2);
  expect(corpus.scan(DEMO_RECORDS[2].text).matches.map((m) => m.source.id)).not.toContain(DEMO_RECORDS[2].id);
  store.close();
});

test('evictCaptured deletes the oldest captured articles past the limits and returns their ids', async () => {
  const store = await openStore({ name: freshName() });
  await store.addRecords(syntheticRecords(3, 2, 'imp'), 'import');
  // Zero-padded ids: two additions in the same millisecond tie on time and are ordered by id.
  const captured = syntheticRecords(14, 5, 'cap').map((r, i) => ({ ...r, id: `cap-${String(i).padStart(2, '0')}` }));
  for (const r of captured) await store.addRecords([r], 'capture'); // one at a time: addedAt in order
  const gone = await store.evictCaptured({ articles: 10, days: 180, megabytes: 50 });
  expect(gone).toEqual(['cap-00', 'cap-01', 'cap-02', 'cap-03']);
  expect((await store.originStats()).capture.articles).toBe(10);
  expect((await store.originStats()).import.articles).toBe(3);
  // Everything captured is older than a day from a week ahead: all go, imports stay.
  const later = Date.now() + 7 * 86_400_000;
  expect(await store.evictCaptured({ articles: 10, days: 1, megabytes: 50 }, later)).toHaveLength(10);
  expect(await store.count()).toBe(3);
  store.close();
});
