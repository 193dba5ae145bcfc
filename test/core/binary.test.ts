import fc from 'fast-check';
import { ByteReader, ByteWriter } from '../../src/core/binary';

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
});
