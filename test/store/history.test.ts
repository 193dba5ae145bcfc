import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { HISTORY_LIMIT, HISTORY_VERSION } from '../../src/store/history/history-entry';
import { openStore } from '../../src/store/open-store';
import { freshName, historyEntry, syntheticRecords } from './helpers';

const entry = historyEntry;

const at = (minute: number): string => new Date(Date.UTC(2024, 4, 1, 12, minute)).toISOString();

describe('the reading history store', () => {
  test('one entry per key, replaced by a later write; listed newest first', async () => {
    const store = await openStore({ name: freshName() });
    await store.putHistory(entry('paper.example/a', at(1)));
    await store.putHistory(entry('paper.example/b', at(2)));
    await store.putHistory(entry('paper.example/a', at(3), { sourceCount: 2, share: 0.4 }));
    const list = await store.listHistory();
    expect(list.map((e) => [e.key, e.checkedAt, e.share])).toEqual([
      ['paper.example/a', at(3), 0.4],
      ['paper.example/b', at(2), 0],
    ]);
    store.close();
  });

  test('past the limit the oldest entries go, never the one just written; the default limit is named', async () => {
    expect(HISTORY_LIMIT).toBe(10_000);
    const store = await openStore({ name: freshName() });
    for (let i = 0; i < 5; i++) expect(await store.putHistory(entry(`p/${i}`, at(10 + i)), 3)).toBe(i < 3 ? 0 : 1);
    expect((await store.listHistory()).map((e) => e.key)).toEqual(['p/4', 'p/3', 'p/2']);
    // An entry written with an older time than all the others is still kept: it is the one being recorded.
    expect(await store.putHistory(entry('p/old', at(0)), 3)).toBe(1);
    expect((await store.listHistory()).map((e) => e.key)).toEqual(['p/4', 'p/3', 'p/old']);
    store.close();
  });

  test('history writes leave the corpus and its generation alone; clearing it leaves the corpus', async () => {
    const store = await openStore({ name: freshName() });
    await store.addRecords(syntheticRecords(4, 3), 'import');
    const generation = await store.generation();
    await store.putHistory(entry('p/1', at(1)));
    await store.putHistory(entry('p/2', at(2)));
    expect(await store.generation()).toBe(generation);
    expect(await store.clearHistory()).toBe(2);
    expect(await store.listHistory()).toEqual([]);
    expect(await store.count()).toBe(4);
    // Clearing the corpus leaves the history (two separate things the reader deletes separately).
    await store.putHistory(entry('p/3', at(3)));
    await store.clear();
    expect((await store.listHistory()).map((e) => e.key)).toEqual(['p/3']);
    store.close();
  });

  test('entries of version 1 (no level) are read with the level of their share, and kept as they are', async () => {
    const name = freshName();
    const store = await openStore({ name });
    // What version 1 wrote: the same fields but `level`.
    const old = (key: string, minute: number, sourceCount: number, share: number) => {
      const { level: _level, ...rest } = entry(key, at(minute), { sourceCount, share });
      return { ...rest, v: 1 };
    };
    const db = await openDB(name);
    await db.put('history', old('p/none', 1, 0, 0));
    await db.put('history', old('p/some', 2, 1, 0.19));
    await db.put('history', old('p/recycled', 3, 2, 0.2));
    await db.put('history', old('p/mostly', 4, 1, 0.75));
    await store.putHistory(entry('p/new', at(5), { sourceCount: 1, share: 0.3 }));
    const list = await store.listHistory();
    expect(list.map((e) => [e.key, e.v, e.level])).toEqual([
      ['p/new', HISTORY_VERSION, 'recycled'],
      ['p/mostly', HISTORY_VERSION, 'mostly'],
      ['p/recycled', HISTORY_VERSION, 'recycled'],
      ['p/some', HISTORY_VERSION, 'some'],
      ['p/none', HISTORY_VERSION, 'none'],
    ]);
    expect(list.find((e) => e.key === 'p/some')).toEqual({ ...old('p/some', 2, 1, 0.19), v: HISTORY_VERSION, level: 'some' });
    // Nothing was rewritten or lost: the stored rows are still version 1.
    expect((await db.get('history', 'p/some'))!.v).toBe(1);
    expect(await db.count('history')).toBe(5);
    db.close();
    store.close();
  });
});
