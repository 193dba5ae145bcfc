/**
 * An inverted index from 32-bit keys to document ordinals, laid out for size and lookup speed at 100k+
 * documents: a frozen base segment of three typed arrays (sorted unique keys, offsets, postings), plus a
 * small delta map for recent inserts that is merged in by `compact()`. Removed documents are filtered by
 * the caller's liveness test until the next compaction drops them.
 */
import type { ByteReader, ByteWriter } from './binary';

/** Largest document ordinal: ordinals and keys are packed together into a float64 for sorting. */
export const MAX_ORDINAL = 2 ** 21 - 1;

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
  private delta = new Map<number, number[]>();
  private deltaSize = 0;

  /** Number of postings held (base + delta, removed documents included until compaction). */
  get size(): number {
    return this.postings.length + this.deltaSize;
  }

  /** Number of distinct keys in the base segment. */
  get baseKeyCount(): number {
    return this.keys.length;
  }

  add(ord: number, keys: Uint32Array): void {
    if (ord > MAX_ORDINAL) throw new RangeError(`document ordinal ${ord} exceeds ${MAX_ORDINAL}`);
    for (let i = 0; i < keys.length; i++) {
      const list = this.delta.get(keys[i]);
      if (list) list.push(ord);
      else this.delta.set(keys[i], [ord]);
    }
    this.deltaSize += keys.length;
    if (this.deltaSize >= AUTO_COMPACT_POSTINGS && this.deltaSize >= AUTO_COMPACT_RATIO * this.postings.length) this.compact();
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
    const i = this.findBase(key);
    const base = i < 0 ? 0 : this.offsets[i + 1] - this.offsets[i];
    return base + (this.delta.get(key)?.length ?? 0);
  }

  /** Calls `visit` with each ordinal posted under `key`. */
  forEach(key: number, visit: (ord: number) => void, limit = Infinity): void {
    let left = limit;
    const i = this.findBase(key);
    if (i >= 0) for (let p = this.offsets[i]; p < this.offsets[i + 1] && left-- > 0; p++) visit(this.postings[p]);
    const d = this.delta.get(key);
    if (d) for (let j = 0; j < d.length && left-- > 0; j++) visit(d[j]);
  }

  /** Merge the delta into the base and drop postings of documents for which `isLive` is false. */
  compact(isLive: (ord: number) => boolean = () => true): void {
    const total = this.postings.length + this.deltaSize;
    const packed = new Float64Array(total);
    let n = 0;
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i] * (MAX_ORDINAL + 1);
      for (let p = this.offsets[i]; p < this.offsets[i + 1]; p++) {
        if (isLive(this.postings[p])) packed[n++] = key + this.postings[p];
      }
    }
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
    this.delta.clear();
    this.deltaSize = 0;
  }

  /** Take over another table's contents (used when loading a serialised index). */
  replaceWith(other: PostingTable): void {
    this.keys = other.keys;
    this.offsets = other.offsets;
    this.postings = other.postings;
    this.delta = other.delta;
    this.deltaSize = other.deltaSize;
  }

  /** Serialise (compacting first): key deltas, counts and ordinal deltas as varints. */
  write(w: ByteWriter, isLive: (ord: number) => boolean): void {
    this.compact(isLive);
    w.varint(this.keys.length);
    let prevKey = 0;
    for (let i = 0; i < this.keys.length; i++) {
      w.varint(this.keys[i] - prevKey);
      prevKey = this.keys[i];
      const from = this.offsets[i];
      const to = this.offsets[i + 1];
      w.varint(to - from);
      let prevOrd = 0;
      for (let p = from; p < to; p++) {
        w.varint(this.postings[p] - prevOrd);
        prevOrd = this.postings[p];
      }
    }
  }

  static read(r: ByteReader): PostingTable {
    const t = new PostingTable();
    const nKeys = r.varint();
    const keys = new Uint32Array(nKeys);
    const offsets = new Uint32Array(nKeys + 1);
    let postings = new Uint32Array(Math.max(16, nKeys));
    let m = 0;
    let key = 0;
    for (let i = 0; i < nKeys; i++) {
      key += r.varint();
      if (key > 0xffffffff) throw new RangeError('corrupt posting key');
      keys[i] = key;
      offsets[i] = m;
      const count = r.varint();
      if (m + count > postings.length) {
        const next = new Uint32Array(Math.max(postings.length * 2, m + count));
        next.set(postings);
        postings = next;
      }
      let ord = 0;
      for (let c = 0; c < count; c++) {
        ord += r.varint();
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
