/**
 * The CRC-32 each zip entry declares, read from the raw archive bytes alongside fflate's streaming `Unzip`
 * (which checks no checksum and does not expose the declared one). The reader walks the local file headers
 * the same way `Unzip` does: an entry with its sizes in the header is skipped by its compressed size; an entry
 * written in streaming fashion (flag bit 3) has its CRC in the data descriptor after its data, found by the
 * descriptor's signature (or, for a descriptor without one, just before the next header's signature), which is
 * also how `Unzip` finds the end of such an entry. Entries come out in archive order, one slot per local header,
 * so the k-th slot belongs to the k-th file `Unzip` reports. Memory: the current header, at most a few bytes
 * carried over between chunks.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const DESCRIPTOR = 0x08074b50;
const LOCAL_HEADER_SIZE = 30;
const FLAG_DESCRIPTOR = 8;
const ZIP64_EXTRA = 0x0001;
/** Bytes kept while scanning for a descriptor: a signature cut by a chunk boundary, and the 20 bytes before a header. */
const SCAN_CARRY = 24;

/** The declared checksum of one entry; `crc` is null until its data descriptor has been read. */
export interface ChecksumSlot {
  crc: number | null;
  /** Called once when `crc` becomes known after being asked for (set by the reader of the slot). */
  onKnown: (() => void) | null;
}

const u16 = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

export class ZipChecksums {
  private readonly slots: ChecksumSlot[] = [];
  private taken = 0;
  private buf: Uint8Array = new Uint8Array(0);
  /** Compressed bytes still to skip (an entry with its size in the header). */
  private skip = 0;
  /** The streamed entry whose descriptor is being looked for, and whether its sizes are 64-bit. */
  private awaiting: { slot: ChecksumSlot; zip64: boolean } | null = null;
  private finished = false;

  /** Feeds the next raw bytes of the archive (before `Unzip` gets them, so the slots are ready first). */
  push(bytes: Uint8Array): void {
    if (this.finished) return;
    // While skipping an entry's data nothing is carried over, so the skip applies to these bytes first.
    if (this.skip > 0) {
      const n = Math.min(this.skip, bytes.length);
      this.skip -= n;
      bytes = bytes.subarray(n);
    }
    if (bytes.length === 0) return;
    this.buf = this.buf.length === 0 ? bytes.slice() : concat(this.buf, bytes);
    this.scan();
  }

  /** The slot of the next entry `Unzip` reports, or null when the headers read here ran out (they disagree). */
  next(): ChecksumSlot | null {
    return this.taken < this.slots.length ? this.slots[this.taken++] : null;
  }

  private scan(): void {
    let i = 0;
    const b = this.buf;
    while (i < b.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, b.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      if (i + 4 > b.length) break;
      const sig = u32(b, i);
      if (this.awaiting) {
        if (sig === DESCRIPTOR) {
          if (i + 8 > b.length) break;
          this.resolve(u32(b, i + 4));
          i += 4;
          continue;
        }
        if (sig === LOCAL_HEADER || sig === CENTRAL_HEADER) {
          // A descriptor without its signature: CRC, then the two sizes (4 or 8 bytes each), right before.
          const at = i - (this.awaiting.zip64 ? 20 : 12);
          this.resolve(at >= 0 ? u32(b, at) : 0);
          continue;
        }
        i++;
        continue;
      }
      if (sig === CENTRAL_HEADER || sig === END_OF_DIRECTORY) {
        this.finished = true;
        break;
      }
      if (sig !== LOCAL_HEADER) {
        i++;
        continue;
      }
      const header = i;
      if (header + LOCAL_HEADER_SIZE > b.length) break;
      const nameLength = u16(b, header + 26);
      const extraLength = u16(b, header + 28);
      const extra = header + LOCAL_HEADER_SIZE + nameLength;
      if (extra + extraLength > b.length) break;
      const streamed = (u16(b, header + 6) & FLAG_DESCRIPTOR) !== 0;
      const zip64 = zip64Sizes(b, header, extra, extraLength);
      const slot: ChecksumSlot = { crc: streamed ? null : u32(b, header + 14), onKnown: null };
      this.slots.push(slot);
      i = extra + extraLength;
      if (streamed) this.awaiting = { slot, zip64: zip64 !== null };
      else this.skip = zip64?.compressed ?? u32(b, header + 18);
    }
    // Keep what is needed to go on: an unfinished header or signature, and while scanning for a descriptor
    // the last bytes too (a descriptor without signature sits just before the next header). Scanning those
    // bytes again finds nothing new: each position was looked at with its four bytes present.
    const keepFrom = this.awaiting ? Math.max(0, Math.min(i, b.length - SCAN_CARRY)) : Math.min(i, b.length);
    this.buf = this.finished ? new Uint8Array(0) : b.slice(keepFrom);
  }

  private resolve(crc: number): void {
    const slot = this.awaiting!.slot;
    this.awaiting = null;
    slot.crc = crc;
    const known = slot.onKnown;
    slot.onKnown = null;
    known?.();
  }
}

/** The 64-bit sizes of a zip64 extra field, when the header's 32-bit sizes say to look there. */
function zip64Sizes(b: Uint8Array, header: number, extra: number, extraLength: number): { compressed: number } | null {
  const compressed32 = u32(b, header + 18);
  const original32 = u32(b, header + 22);
  if (compressed32 !== 0xffffffff && original32 !== 0xffffffff) return null;
  for (let at = extra; at + 4 <= extra + extraLength; at += 4 + u16(b, at + 2)) {
    if (u16(b, at) !== ZIP64_EXTRA) continue;
    // Original size first (when its 32-bit field is full), then the compressed size.
    const offset = at + 4 + (original32 === 0xffffffff ? 8 : 0);
    const compressed = compressed32 === 0xffffffff ? u32(b, offset) + u32(b, offset + 4) * 2 ** 32 : compressed32;
    return { compressed };
  }
  return { compressed: compressed32 };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
