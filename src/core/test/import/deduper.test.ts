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
  it('dedupes across files and summarises', async () => {
    const { records, summary } = await collectImport([
      bytesSource('a.jsonl', '{"id":"1","text":"Same story."}\n{"id":"2","text":"Other story."}\nbad\n'),
      bytesSource('b.jsonl', '{"id":"1","text":"id clash"}\n{"id":"3","text":"same   STORY."}\n{"id":"4","text":"new"}\n'),
    ]);
    expect(records.map((r) => r.id)).toEqual(['1', '2', '4']);
    expect(summary).toMatchObject({ imported: 3, duplicates: 2, skipped: 1, issuesOmitted: 0 });
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
  });
});
