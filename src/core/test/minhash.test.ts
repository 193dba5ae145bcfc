import fc from 'fast-check';
import { Minhash } from 'minhash';
import { hashString } from '../hash';
import { bandKeys, EMPTY_BIN, estimateJaccard, lshCandidateProbability, minhashSignature } from '../minhash';
import { pick, randInt, rng, WORDS } from './helpers';

/** Two sets of distinct 5-word shingle strings with |A ∩ B| / |A ∪ B| = j exactly. */
function shinglePair(rand: () => number, union: number, target: number): { a: string[]; b: string[]; j: number } {
  const inter = Math.round(target * union);
  const rest = union - inter;
  const aOnly = Math.floor(rest / 2);
  const seen = new Set<string>();
  const fresh = (): string => {
    for (;;) {
      const s = Array.from({ length: 5 }, () => pick(rand, WORDS)).join(' ');
      if (!seen.has(s)) {
        seen.add(s);
        return s;
      }
    }
  };
  const common = Array.from({ length: inter }, fresh);
  const a = [...common, ...Array.from({ length: aOnly }, fresh)];
  const b = [...common, ...Array.from({ length: rest - aOnly }, fresh)];
  return { a, b, j: inter / union };
}

function exactJaccard(a: Iterable<number>, b: Iterable<number>): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  const union = sa.size + sb.size - inter;
  return union === 0 ? 0 : inter / union;
}

const oph = (items: string[], bins = 128): Uint32Array => minhashSignature(items.map(hashString), bins);

/**
 * Mean absolute error and mean bias of the 128-bin estimate over `pairs` random shingle pairs of `lo`..`hi`
 * shingles; `alsoSee` is shown each pair too.
 */
function ophError(
  rand: () => number,
  pairs: number,
  lo: number,
  hi: number,
  alsoSee: (a: string[], b: string[], j: number) => void = () => undefined,
): { err: number; bias: number } {
  let err = 0;
  let bias = 0;
  for (let k = 0; k < pairs; k++) {
    const { a, b, j } = shinglePair(rand, randInt(rand, lo, hi), rand());
    const est = estimateJaccard(oph(a), oph(b));
    alsoSee(a, b, j);
    err += Math.abs(est - j);
    bias += est - j;
  }
  return { err: err / pairs, bias: bias / pairs };
}

describe('minhashSignature / estimateJaccard', () => {
  test('OPH at 128 bins: mean absolute error < 0.05, unbiased, and not worse than the `minhash` package', () => {
    const pairs = 200;
    let pkgErr = 0;
    const { err: ophErr, bias: ophBias } = ophError(rng(20240611), pairs, 40, 260, (a, b, j) => {
      const ma = new Minhash({ numPerm: 128 });
      const mb = new Minhash({ numPerm: 128 });
      for (const x of a) ma.update(x);
      for (const x of b) mb.update(x);
      pkgErr += Math.abs(ma.jaccard(mb) - j);
    });
    pkgErr /= pairs;
    // Measured on this seed: OPH 0.0276, package 0.0265 (binomial sd at 128 permutations ≈ 0.044 at J = 0.5).
    expect(ophErr).toBeLessThan(0.05);
    expect(ophErr).toBeLessThanOrEqual(pkgErr + 0.005);
    expect(Math.abs(ophBias)).toBeLessThan(0.01);
  });

  test('small sets (most bins densified) still estimate well', () => {
    const { err, bias } = ophError(rng(7), 200, 6, 30);
    expect(err).toBeLessThan(0.08);
    expect(Math.abs(bias)).toBeLessThan(0.03);
  });

  test('property: estimates track exact Jaccard of random integer sets', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { minLength: 50, maxLength: 300 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { minLength: 50, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, extra, share) => {
          // B = a prefix share of A plus extra elements, so similarities spread over 0..1.
          const b = [...a.slice(0, Math.floor(share * a.length)), ...extra.map((x) => x + 10000)];
          const est = estimateJaccard(minhashSignature(a), minhashSignature(b));
          // 5 standard deviations of a 128-trial binomial at p = 0.5.
          expect(Math.abs(est - exactJaccard(a, b))).toBeLessThan(0.23);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('identical sets estimate exactly 1, whatever the order or duplicates', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 200 }), (xs) => {
        const shuffled = [...xs].reverse().concat(xs.slice(0, 3));
        const sa = minhashSignature(xs);
        const sb = minhashSignature(shuffled);
        expect(Array.from(sb)).toEqual(Array.from(sa));
        expect(estimateJaccard(sa, sb)).toBe(1);
        // No bin is left empty once the set is non-empty (densification).
        expect(sa.includes(EMPTY_BIN)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  test('disjoint sets estimate ~0', () => {
    const rand = rng(99);
    for (let k = 0; k < 50; k++) {
      const { a, b, j } = shinglePair(rand, randInt(rand, 2, 300), 0);
      expect(j).toBe(0);
      expect(estimateJaccard(oph(a), oph(b))).toBeLessThanOrEqual(1 / 128);
    }
  });

  test('an empty set gives an all-empty signature that matches nothing, not even another empty one', () => {
    const empty = minhashSignature([]);
    expect(empty.length).toBe(128);
    expect(empty.every((v) => v === EMPTY_BIN)).toBe(true);
    expect(estimateJaccard(empty, minhashSignature([]))).toBe(0);
    expect(estimateJaccard(empty, minhashSignature([1, 2, 3]))).toBe(0);
    expect(estimateJaccard(new Uint32Array(0), new Uint32Array(0))).toBe(0);
  });

  test('numBins must be a power of two in 1..65536', () => {
    for (const ok of [1, 2, 4, 64, 128, 1024]) expect(minhashSignature([1, 2, 3], ok).length).toBe(ok);
    // The largest size, on a set big enough to fill most bins (densifying a tiny set into 65536 bins is slow).
    const big = Array.from({ length: 100000 }, (_, i) => i);
    expect(minhashSignature(big, 65536).length).toBe(65536);
    for (const bad of [0, -2, 3, 100, 131072, 1.5, 2.5, NaN, Infinity]) {
      expect(() => minhashSignature([1, 2, 3], bad)).toThrow(/power of two/);
    }
  });

  test('one bin: the signature is the set minimum, so a shared minimum element decides', () => {
    const s = minhashSignature([5, 6, 7], 1);
    expect(s.length).toBe(1);
    expect(s[0]).not.toBe(EMPTY_BIN);
    expect(minhashSignature([7, 6, 5], 1)[0]).toBe(s[0]);
  });

  test('estimateJaccard refuses signatures of different lengths', () => {
    expect(() => estimateJaccard(minhashSignature([1], 64), minhashSignature([1], 128))).toThrow(RangeError);
  });
});

describe('bandKeys', () => {
  test('refuses a signature shorter than bands × rows', () => {
    expect(() => bandKeys(new Uint32Array(3), 2, 2)).toThrow(RangeError);
    expect(bandKeys(new Uint32Array(4), 2, 2).length).toBe(2);
  });

  test('equal bands in different positions give different keys; changing one row changes only its band', () => {
    const sig = new Uint32Array(8).fill(42);
    const keys = bandKeys(sig, 4, 2);
    expect(new Set(keys).size).toBe(4);
    const edited = sig.slice();
    edited[5] = 43; // band 2
    const k2 = bandKeys(edited, 4, 2);
    expect(Array.from(k2).map((k, i) => k === keys[i])).toEqual([true, true, false, true]);
  });
});

describe('lshCandidateProbability', () => {
  test('closed form 1 − (1 − s^r)^b', () => {
    expect(lshCandidateProbability(0.5, 2, 2)).toBeCloseTo(0.4375, 12);
    expect(lshCandidateProbability(0.7, 2, 2)).toBeCloseTo(1 - (1 - 0.49) ** 2, 12);
    expect(lshCandidateProbability(0.2, 2, 2)).toBeCloseTo(0.0784, 12);
    expect(lshCandidateProbability(0.5, 20, 5)).toBeCloseTo(1 - (1 - 1 / 32) ** 20, 12);
    expect(lshCandidateProbability(0, 4, 4)).toBe(0);
    expect(lshCandidateProbability(1, 4, 4)).toBe(1);
  });

  test('increasing in s, in bands, and decreasing in rows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.98, noNaN: true }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 8 }),
        (s, b, r) => {
          const p = lshCandidateProbability(s, b, r);
          expect(p).toBeGreaterThan(0);
          expect(p).toBeLessThanOrEqual(1);
          // Strict where the value has not saturated to 1 in floating point.
          if (p < 0.999) {
            expect(lshCandidateProbability(s + 0.01, b, r)).toBeGreaterThan(p);
            expect(lshCandidateProbability(s, b + 1, r)).toBeGreaterThan(p);
            expect(lshCandidateProbability(s, b, r + 1)).toBeLessThan(p);
          } else {
            expect(lshCandidateProbability(s, b, r + 1)).toBeLessThanOrEqual(p);
          }
        },
      ),
    );
  });

  test('matches the empirical band-collision rate of OPH signatures', () => {
    const rand = rng(314);
    const trials = 250;
    for (const s of [0.3, 0.5, 0.7]) {
      let hits = 0;
      let j = 0;
      for (let k = 0; k < trials; k++) {
        const pair = shinglePair(rand, 100, s);
        j = pair.j;
        const ka = bandKeys(oph(pair.a, 16), 4, 4);
        const kb = bandKeys(oph(pair.b, 16), 4, 4);
        if (ka.some((key, i) => key === kb[i])) hits++;
      }
      expect(Math.abs(hits / trials - lshCandidateProbability(j, 4, 4))).toBeLessThan(0.1);
    }
  });
});
