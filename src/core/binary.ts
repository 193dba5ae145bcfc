/** Little binary writer/reader with LEB128 varints, for the versioned index format. */

// Made on first use, not at load: some environments that import the engine without reading files
// (jsdom test environments) have no TextEncoder.
let encoder: TextEncoder | null = null;
let decoder: TextDecoder | null = null;
/** True on little-endian hosts (every browser and Node platform in practice): u32 arrays are then viewed in place. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /** Unsigned varint, up to 2^53. */
  varint(v: number): void {
    this.ensure(8);
    const buf = this.buf;
    let pos = this.pos;
    // `v & 0x7f` takes the low bits exactly for any integer up to 2^53 (ToInt32 is modulo 2^32).
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v = v < 0x80000000 ? v >>> 7 : Math.floor(v / 0x80);
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  string(s: string): void {
    this.bytes((encoder ??= new TextEncoder()).encode(s));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /**
   * Padding so that the next byte is at a multiple of 4 from the start of the output: a u8 count, then
   * that many zero bytes. The count makes the padding skippable wherever the data ends up (a reader at
   * another alignment still reads it, only without in-place u32 views).
   */
  pad4(): void {
    const n = (4 - ((this.pos + 1) % 4)) % 4;
    this.u8(n);
    for (let i = 0; i < n; i++) this.u8(0);
  }

  /** Unsigned 32-bit integers, little-endian, 4 bytes each (no length prefix). */
  u32s(values: ArrayLike<number>): void {
    this.ensure(values.length * 4);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      b[p++] = v & 0xff;
      b[p++] = (v >>> 8) & 0xff;
      b[p++] = (v >>> 16) & 0xff;
      b[p++] = (v >>> 24) & 0xff;
    }
    this.pos = p;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** The bytes written so far without a copy: a view, valid until the next write. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

export class ByteReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new RangeError('truncated index data');
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  varint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      this.need(1);
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 0x80;
      if (mul > 2 ** 56) throw new RangeError('corrupt varint in index data');
    }
  }

  bytes(): Uint8Array {
    const n = this.varint();
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  raw(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    return (decoder ??= new TextDecoder()).decode(this.bytes());
  }

  /** Skips the padding written by `ByteWriter.pad4()`; throws if it is malformed. */
  pad4(): void {
    const n = this.u8();
    if (n > 3) throw new RangeError('corrupt padding in index data');
    for (let i = 0; i < n; i++) if (this.u8() !== 0) throw new RangeError('corrupt padding in index data');
  }

  /**
   * `n` little-endian unsigned 32-bit integers (as written by `ByteWriter.u32s`). A view into the buffer
   * (no copy) when it is 4-byte aligned and the host is little-endian, else a decoded copy.
   */
  u32s(n: number): Uint32Array {
    const bytes = this.raw(n * 4);
    if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, n);
    const out = new Uint32Array(n);
    for (let i = 0, p = 0; i < n; i++, p += 4) out[i] = (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
    return out;
  }
}
