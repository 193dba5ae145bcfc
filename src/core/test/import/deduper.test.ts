import { bytesSource, collectImport, Deduper, HashSet64 } from '../../formats/import';
import type { CorpusRecord } from '../../types';

const rec = (id: string, text: string): CorpusRecord => ({ id, text, title: null, outlet: null, url: null, published: null });

describe('Deduper', () => {
  it('rejects repeated ids and texts equal after case/whitespace normalisation', () => {
    const d = new Deduper();
    expect(d.accept(rec('a', 'The  quick\nbrown fox.'))).toBe('new');
    expect(d.accept(rec('a', 'something else'))).toBe('duplicate-id');
    expect(d.accept(rec('b', '  the QUICK brown\t\tfox. '))).toBe('duplicate-text');
    expect(d.accept(rec('c', 'The quick brown fox!'))).toBe('new');
    expect(d.accept(rec('A', 'different id case'))).toBe('new');
    // a rejected record is not remembered
    expect(d.accept(rec('b', 'fresh text'))).toBe('new');
    expect(d.size).toBe(4);
  });

  it('does not join words that only whitespace separated', () => {
    const d = new Deduper();
    expect(d.accept(rec('1', 'ab c'))).toBe('new');
    expect(d.accept(rec('2', 'a bc'))).toBe('new');
    expect(d.accept(rec('3', 'abc'))).toBe('new');
  });

  it('stays small and exact for many records', () => {
    const d = new Deduper();
    const n = 200_000;
    const results: Record<string, number> = {};
    const count = (r: string): void => {
      results[r] = (results[r] ?? 0) + 1;
    };
    for (let i = 0; i < n; i++) count(d.accept(rec(`id-${i}`, `text number ${i}`)));
    for (let i = 0; i < n; i += 1000) {
      count(d.accept(rec(`id-${i}`, 'x')));
      count(d.accept(rec(`new-${i}`, `TEXT  number ${i}`)));
    }
    expect(results).toEqual({ new: n, 'duplicate-id': n / 1000, 'duplicate-text': n / 1000 });
    expect(d.size).toBe(n);
    // two tables of 2^19 slots × 8 bytes: 8 MB for 200k records, independent of text length
    expect(d.byteLength).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('HashSet64 keeps (0, 0) apart from the empty marker and survives growth', () => {
    const s = new HashSet64();
    expect(s.add(0, 0)).toBe(true);
    expect(s.has(0, 0)).toBe(true);
    for (let i = 1; i < 5000; i++) s.add(i, i * 31);
    let found = 0;
    for (let i = 1; i < 5000; i++) if (s.has(i, i * 31)) found++;
    expect(found).toBe(4999);
    expect(s.has(5001, 1)).toBe(false);
  });
});

describe('collectImport', () => {
  it('dedupes across files by text, keeps a reused id under its scoped id, and lists both', async () => {
    const { records, summary } = await collectImport([
      bytesSource('a.jsonl', '{"id":"1","text":"Same story."}\n{"id":"2","text":"Other story."}\nbad\n'),
      bytesSource('b.jsonl', '{"id":"1","text":"id clash"}\n{"id":"3","text":"same   STORY."}\n{"id":"4","text":"new"}\n'),
    ]);
    expect(records.map((r) => r.id)).toEqual(['1', '2', 'b.jsonl#1', '4']);
    expect(summary).toMatchObject({ imported: 4, duplicates: 1, renamed: 1, skipped: 1, issuesOmitted: 0, notesOmitted: 0 });
    expect(summary.notes).toEqual([
      { file: 'b.jsonl', line: 1, reason: 'line 1: id "1" is already used by another article; imported as "b.jsonl#1"' },
      { file: 'b.jsonl', line: 2, reason: 'line 2: duplicate: the same text as an article already imported; not added' },
    ]);
  });

  it('imports every row of two CSV files that both number their rows 1..N', async () => {
    const csv = (prefix: string): string => `id,title,text\n${[1, 2, 3].map((n) => `${n},T${n},${prefix} story number ${n}`).join('\n')}\n`;
    const { records, summary } = await collectImport([bytesSource('a.csv', csv('First')), bytesSource('news/b.csv', csv('Second'))]);
    expect(records.map((r) => r.id)).toEqual(['1', '2', '3', 'news/b.csv#1', 'news/b.csv#2', 'news/b.csv#3']);
    expect(records.map((r) => r.text)).toEqual([1, 2, 3].map((n) => `First story number ${n}`).concat([1, 2, 3].map((n) => `Second story number ${n}`)));
    expect(summary).toMatchObject({ imported: 6, duplicates: 0, renamed: 3, skipped: 0 });
    expect(summary.notes.map((n) => [n.file, n.line])).toEqual([['news/b.csv', 2], ['news/b.csv', 3], ['news/b.csv', 4]]);
  });

  it('gives a fresh scoped id when the scoped id is taken too', async () => {
    const d = new Deduper();
    expect(d.admit(rec('1', 'one'), 'b.csv')).toEqual({ kind: 'new', record: rec('1', 'one') });
    expect(d.admit(rec('b.csv#1', 'two'), 'a.csv')).toMatchObject({ kind: 'new' });
    expect(d.admit(rec('1', 'three'), 'b.csv')).toEqual({ kind: 'renamed', record: rec('b.csv#1~2', 'three'), takenId: '1' });
    expect(d.admit(rec('9', 'THREE '), 'c.csv')).toEqual({ kind: 'duplicate' });
    expect(d.freeScopedId('b.csv', '1')).toBe('b.csv#1~3');
  });

  it('caps the issues it keeps and counts the rest', async () => {
    const progress: number[] = [];
    const { summary } = await collectImport([bytesSource('bad.jsonl', 'nope\n'.repeat(30), 16)], {
      maxIssues: 10,
      onProgress: (_file, bytes) => progress.push(bytes),
    });
    expect(summary.skipped).toBe(30);
    expect(summary.issues).toHaveLength(10);
    expect(summary.issuesOmitted).toBe(20);
    expect(progress[progress.length - 1]).toBe(150);
  });

  it('uses a given deduper so a second import dedupes against the first', async () => {
    const deduper = new Deduper();
    await collectImport([bytesSource('a.txt', 'T\nBody')], { deduper });
    const second = await collectImport([bytesSource('a.txt', 'T\nBody')], { deduper });
    expect(second.summary).toMatchObject({ imported: 0, duplicates: 1 });
    expect(second.summary.notes).toEqual([{ file: 'a.txt', line: null, reason: 'duplicate: the same text as an article already imported; not added' }]);
  });
});
