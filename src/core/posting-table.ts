/**
 * An inverted index from 32-bit keys to document ordinals, laid out for size, load time and lookup speed
 * at 100k+ documents. The base segment is in one of two forms:
 *
 * - encoded (as loaded from a corpus file): the serialised blocks themselves, a view into the file's
 *   bytes, plus the block index (first key and byte offset of every BLOCK_KEYS keys). Loading costs
 *   O(blocks), not O(postings); a lookup binary-searches the block index and decodes within one block.
 *   The block index is checksummed, so a damaged index is refused on load. Lookups bound-check the block
 *   they walk (damaged data cannot make them read elsewhere or loop), and compaction / serialisation
 *   check every block fully (lengths, order, ranges). As in format 2, a changed value that still decodes
 *   validly goes unnoticed: the postings have no checksum (hashing them would cost more than the load).
 * - decoded: three typed arrays (sorted unique keys, offsets, postings), the form `compact()` produces.
 *
 * Recent inserts go to a small delta map that `compact()` merges into a decoded base. Removed documents
 * are filtered by the caller's liveness test until the next compaction drops them.
 *
 * Serialised layout (`write` / `read`, corpus file format 3; integers are LEB128 varints unless noted):
 *   nKeys, nPostings, blockKeys, dataLength   varints
 *   checksum                                  u32 LE: of the four numbers above and the block index
 *   padding                                   u8 n ≤ 3, then n zero bytes: the block index starts at
 *                                             a multiple of 4 from the start of the file
 *   firstKeys                                 nBlocks × u32 LE, nBlocks = ceil(nKeys / blockKeys)
 *   blockOffsets                              nBlocks × u32 LE: byte offset of each block in the data
 *   data                                      dataLength bytes: the blocks. Block b holds keys
 *       b·blockKeys … (b+1)·blockKeys − 1; each key: [key − previous key, except for the block's first
 *       key, which is firstKeys[b]], count, then `count` ordinal deltas (the first from 0).
 * `readLegacy` reads the format-2 layout: nKeys, then per key: key delta, count, ordinal deltas.
 */
import { type ByteReader, ByteWriter } from './binary';

/** Largest document ordinal: ordinals and keys are packed together into a float64 for sorting. */
export const MAX_ORDINAL = 2 ** 21 - 1;

/**
 * Keys per block of the serialised table (see docs/ARCHITECTURE.md for the measurements behind it): the
 * block index costs 8 bytes per block, a lookup decodes on average half a block.
 */
export const BLOCK_KEYS = 32;
/** Largest block size a file may declare (a bound against damaged files). */
const MAX_BLOCK_KEYS = 1 << 16;

/**
 * `add` compacts automatically when the delta holds at least this many postings AND at least
 * AUTO_COMPACT_RATIO times the base's size. The ratio makes compactions geometric, so building by `add`
 * costs O(n log n) in all, not a full re-sort every million postings.
 */
const AUTO_COMPACT_POSTINGS = 1 << 20;
const AUTO_COMPACT_RATIO = 0.5;

/** The base segment as serialised: blocks of varints, located by the block index. */
interface EncodedBase {
  data: Uint8Array;
  firstKeys: Uint32Array;
  blockOffsets: Uint32Array;
  blockKeys: number;
  nKeys: number;
  nPostings: number;
}

function corrupt(what: string): never {
  throw new RangeError(`corrupt posting table (${what})`);
}

/** Checksum of the block index and the counts before it (FNV-1a over 32-bit words, then mixed). */
function indexChecksum(head: number[], firstKeys: ArrayLike<number>, blockOffsets: ArrayLike<number>): number {
  let h = 0x811c9dc5;
  const mix = (v: number): void => {
    h = Math.imul(h ^ (v >>> 0), 0x01000193);
    h = Math.imul(h ^ Math.floor(v / 2 ** 32), 0x01000193);
  };
  for (const v of head) mix(v);
  for (let i = 0; i < firstKeys.length; i++) h = Math.imul(h ^ firstKeys[i], 0x01000193);
  for (let i = 0; i < blockOffsets.length; i++) h = Math.imul(h ^ blockOffsets[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * Writes a table in the serialised layout, key by key in increasing order (`addKey`), or posting by
 * posting in increasing order of key, then ordinal (`push`; a repeated posting is ignored).
 */
export class PostingTableEncoder {
  private readonly data = new ByteWriter();
  private readonly firstKeys: number[] = [];
  private readonly blockOffsets: number[] = [];
  private nKeys = 0;
  private nPostings = 0;
  private prevKey = -1;
  /** Postings of the key being `push`ed. */
  private key = -1;
  private ords = new Uint32Array(64);
  private nOrds = 0;

  constructor(private readonly blockKeys: number = BLOCK_KEYS) {
    if (!(blockKeys >= 1 && blockKeys <= MAX_BLOCK_KEYS)) throw new RangeError(`block size ${blockKeys} out of range`);
  }

  /** Appends `key` with the ordinals ords[from..to): strictly increasing, at least one. */
  addKey(key: number, ords: ArrayLike<number>, from = 0, to = ords.length): void {
    if (!(key > this.prevKey && key <= 0xffffffff)) throw new RangeError('posting keys must be added in increasing order');
    if (to <= from) throw new RangeError('a key needs at least one posting');
    const w = this.data;
    if (this.nKeys % this.blockKeys === 0) {
      this.firstKeys.push(key);
      this.blockOffsets.push(w.length);
    } else {
      w.varint(key - this.prevKey);
    }
    this.prevKey = key;
    w.varint(to - from);
    let prev = 0;
    for (let i = from; i < to; i++) {
      const ord = ords[i];
      if (!(ord >= prev && ord <= MAX_ORDINAL) || (ord === prev && i > from)) throw new RangeError(`ordinals of key ${key} out of order or range`);
      w.varint(ord - prev);
      prev = ord;
    }
    this.nKeys++;
    this.nPostings += to - from;
  }

  push(key: number, ord: number): void {
    if (key !== this.key) {
      this.flush();
      this.key = key;
    } else if (ord === this.ords[this.nOrds - 1]) {
      return;
    }
    if (this.nOrds === this.ords.length) {
      const next = new Uint32Array(this.ords.length * 2);
      next.set(this.ords);
      this.ords = next;
    }
    this.ords[this.nOrds++] = ord;
  }

  private flush(): void {
    if (this.nOrds === 0) return;
    this.addKey(this.key, this.ords, 0, this.nOrds);
    this.nOrds = 0;
  }

  finish(w: ByteWriter): void {
    this.flush();
    const data = this.data.view();
    if (data.length > 0xffffffff) throw new RangeError('posting table too large for 32-bit block offsets');
    const head = [this.nKeys, this.nPostings, this.blockKeys, data.length];
    for (const v of head) w.varint(v);
    w.u32s([indexChecksum(head, this.firstKeys, this.blockOffsets)]);
    w.pad4();
    w.u32s(this.firstKeys);
    w.u32s(this.blockOffsets);
    w.raw(data);
  }
}

export class PostingTable {
  private keys = new Uint32Array(0);
  private offsets = new Uint32Array(1);
  private postings = new Uint32Array(0);
  /** When set, the base segment is this (and keys/offsets/postings are empty). */
  private enc: EncodedBase | null = null;
  private delta = new Map<number, number[]>();
  private deltaSize = 0;
  /** The last key found in the encoded base: where its postings start and how many (count then forEach). */
  private hitKey = -1;
  private hitPos = 0;
  private hitCount = 0;

  /** Number of postings held (base + delta, removed documents included until compaction). */
  get size(): number {
    return this.baseSize + this.deltaSize;
  }

  private get baseSize(): number {
    return this.enc ? this.enc.nPostings : this.postings.length;
  }

  /** Number of distinct keys in the base segment. */
  get baseKeyCount(): number {
    return this.enc ? this.enc.nKeys : this.keys.length;
  }

  /** True while the base is still in its serialised (block-encoded) form. */
  get isEncoded(): boolean {
    return this.enc !== null;
  }

  add(ord: number, keys: Uint32Array): void {
    if (ord > MAX_ORDINAL) throw new RangeError(`document ordinal ${ord} exceeds ${MAX_ORDINAL}`);
    for (let i = 0; i < keys.length; i++) {
      const list = this.delta.get(keys[i]);
      if (list) list.push(ord);
      else this.delta.set(keys[i], [ord]);
    }
    this.deltaSize += keys.length;
    if (this.deltaSize >= AUTO_COMPACT_POSTINGS && this.deltaSize >= AUTO_COMPACT_RATIO * this.baseSize) this.compact();
  }

  private findBase(key: number): number {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid];
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /**
   * Looks `key` up in the encoded base: its posting count (0 if absent), with hitPos / hitCount set to
   * where its ordinal deltas start.
   */
  private findEncoded(e: EncodedBase, key: number): number {
    if (key === this.hitKey) return this.hitCount;
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

  /** One decoded block (see decodeBlock): its keys; key i's ordinals are scratchOrds[scratchEnds[i]..scratchEnds[i + 1]). */
  private scratchKeys = new Uint32Array(0);
  private scratchEnds = new Uint32Array(1);
  private scratchOrds = new Uint32Array(256);

  /**
   * Decodes block `blk` into scratchKeys / scratchEnds / scratchOrds with every consistency check (bounds,
   * increasing keys and ordinals, exact length) and returns its number of keys. Throws on a damaged
   * block. (Lookups check bounds only: checking each block fully on its first use doubled the time of the
   * first queries after a load.)
   */
  private decodeBlock(e: EncodedBase, blk: number): number {
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

  /** Number of postings for `key` (its document frequency, removed documents included until compaction). */
  count(key: number): number {
    let base: number;
    if (this.enc) base = this.findEncoded(this.enc, key);
    else {
      const i = this.findBase(key);
      base = i < 0 ? 0 : this.offsets[i + 1] - this.offsets[i];
    }
    return base + (this.delta.get(key)?.length ?? 0);
  }

  /** Calls `visit` with each ordinal posted under `key`. */
  forEach(key: number, visit: (ord: number) => void, limit = Infinity): void {
    let left = limit;
    if (this.enc) {
      const count = this.findEncoded(this.enc, key);
      if (count > 0) {
        const data = this.enc.data;
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
      }
    } else {
      const i = this.findBase(key);
      if (i >= 0) for (let p = this.offsets[i]; p < this.offsets[i + 1] && left-- > 0; p++) visit(this.postings[p]);
    }
    const d = this.delta.get(key);
    if (d) for (let j = 0; j < d.length && left-- > 0; j++) visit(d[j]);
  }

  /** Calls `visit` with every base key in increasing order, with its ordinals ords[from..to). */
  private forEachBaseKey(visit: (key: number, ords: Uint32Array, from: number, to: number) => void): void {
    const e = this.enc;
    if (e) {
      for (let blk = 0; blk < e.firstKeys.length; blk++) {
        const n = this.decodeBlock(e, blk);
        const keys = this.scratchKeys;
        const ends = this.scratchEnds;
        for (let i = 0; i < n; i++) visit(keys[i], this.scratchOrds, ends[i], ends[i + 1]);
      }
      return;
    }
    for (let i = 0; i < this.keys.length; i++) visit(this.keys[i], this.postings, this.offsets[i], this.offsets[i + 1]);
  }

  /** Merge the delta into the base and drop postings of documents for which `isLive` is false. */
  compact(isLive: (ord: number) => boolean = () => true): void {
    const total = this.size;
    const packed = new Float64Array(total);
    let n = 0;
    this.forEachBaseKey((k, ords, from, to) => {
      const key = k * (MAX_ORDINAL + 1);
      for (let p = from; p < to; p++) if (isLive(ords[p])) packed[n++] = key + ords[p];
    });
    for (const [k, list] of this.delta) {
      const key = k * (MAX_ORDINAL + 1);
      for (const ord of list) if (isLive(ord)) packed[n++] = key + ord;
    }
    const sorted = packed.subarray(0, n).sort();
    // First pass: count distinct keys, so keys and offsets go straight into typed arrays of the right
    // size (a JS array of 100M+ keys would abort V8 at around 1M documents).
    let distinct = 0;
    let prev = -1;
    for (let i = 0; i < n; i++) {
      const key = Math.floor(sorted[i] / (MAX_ORDINAL + 1));
      if (key !== prev) distinct++;
      prev = key;
    }
    const keys = new Uint32Array(distinct);
    const offsets = new Uint32Array(distinct + 1);
    const postings = new Uint32Array(n);
    let k = 0;
    let m = 0;
    let lastKey = -1;
    let lastOrd = -1;
    for (let i = 0; i < n; i++) {
      const v = sorted[i];
      const key = Math.floor(v / (MAX_ORDINAL + 1));
      const ord = v - key * (MAX_ORDINAL + 1);
      if (key !== lastKey) {
        keys[k] = key;
        offsets[k++] = m;
        lastKey = key;
        lastOrd = -1;
      }
      if (ord !== lastOrd) postings[m++] = ord;
      lastOrd = ord;
    }
    offsets[k] = m;
    this.keys = keys;
    this.offsets = offsets;
    this.postings = m === n ? postings : postings.slice(0, m);
    this.enc = null;
    this.hitKey = -1;
    this.delta.clear();
    this.deltaSize = 0;
  }

  /** Take over another table's contents (used when loading a serialised index). */
  replaceWith(other: PostingTable): void {
    this.keys = other.keys;
    this.offsets = other.offsets;
    this.postings = other.postings;
    this.enc = other.enc;
    this.hitKey = -1;
    this.delta = other.delta;
    this.deltaSize = other.deltaSize;
  }

  /**
   * Serialise the live postings in the block layout (see the top of this file). With an empty delta the
   * base is written as it is, filtered by `isLive`, without a re-sort; otherwise the table is compacted
   * first.
   */
  write(w: ByteWriter, isLive: (ord: number) => boolean, blockKeys: number = BLOCK_KEYS): void {
    if (this.deltaSize > 0) this.compact(isLive);
    const enc = new PostingTableEncoder(blockKeys);
    let live = new Uint32Array(256);
    this.forEachBaseKey((key, ords, from, to) => {
      let n = 0;
      for (let p = from; p < to; p++) if (isLive(ords[p])) n++;
      if (n === to - from) enc.addKey(key, ords, from, to);
      else if (n > 0) {
        if (n > live.length) live = new Uint32Array(Math.max(n, live.length * 2));
        n = 0;
        for (let p = from; p < to; p++) if (isLive(ords[p])) live[n++] = ords[p];
        enc.addKey(key, live, 0, n);
      }
    });
    enc.finish(w);
  }

  /**
   * Reads a table written by `write`: O(blocks), the postings stay encoded in (a view of) the reader's
   * buffer, which must therefore not be modified afterwards.
   */
  static read(r: ByteReader): PostingTable {
    const nKeys = r.varint();
    const nPostings = r.varint();
    const blockKeys = r.varint();
    const dataLength = r.varint();
    const checksum = r.u32s(1)[0];
    r.pad4();
    if (blockKeys < 1 || blockKeys > MAX_BLOCK_KEYS) corrupt('block size');
    if (nPostings < nKeys || dataLength < 2 * nKeys) corrupt('counts');
    const nBlocks = Math.ceil(nKeys / blockKeys);
    if (nBlocks * 8 > r.remaining) throw new RangeError('truncated index data');
    const firstKeys = r.u32s(nBlocks);
    const blockOffsets = r.u32s(nBlocks);
    const data = r.raw(dataLength);
    if (indexChecksum([nKeys, nPostings, blockKeys, dataLength], firstKeys, blockOffsets) !== checksum) corrupt('block index checksum');
    for (let b = 0; b < nBlocks; b++) {
      // Every key takes at least two bytes (count and one ordinal), a block's first key at least 0.
      const keysIn = Math.min(blockKeys, nKeys - b * blockKeys);
      const end = b + 1 < nBlocks ? blockOffsets[b + 1] : dataLength;
      if (b === 0 ? blockOffsets[0] !== 0 : firstKeys[b] <= firstKeys[b - 1]) corrupt('block index');
      if (end - blockOffsets[b] < 2 * keysIn || end > dataLength) corrupt('block index');
    }
    const t = new PostingTable();
    if (nKeys > 0) {
      t.enc = { data, firstKeys, blockOffsets, blockKeys, nKeys, nPostings };
    }
    return t;
  }

  /** Reads the format-2 layout (key deltas, counts, ordinal deltas, all varints), decoding every posting. */
  static readLegacy(r: ByteReader): PostingTable {
    const t = new PostingTable();
    const nKeys = r.varint();
    const keys = new Uint32Array(nKeys);
    const offsets = new Uint32Array(nKeys + 1);
    let postings = new Uint32Array(Math.max(16, nKeys));
    let m = 0;
    let key = 0;
    for (let i = 0; i < nKeys; i++) {
      const dk = r.varint();
      key += dk;
      if (key > 0xffffffff || (dk === 0 && i > 0)) throw new RangeError('corrupt posting key');
      keys[i] = key;
      offsets[i] = m;
      const count = r.varint();
      if (m + count > postings.length) {
        const next = new Uint32Array(Math.max(postings.length * 2, m + count));
        next.set(postings);
        postings = next;
      }
      let ord = 0;
      if (count === 0) throw new RangeError('corrupt posting list');
      for (let c = 0; c < count; c++) {
        const d = r.varint();
        ord += d;
        if ((d === 0 && c > 0) || ord > MAX_ORDINAL) throw new RangeError('corrupt posting list');
        postings[m++] = ord;
      }
    }
    offsets[nKeys] = m;
    t.keys = keys;
    t.offsets = offsets;
    t.postings = postings.slice(0, m);
    return t;
  }
}
