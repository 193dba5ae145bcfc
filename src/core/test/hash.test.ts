import fc from 'fast-check';
import { combine, combineUnordered, fmix32, hashString } from '../hash';

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('hash', () => {
  test('hashString is a deterministic uint32 that separates close strings', () => {
    expect(hashString('tragedy')).toBe(hashString('tragedy'));
    const words = ['a', 'b', 'ab', 'ba', 'tragedy', 'tragedies', 'Tragedy', '', 'é', 'e\u0301'];
    const hashes = words.map(hashString);
    expect(new Set(hashes).size).toBe(words.length);
    for (const h of hashes) {
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThanOrEqual(0xffffffff);
    }
  });

  test('fmix32 is a bijection on 32 bits (no collisions on a large sample, uint32 output)', () => {
    const seen = new Set<number>();
    let notUint32 = 0;
    for (let i = 0; i < 1 << 17; i++) {
      const h = fmix32(Math.imul(i, 0x9e3779b1) >>> 0);
      if (h >>> 0 !== h) notUint32++;
      seen.add(h);
    }
    expect(notUint32).toBe(0);
    expect(seen.size).toBe(1 << 17);
    expect(fmix32(0)).toBe(0); // the finaliser fixes 0
  });

  test('combine is order-sensitive; combineUnordered is symmetric', () => {
    fc.assert(
      fc.property(u32, u32, u32, (acc, a, b) => {
        expect(combineUnordered(a, b)).toBe(combineUnordered(b, a));
        if (a !== b) expect(combine(combine(acc, a), b)).not.toBe(combine(combine(acc, b), a));
        const u = combineUnordered(a, b);
        expect(u >>> 0).toBe(u);
      }),
    );
  });

  test('random strings rarely collide', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 50, maxLength: 50 }), (xs) => {
        expect(new Set(xs.map(hashString)).size).toBe(xs.length);
      }),
      { numRuns: 50 },
    );
  });
});
