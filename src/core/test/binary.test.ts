import fc from 'fast-check';
import { ByteReader, ByteWriter } from '../binary';

describe('ByteWriter / ByteReader', () => {
  test('round trip of mixed fields, growing past the initial buffer', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ t: fc.constant('u8' as const), v: fc.integer({ min: 0, max: 255 }) }),
            fc.record({ t: fc.constant('varint' as const), v: fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(0, 127, 128, 2 ** 32, 2 ** 53 - 1)) }),
            fc.record({ t: fc.constant('string' as const), v: fc.string({ unit: 'binary', maxLength: 30 }) }),
            fc.record({ t: fc.constant('bytes' as const), v: fc.uint8Array({ maxLength: 40 }) }),
          ),
          { maxLength: 50 },
        ),
        (fields) => {
          const w = new ByteWriter();
          for (const f of fields) {
            if (f.t === 'u8') w.u8(f.v);
            else if (f.t === 'varint') w.varint(f.v);
            else if (f.t === 'string') w.string(f.v);
            else w.bytes(f.v);
          }
          const r = new ByteReader(w.finish());
          for (const f of fields) {
            if (f.t === 'u8') expect(r.u8()).toBe(f.v);
            else if (f.t === 'varint') expect(r.varint()).toBe(f.v);
            // UTF-8 cannot hold a lone surrogate: TextEncoder writes U+FFFD for it.
            else if (f.t === 'string') expect(r.string()).toBe(f.v.replace(/\p{Cs}/gu, '\ufffd'));
            else expect(Array.from(r.bytes())).toEqual(Array.from(f.v));
          }
          expect(r.remaining).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('large payloads (beyond the 64 KiB initial buffer)', () => {
    const big = new Uint8Array(200_000).map((_, i) => i & 0xff);
    const w = new ByteWriter();
    w.varint(5);
    w.bytes(big);
    w.raw(big.subarray(0, 70_000));
    const r = new ByteReader(w.finish());
    expect(r.varint()).toBe(5);
    expect(r.bytes()).toEqual(big);
    expect(r.raw(70_000)).toEqual(big.subarray(0, 70_000));
    expect(r.remaining).toBe(0);
  });

  test('varint encoding is LEB128', () => {
    const w = new ByteWriter();
    w.varint(300);
    w.varint(0);
    w.varint(127);
    expect(Array.from(w.finish())).toEqual([0xac, 0x02, 0x00, 0x7f]);
  });

  test('reading past the end or a runaway varint throws RangeError', () => {
    expect(() => new ByteReader(new Uint8Array(0)).u8()).toThrow(RangeError);
    expect(() => new ByteReader(Uint8Array.from([0x80, 0x80])).varint()).toThrow(/truncated/);
    expect(() => new ByteReader(new Uint8Array(12).fill(0xff)).varint()).toThrow(/corrupt varint/);
    expect(() => new ByteReader(Uint8Array.from([5, 1, 2])).bytes()).toThrow(RangeError);
    expect(() => new ByteReader(Uint8Array.from([1, 2])).raw(3)).toThrow(RangeError);
  });

  test('u32s round trip, aligned (a view) or not (a copy), and pad4 aligns from the start of the output', () => {
    const values = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 123456789];
    for (let lead = 0; lead < 6; lead++) {
      const w = new ByteWriter();
      for (let i = 0; i < lead; i++) w.u8(9);
      w.pad4();
      expect(w.length % 4).toBe(0);
      w.u32s(values);
      w.varint(300);
      const bytes = w.finish();
      for (const shift of [0, 1, 4]) {
        const buf = new Uint8Array(bytes.length + shift);
        buf.set(bytes, shift);
        const r = new ByteReader(buf.subarray(shift));
        for (let i = 0; i < lead; i++) expect(r.u8()).toBe(9);
        r.pad4();
        const got = r.u32s(values.length);
        expect(Array.from(got)).toEqual(values);
        expect(got.buffer === buf.buffer).toBe(shift % 4 === 0); // in place only when aligned
        expect(r.varint()).toBe(300);
        expect(r.remaining).toBe(0);
      }
    }
    // Little-endian bytes.
    const w = new ByteWriter();
    w.u32s([0x01020304]);
    expect(Array.from(w.finish())).toEqual([4, 3, 2, 1]);
    expect(Array.from(w.view())).toEqual([4, 3, 2, 1]);
  });

  test('malformed padding and short u32 arrays throw', () => {
    expect(() => new ByteReader(Uint8Array.from([4, 0, 0, 0, 0])).pad4()).toThrow(/padding/);
    expect(() => new ByteReader(Uint8Array.from([2, 0, 1])).pad4()).toThrow(/padding/);
    expect(() => new ByteReader(Uint8Array.from([2, 0])).pad4()).toThrow(RangeError);
    expect(() => new ByteReader(new Uint8Array(7)).u32s(2)).toThrow(/truncated/);
  });
});
