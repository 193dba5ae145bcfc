/**
 * Reading a posting table's base segment while it is still encoded (as loaded from a corpus file; layout
 * in posting-format.ts): a lookup binary-searches the block index and decodes within one block, checking
 * only the bounds of the block it walks (damaged data cannot make it read elsewhere or loop); walking
 * every key (`forEachKey`, for compaction and serialisation) checks every block fully (lengths, order,
 * ranges).
 */
import { type EncodedBase, MAX_ORDINAL, corrupt } from './posting-format';

export class EncodedPostings {
  /** The last key found: where its postings start and how many (count then forEach). */
  private hitKey = -1;
  private hitPos = 0;
  private hitCount = 0;
  /** One decoded block (see decodeBlock): its keys; key i's ordinals are scratchOrds[scratchEnds[i]..scratchEnds[i + 1]). */
  private scratchKeys = new Uint32Array(0);
  private scratchEnds = new Uint32Array(1);
  private scratchOrds = new Uint32Array(256);

  constructor(readonly base: EncodedBase) {}

  /**
   * Looks `key` up: its posting count (0 if absent), with hitPos / hitCount set to where its ordinal
   * deltas start.
   */
  count(key: number): number {
    if (key === this.hitKey) return this.hitCount;
    const e = this.base;
    const fk = e.firstKeys;
    if (fk.length === 0 || key < fk[0]) return 0;
    let lo = 0;
    let hi = fk.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (fk[mid] <= key) lo = mid;
      else hi = mid - 1;
    }
    const data = e.data;
    let pos = e.blockOffsets[lo];
    const end = lo + 1 < fk.length ? e.blockOffsets[lo + 1] : data.length;
    let k = fk[lo];
    const n = Math.min(e.blockKeys, e.nKeys - lo * e.blockKeys);
    // Bounds are checked as the block is walked, so damaged data cannot send a lookup outside its block
    // (reads past the end of `data` give undefined, which ends every varint loop below).
    for (let i = 0; ; ) {
      let b = data[pos++];
      let count = b & 0x7f;
      for (let mul = 0x80; b >= 0x80; mul *= 0x80) {
        b = data[pos++];
        count += (b & 0x7f) * mul;
      }
      if (pos + count > end) corrupt('block overrun');
      if (k === key) {
        this.hitKey = key;
        this.hitPos = pos;
        this.hitCount = count;
        return count;
      }
      // Skip the key's ordinal deltas: one varint ends at each byte below 0x80.
      for (let left = count; left > 0; pos++) {
        if (pos >= end) corrupt('block overrun');
        if (data[pos] < 0x80) left--;
      }
      if (++i === n) return 0;
      b = data[pos++];
      let d = b & 0x7f;
      for (let mul = 0x80; b >= 0x80; mul *= 0x80) {
        b = data[pos++];
        d += (b & 0x7f) * mul;
      }
      k += d;
      if (k > key) return 0;
    }
  }

  /**
   * Calls `visit` with each ordinal posted under `key` while `left` (decremented per posting) stays
   * above 0; returns what is left.
   */
  forEach(key: number, visit: (ord: number) => void, left: number): number {
    const count = this.count(key);
    if (count === 0) return left;
    const data = this.base.data;
    let pos = this.hitPos;
    let ord = 0;
    for (let c = 0; c < count && left-- > 0; c++) {
      let b = data[pos++];
      let d = b & 0x7f;
      for (let shift = 7; b >= 0x80; shift += 7) {
        b = data[pos++];
        d |= (b & 0x7f) << shift; // ordinal deltas are below 2^21: three bytes at most
      }
      ord += d;
      visit(ord);
    }
    return left;
  }

  /** Calls `visit` with every key in increasing order, with its ordinals ords[from..to). Throws on a damaged block. */
  forEachKey(visit: (key: number, ords: Uint32Array, from: number, to: number) => void): void {
    for (let blk = 0; blk < this.base.firstKeys.length; blk++) {
      const n = this.decodeBlock(blk);
      const keys = this.scratchKeys;
      const ends = this.scratchEnds;
      for (let i = 0; i < n; i++) visit(keys[i], this.scratchOrds, ends[i], ends[i + 1]);
    }
  }

  /**
   * Decodes block `blk` into scratchKeys / scratchEnds / scratchOrds with every consistency check (bounds,
   * increasing keys and ordinals, exact length) and returns its number of keys. Throws on a damaged
   * block. (Lookups check bounds only: checking each block fully on its first use doubled the time of the
   * first queries after a load.)
   */
  private decodeBlock(blk: number): number {
    const e = this.base;
    const data = e.data;
    let pos = e.blockOffsets[blk];
    const end = blk + 1 < e.blockOffsets.length ? e.blockOffsets[blk + 1] : data.length;
    const limitKey = blk + 1 < e.firstKeys.length ? e.firstKeys[blk + 1] : 2 ** 32;
    const n = Math.min(e.blockKeys, e.nKeys - blk * e.blockKeys);
    if (this.scratchKeys.length < n) {
      this.scratchKeys = new Uint32Array(e.blockKeys);
      this.scratchEnds = new Uint32Array(e.blockKeys + 1);
    }
    // At most one posting per byte of the block.
    if (this.scratchOrds.length < end - pos) this.scratchOrds = new Uint32Array(Math.max(end - pos, this.scratchOrds.length * 2));
    const keys = this.scratchKeys;
    const ends = this.scratchEnds;
    const ords = this.scratchOrds;
    let m = 0;
    let key = e.firstKeys[blk];
    // Varints are read without a bound check per byte (a read past the end of `data` gives undefined,
    // which ends a varint); the position is checked against the block's end after each key.
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        let b = data[pos++];
        let d = b & 0x7f;
        for (let mul = 0x80; b >= 0x80 && mul < 2 ** 35; mul *= 0x80) {
          b = data[pos++];
          d += (b & 0x7f) * mul;
        }
        if (d === 0 || b >= 0x80) corrupt('key delta');
        key += d;
      }
      if (key >= limitKey) corrupt('key out of order');
      keys[i] = key;
      let b = data[pos++];
      let count = b & 0x7f;
      for (let mul = 0x80; b >= 0x80 && mul < 2 ** 35; mul *= 0x80) {
        b = data[pos++];
        count += (b & 0x7f) * mul;
      }
      if (count === 0 || b >= 0x80 || pos + count > end) corrupt('posting count');
      let ord = 0;
      let bad = 0;
      for (let c = 0; c < count; c++) {
        b = data[pos++];
        let d = b & 0x7f;
        if (b >= 0x80) {
          b = data[pos++];
          d |= (b & 0x7f) << 7;
          if (b >= 0x80) {
            b = data[pos++];
            d |= (b & 0x7f) << 14;
            if (b >= 0x80) bad = 1; // an ordinal delta takes three bytes at most
          }
        }
        if (d === 0 && c > 0) bad = 1;
        ord += d;
        ords[m++] = ord;
      }
      if (bad !== 0 || ord > MAX_ORDINAL || pos > end) corrupt('posting list');
      ends[i + 1] = m;
    }
    if (pos !== end) corrupt('block length');
    return n;
  }
}
