/**
 * The serialised layout of a posting table (corpus file format 3; see posting-table.ts for the table):
 * writing it (`PostingTableEncoder`), reading and checking its block index (`readEncodedBase`), and
 * reading the format-2 layout (`readLegacyBase`). Integers are LEB128 varints unless noted:
 *   nKeys, nPostings, blockKeys, dataLength   varints
 *   checksum                                  u32 LE: of the four numbers above and the block index
 *   padding                                   u8 n ≤ 3, then n zero bytes: the block index starts at
 *                                             a multiple of 4 from the start of the file
 *   firstKeys                                 nBlocks × u32 LE, nBlocks = ceil(nKeys / blockKeys)
 *   blockOffsets                              nBlocks × u32 LE: byte offset of each block in the data
 *   data                                      dataLength bytes: the blocks. Block b holds keys
 *       b·blockKeys … (b+1)·blockKeys − 1; each key: [key − previous key, except for the block's first
 *       key, which is firstKeys[b]], count, then `count` ordinal deltas (the first from 0).
 * The format-2 layout is: nKeys, then per key: key delta, count, ordinal deltas.
 *
 * The block index is checksummed, so a damaged index is refused on load. As in format 2, a changed value
 * that still decodes validly goes unnoticed: the postings have no checksum (hashing them would cost more
 * than the load).
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

/** A table's base segment as serialised: blocks of varints, located by the block index. */
export interface EncodedBase {
  data: Uint8Array;
  firstKeys: Uint32Array;
  blockOffsets: Uint32Array;
  blockKeys: number;
  nKeys: number;
  nPostings: number;
}

/** A table's base segment decoded: key i's ordinals are postings[offsets[i]..offsets[i + 1]). */
export interface DecodedBase {
  keys: Uint32Array<ArrayBuffer>;
  offsets: Uint32Array<ArrayBuffer>;
  postings: Uint32Array<ArrayBuffer>;
}

export function corrupt(what: string): never {
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

/**
 * Reads the counts and block index of a table written by `PostingTableEncoder` and checks them (checksum,
 * order, ranges): O(blocks). The blocks stay encoded in (a view of) the reader's buffer, which must
 * therefore not be modified afterwards. Null for a table without keys.
 */
export function readEncodedBase(r: ByteReader): EncodedBase | null {
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
  return nKeys > 0 ? { data, firstKeys, blockOffsets, blockKeys, nKeys, nPostings } : null;
}

/** Reads the format-2 layout (key deltas, counts, ordinal deltas, all varints), decoding every posting. */
export function readLegacyBase(r: ByteReader): DecodedBase {
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
  return { keys, offsets, postings: postings.slice(0, m) };
}
