import fc from 'fast-check';
import { ByteReader, ByteWriter } from '../binary';
import { BLOCK_KEYS, MAX_ORDINAL, PostingTable, PostingTableEncoder } from '../posting-table';
import { writeLegacyTable } from './legacy-format';

const SPECIAL_KEYS = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const keyArb = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(...SPECIAL_KEYS));
const ALL_KEYS = [...new Set([...Array.from({ length: 41 }, (_, i) => i), ...SPECIAL_KEYS, 12345])];

type Op =
  | { t: 'add'; keys: number[] }
  | { t: 'kill'; which: number }
  | { t: 'compact'; dropDead: boolean }
  | { t: 'roundtrip'; blockKeys: number }
  | { t: 'legacy' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('add' as const), keys: fc.uniqueArray(keyArb, { maxLength: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('kill' as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('compact' as const), dropDead: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('roundtrip' as const), blockKeys: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(BLOCK_KEYS)) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'legacy' as const }) },
);

function collect(table: PostingTable, key: number, limit = Infinity): number[] {
  const out: number[] = [];
  table.forEach(key, (ord) => out.push(ord), limit);
  return out;
}

function roundTrip(table: PostingTable, isLive: (ord: number) => boolean, blockKeys = BLOCK_KEYS): PostingTable {
  const w = new ByteWriter();
  table.write(w, isLive, blockKeys);
  const r = new ByteReader(w.finish());
  const out = PostingTable.read(r);
  expect(r.remaining).toBe(0);
  return out;
}

/** A table with `n` keys (spread over 32 bits) of 1–4 postings each, its reference, and its bytes. */
function bigTable(n: number, blockKeys: number): { table: PostingTable; ref: Map<number, number[]>; bytes: Uint8Array } {
  const ref = new Map<number, number[]>();
  const t = new PostingTable();
  for (let i = 0; i < n; i++) {
    const key = Math.floor((i * 0xffffffff) / n) + (i % 3);
    const ords = Array.from({ length: 1 + (i % 4) }, (_, j) => (i * 7 + j * 1013) % (MAX_ORDINAL + 1)).sort((a, b) => a - b);
    ref.set(key, ords);
  }
  const byOrd = new Map<number, number[]>();
  for (const [k, ords] of ref) for (const o of ords) byOrd.set(o, [...(byOrd.get(o) ?? []), k]);
  for (const [o, keys] of byOrd) t.add(o, Uint32Array.from(keys));
  const w = new ByteWriter();
  t.write(w, () => true, blockKeys);
  return { table: t, ref, bytes: w.finish() };
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
          } else if (op.t === 'roundtrip') {
            table = roundTrip(table, isLive, op.blockKeys);
            dropDead();
          } else {
            // A format-2 table of the reference's live postings, read by the legacy reader.
            dropDead();
            const w = new ByteWriter();
            writeLegacyTable(w, ref);
            const r = new ByteReader(w.finish());
            table = PostingTable.readLegacy(r);
            expect(r.remaining).toBe(0);
            expect(table.isEncoded).toBe(false);
          }
          // One comparison per step: key → [count, sorted ordinals], table vs reference.
          const got: Record<number, [number, number[]]> = {};
          const want: Record<number, [number, number[]]> = {};
          for (const k of ALL_KEYS) {
            const ords = [...(ref.get(k) ?? [])].sort((a, b) => a - b);
            want[k] = [ords.length, ords];
            got[k] = [table.count(k), collect(table, k).sort((a, b) => a - b)];
            // A limit reads a prefix of the full visit order (base in ordinal order, then the delta).
            const all = collect(table, k);
            for (const limit of [0, 1, 2]) expect(collect(table, k, limit)).toEqual(all.slice(0, limit));
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

  test('a corrupt key delta is refused (format-2 layout)', () => {
    const w = new ByteWriter();
    w.varint(2); // two keys
    w.varint(0xffffffff); // key 0xffffffff
    w.varint(1); // one posting
    w.varint(0);
    w.varint(5); // next key would be 2^32 + 4
    w.varint(1);
    w.varint(0);
    expect(() => PostingTable.readLegacy(new ByteReader(w.finish()))).toThrow(/corrupt posting key/);
  });
});

describe('PostingTable block layout', () => {
  test('read keeps the postings encoded; lookups, adds and compaction work on it', () => {
    for (const blockKeys of [1, 2, 7, BLOCK_KEYS]) {
      const { ref, bytes } = bigTable(500, blockKeys);
      const t = PostingTable.read(new ByteReader(bytes));
      expect(t.isEncoded).toBe(true);
      expect(t.baseKeyCount).toBe(500);
      expect(t.size).toBe([...ref.values()].reduce((a, o) => a + o.length, 0));
      for (const [k, ords] of ref) {
        expect(t.count(k)).toBe(ords.length);
        expect(collect(t, k)).toEqual(ords);
        expect(collect(t, k, 2)).toEqual(ords.slice(0, 2));
        // Absent neighbours (keys are spread, so k ± 1 are mostly absent).
        for (const a of [k - 1, k + 1]) if (!ref.has(a) && a >= 0 && a <= 0xffffffff) expect(t.count(a)).toBe(0);
      }
      expect(t.count(0xffffffff)).toBe(ref.get(0xffffffff)?.length ?? 0);
      // Adds after read go to the delta; the base stays encoded until compaction.
      t.add(MAX_ORDINAL, Uint32Array.from([[...ref.keys()][3], 17]));
      expect(t.isEncoded).toBe(true);
      expect(collect(t, [...ref.keys()][3])).toEqual([...ref.get([...ref.keys()][3])!, MAX_ORDINAL]);
      expect(collect(t, 17)).toEqual([...(ref.get(17) ?? []), MAX_ORDINAL]);
      // Compaction with removals decodes the base.
      const dead = (o: number): boolean => o % 5 === 0;
      t.compact((o) => !dead(o));
      expect(t.isEncoded).toBe(false);
      for (const [k, ords] of ref) expect(collect(t, k)).toEqual(ords.filter((o) => !dead(o)).concat(k === [...ref.keys()][3] ? [MAX_ORDINAL] : []));
    }
  });

  test('writing an encoded table with nothing to merge re-encodes it as it is', () => {
    const { bytes } = bigTable(300, 5);
    const t = PostingTable.read(new ByteReader(bytes));
    const w = new ByteWriter();
    t.write(w, () => true, 5);
    expect(Buffer.from(w.finish()).equals(Buffer.from(bytes))).toBe(true);
    expect(t.isEncoded).toBe(true);
  });

  test('the encoder refuses keys or ordinals out of order or range', () => {
    const e = new PostingTableEncoder(4);
    e.addKey(5, [1, 2]);
    expect(() => e.addKey(5, [3])).toThrow(RangeError);
    expect(() => e.addKey(4, [3])).toThrow(RangeError);
    expect(() => e.addKey(6, [2, 2])).toThrow(RangeError);
    expect(() => e.addKey(6, [3, 1])).toThrow(RangeError);
    expect(() => e.addKey(6, [MAX_ORDINAL + 1])).toThrow(RangeError);
    expect(() => e.addKey(6, [])).toThrow(RangeError);
    expect(() => e.addKey(2 ** 32, [1])).toThrow(RangeError);
    expect(() => new PostingTableEncoder(0)).toThrow(RangeError);
  });

  test('every truncation is refused', () => {
    const { bytes } = bigTable(40, 3);
    for (let len = 0; len < bytes.length; len++) {
      expect(() => PostingTable.read(new ByteReader(bytes.subarray(0, len)))).toThrow(RangeError);
    }
  });

  test('a damaged block index (or the counts and checksum before it) is refused on read', () => {
    const { bytes } = bigTable(200, 4);
    const r = new ByteReader(bytes);
    for (let i = 0; i < 4; i++) r.varint();
    r.u32s(1);
    r.pad4();
    const indexEnd = r.pos + Math.ceil(200 / 4) * 8;
    for (let at = 0; at < indexEnd; at++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const b = bytes.slice();
        b[at] ^= flip;
        expect(() => PostingTable.read(new ByteReader(b))).toThrow(RangeError);
      }
    }
  });

  test('damaged blocks throw (or stay within their block) rather than hang or read elsewhere', () => {
    const { ref, bytes } = bigTable(40, 6);
    const dataStart = bytes.length - (() => {
      const r = new ByteReader(bytes);
      for (let i = 0; i < 3; i++) r.varint();
      return r.varint();
    })();
    const keys = [...ref.keys()];
    const problems: string[] = [];
    let thrownOnCompact = 0;
    for (let at = dataStart; at < bytes.length; at++) {
      for (const value of [0x00, 0x7f, 0xff]) {
        const b = bytes.slice();
        if (b[at] === value) continue;
        b[at] = value;
        const t = PostingTable.read(new ByteReader(b)); // the block index is intact: loads
        for (const k of keys) {
          try {
            const n = t.count(k);
            const seen = collect(t, k);
            if (seen.length !== n || n > b.length) problems.push(`byte ${at} = ${value}, key ${k}: count ${n}, visited ${seen.length}`);
          } catch (e) {
            if (!(e instanceof RangeError)) problems.push(`byte ${at} = ${value}: ${String(e)}`);
          }
        }
        // A full decode (compaction, serialisation) checks every block: most damage is caught there.
        try {
          t.compact();
        } catch (e) {
          if (e instanceof RangeError) thrownOnCompact++;
          else problems.push(`byte ${at} = ${value}, compact: ${String(e)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(thrownOnCompact).toBeGreaterThan(0);
  });

  test('random tables: encoded and legacy layouts answer like a Map<key, number[]> reference', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(keyArb, fc.nat({ max: 0xffffffff })), fc.uniqueArray(fc.nat({ max: MAX_ORDINAL }), { minLength: 1, maxLength: 6 })), { maxLength: 80 }),
        fc.integer({ min: 1, max: 9 }),
        (entries, blockKeys) => {
          const ref = new Map<number, number[]>();
          for (const [k, ords] of entries) ref.set(k, [...new Set([...(ref.get(k) ?? []), ...ords])].sort((a, b) => a - b));
          const enc = new PostingTableEncoder(blockKeys);
          for (const k of [...ref.keys()].sort((a, b) => a - b)) enc.addKey(k, ref.get(k)!);
          const w = new ByteWriter();
          enc.finish(w);
          const encoded = PostingTable.read(new ByteReader(w.finish()));
          const lw = new ByteWriter();
          writeLegacyTable(lw, ref);
          const legacy = PostingTable.readLegacy(new ByteReader(lw.finish()));
          const probe = [...ref.keys(), ...ref.keys()].map((k, i) => (i < ref.size ? k : (k + 1) % 2 ** 32)).concat(ALL_KEYS);
          for (const t of [encoded, legacy]) {
            for (const k of probe) {
              const want = ref.get(k) ?? [];
              expect(t.count(k)).toBe(want.length);
              expect(collect(t, k)).toEqual(want);
              expect(collect(t, k, 3)).toEqual(want.slice(0, 3));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
