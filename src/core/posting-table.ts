/**
 * An inverted index from 32-bit keys to document ordinals, laid out for size, load time and lookup speed
 * at 100k+ documents. The base segment is in one of two forms:
 *
 * - encoded (as loaded from a corpus file): the serialised blocks themselves, a view into the file's
 *   bytes, plus the block index. Loading costs O(blocks), not O(postings); lookups decode within one
 *   block (encoded-postings.ts; the layout, its checks and its writer are in posting-format.ts).
 * - decoded: three typed arrays (sorted unique keys, offsets, postings), the form `compact()` produces.
 *
 * Recent inserts go to a small delta map that `compact()` merges into a decoded base. Removed documents
 * are filtered by the caller's liveness test until the next compaction drops them.
 */
import type { ByteReader, ByteWriter } from './binary';
import { EncodedPostings } from './encoded-postings';
import { BLOCK_KEYS, MAX_ORDINAL, PostingTableEncoder, readEncodedBase, readLegacyBase } from './posting-format';

export { BLOCK_KEYS, MAX_ORDINAL, PostingTableEncoder };

/**
 * `add` compacts automatically when the delta holds at least this many postings AND at least
 * AUTO_COMPACT_RATIO times the base's size. The ratio makes compactions geometric, so building by `add`
 * costs O(n log n) in all, not a full re-sort every million postings.
 */
const AUTO_COMPACT_POSTINGS = 1 << 20;
const AUTO_COMPACT_RATIO = 0.5;

export class PostingTable {
  private keys = new Uint32Array(0);
  private offsets = new Uint32Array(1);
  private postings = new Uint32Array(0);
  /** When set, the base segment is this (and keys/offsets/postings are empty). */
  private enc: EncodedPostings | null = null;
  private delta = new Map<number, number[]>();
  private deltaSize = 0;

  /** Number of postings held (base + delta, removed documents included until compaction). */
  get size(): number {
    return this.baseSize + this.deltaSize;
  }

  private get baseSize(): number {
    return this.enc ? this.enc.base.nPostings : this.postings.length;
  }

  /** Number of distinct keys in the base segment. */
  get baseKeyCount(): number {
    return this.enc ? this.enc.base.nKeys : this.keys.length;
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

  /** Number of postings for `key` (its document frequency, removed documents included until compaction). */
  count(key: number): number {
    let base: number;
    if (this.enc) base = this.enc.count(key);
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
      left = this.enc.forEach(key, visit, left);
    } else {
      const i = this.findBase(key);
      if (i >= 0) for (let p = this.offsets[i]; p < this.offsets[i + 1] && left-- > 0; p++) visit(this.postings[p]);
    }
    const d = this.delta.get(key);
    if (d) for (let j = 0; j < d.length && left-- > 0; j++) visit(d[j]);
  }

  /** Calls `visit` with every base key in increasing order, with its ordinals ords[from..to). */
  private forEachBaseKey(visit: (key: number, ords: Uint32Array, from: number, to: number) => void): void {
    if (this.enc) {
      this.enc.forEachKey(visit);
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
    this.delta.clear();
    this.deltaSize = 0;
  }

  /** Take over another table's contents (used when loading a serialised index). */
  replaceWith(other: PostingTable): void {
    this.keys = other.keys;
    this.offsets = other.offsets;
    this.postings = other.postings;
    this.enc = other.enc;
    this.delta = other.delta;
    this.deltaSize = other.deltaSize;
  }

  /**
   * Serialise the live postings in the block layout (posting-format.ts). With an empty delta the base is
   * written as it is, filtered by `isLive`, without a re-sort; otherwise the table is compacted first.
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
    const t = new PostingTable();
    const base = readEncodedBase(r);
    if (base) t.enc = new EncodedPostings(base);
    return t;
  }

  /** Reads the format-2 layout (key deltas, counts, ordinal deltas, all varints), decoding every posting. */
  static readLegacy(r: ByteReader): PostingTable {
    const t = new PostingTable();
    const { keys, offsets, postings } = readLegacyBase(r);
    t.keys = keys;
    t.offsets = offsets;
    t.postings = postings;
    return t;
  }
}
