/**
 * 32-bit hashing primitives. All arithmetic stays in 32-bit integers (`Math.imul`, `>>> 0`) so the same
 * values come out in Node, workers and every browser, and typed arrays can hold them.
 */

/** FNV-1a over the UTF-16 code units of a string. Fast for short strings such as words. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** MurmurHash3's finaliser: a bijective avalanche on 32 bits. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combine an accumulated hash with one more 32-bit value (order-sensitive). */
export function combine(acc: number, value: number): number {
  let k = Math.imul(value, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = acc ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Combine two 32-bit values order-independently into one (for unordered pairs). */
export function combineUnordered(a: number, b: number): number {
  return a < b ? fmix32(combine(combine(0x9747b28c, a), b)) : fmix32(combine(combine(0x9747b28c, b), a));
}
