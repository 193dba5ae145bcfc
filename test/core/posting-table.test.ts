import fc from 'fast-check';
import { ByteReader, ByteWriter } from '../../src/core/binary';
import { MAX_ORDINAL, PostingTable } from '../../src/core/posting-table';

const SPECIAL_KEYS = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const keyArb = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(...SPECIAL_KEYS));
const ALL_KEYS = [...new Set([...Array.from({ length: 41 }, (_, i) => i), ...SPECIAL_KEYS, 12345])];

type Op =
  | { t: 'add'; keys: number[] }
  | { t: 'kill'; which: number }
  | { t: 'compact'; dropDead: boolean }
  | { t: 'roundtrip' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('add' as const), keys: fc.uniqueArray(keyArb, { maxLength: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('kill' as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('compact' as const), dropDead: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ t: 'roundtrip' as const }) },
);

function collect(table: PostingTable, key: number): number[] {
  const out: number[] = [];
  table.forEach(key, (ord) => out.push(ord));
  return out;
}

function roundTrip(table: PostingTable, isLive: (ord: number) => boolean): PostingTable {
  const w = new ByteWriter();
  table.write(w, isLive);
  const r = new ByteReader(w.finish());
  const out = PostingTable.read(r);
  expect(r.remaining).toBe(0);
  return out;
}

describe('PostingTable vs a Map<key, Set<ord>> reference', () => {
  test('random add / kill / compact / serialise sequences', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.nat(), (ops, ordGap) => {
        let table = new PostingTable();
        const ref = new Map<number, Set<number>>();
        const dead = new Set<number>();
        const added: number[] = [];
        let nextOrd = ordGap % 1000; // ordinals need not start at 0
        const isLive = (ord: number): boolean => !dead.has(ord);
        const dropDead = (): void => {
          for (const set of ref.values()) for (const ord of set) if (dead.has(ord)) set.delete(ord);
        };
        for (const op of ops) {
          if (op.t === 'add') {
            const ord = nextOrd++;
            added.push(ord);
            table.add(ord, Uint32Array.from(op.keys));
            for (const k of op.keys) {
              if (!ref.has(k)) ref.set(k, new Set());
              ref.get(k)!.add(ord);
            }
          } else if (op.t === 'kill') {
            if (added.length) dead.add(added[op.which % added.length]);
          } else if (op.t === 'compact') {
            if (op.dropDead) {
              table.compact(isLive);
              dropDead();
            } else {
              table.compact();
            }
            // Compaction leaves nothing in the delta: size is the base postings count.
            let total = 0;
            for (const set of ref.values()) total += set.size;
            expect(table.size).toBe(total);
          } else {
            table = roundTrip(table, isLive);
            dropDead();
          }
          // One comparison per step: key → [count, sorted ordinals], table vs reference.
          const got: Record<number, [number, number[]]> = {};
          const want: Record<number, [number, number[]]> = {};
          for (const k of ALL_KEYS) {
            const ords = [...(ref.get(k) ?? [])].sort((a, b) => a - b);
            want[k] = [ords.length, ords];
            got[k] = [table.count(k), collect(table, k).sort((a, b) => a - b)];
          }
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('postings of a key come back in ordinal order after compaction', () => {
    const t = new PostingTable();
    for (const ord of [5, 2, 9, 0, 7]) t.add(ord, Uint32Array.from([3, 0xffffffff]));
    t.compact();
    expect(collect(t, 3)).toEqual([0, 2, 5, 7, 9]);
    expect(collect(t, 0xffffffff)).toEqual([0, 2, 5, 7, 9]);
    expect(t.baseKeyCount).toBe(2);
    expect(collect(t, 4)).toEqual([]);
    expect(t.count(4)).toBe(0);
  });

  test('the largest ordinal and key survive compaction and serialisation', () => {
    const t = new PostingTable();
    t.add(MAX_ORDINAL, Uint32Array.from([0xffffffff, 0]));
    t.add(0, Uint32Array.from([0xffffffff]));
    const back = roundTrip(t, () => true);
    expect(collect(back, 0xffffffff)).toEqual([0, MAX_ORDINAL]);
    expect(collect(back, 0)).toEqual([MAX_ORDINAL]);
  });

  test('ordinals beyond MAX_ORDINAL are refused', () => {
    const t = new PostingTable();
    expect(() => t.add(MAX_ORDINAL + 1, Uint32Array.from([1]))).toThrow(RangeError);
    expect(t.size).toBe(0);
  });

  test('replaceWith takes over base and delta', () => {
    const a = new PostingTable();
    a.add(1, Uint32Array.from([10]));
    a.compact();
    a.add(2, Uint32Array.from([10, 11]));
    const b = new PostingTable();
    b.replaceWith(a);
    expect(collect(b, 10).sort()).toEqual([1, 2]);
    expect(collect(b, 11)).toEqual([2]);
    expect(b.size).toBe(3);
  });

  test('a corrupt key delta is refused', () => {
    const w = new ByteWriter();
    w.varint(2); // two keys
    w.varint(0xffffffff); // key 0xffffffff
    w.varint(0); // no postings
    w.varint(5); // next key would be 2^32 + 4
    w.varint(0);
    expect(() => PostingTable.read(new ByteReader(w.finish()))).toThrow(/corrupt posting key/);
  });
});
