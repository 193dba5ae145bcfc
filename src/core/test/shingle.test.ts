import fc from 'fast-check';
import { analyze } from '../analysis';
import { SHINGLE_WORDS, shingleHashes, uniqueSorted, WINNOW_WINDOW, winnow } from '../shingle';

const GUARANTEE = WINNOW_WINDOW + SHINGLE_WORDS - 1;
const u32 = fc.integer({ min: 0, max: 0xffffffff });
/** Token hashes from a small alphabet, so that repeats and ties in shingle hashes do happen. */
const smallU32 = fc.integer({ min: 0, max: 5 });

describe('shingleHashes', () => {
  test('one hash per k-token window; empty below k tokens', () => {
    expect(shingleHashes(new Uint32Array(SHINGLE_WORDS - 1)).length).toBe(0);
    expect(shingleHashes(new Uint32Array(SHINGLE_WORDS)).length).toBe(1);
    expect(shingleHashes(new Uint32Array(20)).length).toBe(20 - SHINGLE_WORDS + 1);
    expect(shingleHashes(new Uint32Array([1, 2, 3]), 2).length).toBe(2);
  });

  test('entry i depends exactly on tokens [i, i + k): equal windows hash equal, the order matters', () => {
    fc.assert(
      fc.property(fc.array(u32, { minLength: SHINGLE_WORDS, maxLength: 40 }), fc.nat(), u32, (toks, at, v) => {
        const a = Uint32Array.from(toks);
        const sa = shingleHashes(a);
        // Same window content at another place gives the same hash.
        const shifted = Uint32Array.from([7, 8, 9, ...toks]);
        const ss = shingleHashes(shifted);
        for (let i = 0; i < sa.length; i++) expect(ss[i + 3]).toBe(sa[i]);
        // Changing one token changes exactly the shingles that cover it (no collisions expected on 32 bits here).
        const pos = at % a.length;
        if (a[pos] === v) return;
        const b = a.slice();
        b[pos] = v;
        const sb = shingleHashes(b);
        for (let i = 0; i < sa.length; i++) {
          const covers = i <= pos && pos < i + SHINGLE_WORDS;
          if (!covers) expect(sb[i]).toBe(sa[i]);
          else expect(sb[i]).not.toBe(sa[i]);
        }
      }),
      { numRuns: 300 },
    );
    const ab = shingleHashes(Uint32Array.from([1, 2, 3, 4, 5]));
    const ba = shingleHashes(Uint32Array.from([2, 1, 3, 4, 5]));
    expect(ab[0]).not.toBe(ba[0]);
  });
});

describe('winnow', () => {
  test('every window of w shingles has its minimum selected; positions strictly increasing', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(u32, smallU32), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 12 }), (xs, w) => {
        const sh = Uint32Array.from(xs);
        const { positions, hashes } = winnow(sh, w);
        expect(positions.length).toBe(hashes.length);
        for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
        for (let i = 0; i < positions.length; i++) expect(hashes[i]).toBe(sh[positions[i]]);
        const win = Math.min(w, sh.length);
        const selected = new Set(positions);
        for (let start = 0; start + win <= sh.length; start++) {
          let min = Infinity;
          for (let i = start; i < start + win; i++) min = Math.min(min, sh[i]);
          let found = false;
          for (let i = start; i < start + win; i++) if (sh[i] === min && selected.has(i)) found = true;
          if (!found) throw new Error(`window at ${start} (w=${win}) has no selected minimum`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('the winnowing guarantee: a shared run of ≥ W + K − 1 tokens gives a shared fingerprint', () => {
    fc.assert(
      fc.property(
        fc.array(u32, { maxLength: 150 }),
        fc.array(u32, { maxLength: 150 }),
        fc.array(fc.oneof(u32, smallU32), { minLength: GUARANTEE, maxLength: GUARANTEE + 30 }),
        fc.nat(),
        fc.nat(),
        (a, b, run, atA, atB) => {
          const i = atA % (a.length + 1);
          const j = atB % (b.length + 1);
          const A = Uint32Array.from([...a.slice(0, i), ...run, ...a.slice(i)]);
          const B = Uint32Array.from([...b.slice(0, j), ...run, ...b.slice(j)]);
          const fa = new Set(winnow(shingleHashes(A)).hashes);
          const fb = winnow(shingleHashes(B)).hashes;
          expect(fb.some((h) => fa.has(h))).toBe(true);
          // And specifically a fingerprint of the shared run itself.
          const runFps = new Set(shingleHashes(Uint32Array.from(run)));
          expect(fb.some((h) => fa.has(h) && runFps.has(h))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('the guarantee holds on real text: a copied 12-word sentence inside two unrelated texts', () => {
    const copied = 'the tragedy we are witnessing today began with a failure of leadership';
    const a = analyze(`Markets fell sharply on Monday as traders weighed new data. ${copied}. Prices recovered later.`);
    const b = analyze(`A storm hit the northern coast overnight, cutting power to thousands. ${copied}, officials warned.`);
    const fa = new Set(a.fingerprints);
    expect(Array.from(b.fingerprints).some((h) => fa.has(h))).toBe(true);
  });

  test('a text shorter than the window still gets exactly one fingerprint: its minimum shingle', () => {
    for (let n = 1; n < WINNOW_WINDOW; n++) {
      const sh = Uint32Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 0);
      const { positions, hashes } = winnow(sh);
      expect(positions.length).toBe(1);
      expect(hashes[0]).toBe(Math.min(...sh));
    }
    expect(winnow(new Uint32Array(0)).positions.length).toBe(0);
    // Six words = two shingles: one fingerprint.
    expect(analyze('One two three four five six').fingerprints.length).toBe(1);
    expect(analyze('Four words only here').fingerprints.length).toBe(0);
  });

  test('ties select the rightmost minimum, and one fingerprint stays selected while it is in the window', () => {
    // Windows of 3: [5 1 1] → 2; [1 1 9], [1 9 9] keep 2; [9 9 9] → 5 (rightmost); [9 9 9] → 6.
    const { positions } = winnow(Uint32Array.from([5, 1, 1, 9, 9, 9, 9]), 3);
    expect(Array.from(positions)).toEqual([2, 5, 6]);
    // A constant sequence: rightmost minimum of each window, i.e. a new selection at every step.
    expect(Array.from(winnow(new Uint32Array(5).fill(3), 2).positions)).toEqual([1, 2, 3, 4]);
  });

  test('density is about 2 / (W + 1) on random hashes', () => {
    const sh = Uint32Array.from({ length: 20000 }, (_, i) => Math.imul(i + 1, 2654435761) ^ (i >>> 3));
    const rand = shingleHashes(sh); // mixed
    const density = winnow(rand).positions.length / rand.length;
    expect(density).toBeGreaterThan(1.6 / (WINNOW_WINDOW + 1));
    expect(density).toBeLessThan(2.4 / (WINNOW_WINDOW + 1));
  });
});

describe('uniqueSorted', () => {
  test('sorted, unique, same set of values', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(u32, smallU32), { maxLength: 100 }), (xs) => {
        const out = Array.from(uniqueSorted(Uint32Array.from(xs)));
        expect(out).toEqual([...new Set(xs)].sort((x, y) => x - y));
      }),
    );
  });
});
