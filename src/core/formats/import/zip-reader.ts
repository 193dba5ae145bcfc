/**
 * `.zip` archives, streamed with fflate's `Unzip` + `UnzipInflate`: entries are imported as they arrive, each
 * through its own file sink (so an archive may hold any supported format, even another archive). Entries in
 * `__MACOSX/` and hidden files are skipped. A truncated or corrupt archive gives an issue; the records read
 * before the damage are kept.
 *
 * Checksums: `Unzip` checks none, so the CRC-32 of each entry's unpacked bytes (crc-32) is compared with the
 * one the archive declares (zip-checksums.ts). The entry's records are held until then (held-events.ts): a
 * mismatch skips the entry whole, with its path and the reason, and the other entries are kept.
 */
import { buf as crc32 } from 'crc-32';
import {
  Unzip, UnzipInflate, type AsyncFlateStreamHandler, type FlateError, type UnzipDecoder, type UnzipFile,
} from 'fflate';
import type { FileContext } from './file-context';
import { HeldEvents } from './held-events';
import { COMPRESSED_SLICE_BYTES } from './limits';
import { isSkippedPath } from './skipped-paths';
import type { ByteSink } from './types';
import { ZipChecksums, type ChecksumSlot } from './zip-checksums';

/** Signature of the zip end-of-central-directory record, and its size without the comment. */
const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const MAX_ZIP_COMMENT = 0xffff;
/** Bytes kept from the end of the archive to find the end record. */
const TAIL_BYTES = EOCD_SIZE + MAX_ZIP_COMMENT;

const METHOD_NAMES: Record<number, string> = {
  9: 'Deflate64', 12: 'BZIP2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 98: 'PPMd', 99: 'AES encryption',
};

/** Creates the sink that imports one entry, given its context. */
export type EntrySinkFactory = (ctx: FileContext) => ByteSink;

interface OpenEntry {
  ctx: FileContext;
  sink: ByteSink | null;
  finished: boolean;
  /** Its events until the checksum is checked. */
  held: HeldEvents;
  /** The declared checksum (null when the headers read beside `Unzip` ran out) and the running one. */
  slot: ChecksumSlot | null;
  crc: number;
}

const CRC_MISMATCH = 'its data does not match its checksum (CRC-32): the archive is damaged';

export class ZipReader implements ByteSink {
  private readonly unzip: Unzip;
  private readonly open = new Set<OpenEntry>();
  private readonly checksums = new ZipChecksums();
  private tail = new Uint8Array(0);
  private entries = 0;
  private failed = false;

  constructor(private readonly ctx: FileContext, private readonly entrySink: EntrySinkFactory) {
    this.unzip = new Unzip((file) => this.onEntry(file));
    this.unzip.register(SafeInflate);
    for (const method of Object.keys(METHOD_NAMES)) this.unzip.register(discardingDecoder(Number(method)));
  }

  push(chunk: Uint8Array): void {
    if (this.failed) return;
    this.keepTail(chunk);
    for (let i = 0; i < chunk.length && !this.failed; i += COMPRESSED_SLICE_BYTES) {
      this.feed(chunk.subarray(i, i + COMPRESSED_SLICE_BYTES), false);
    }
  }

  end(): void {
    if (!this.failed) this.feed(new Uint8Array(0), true);
    for (const entry of this.open) {
      entry.held.release();
      if (entry.finished) {
        entry.ctx.fileIssue('the archive ends before this entry\'s checksum, so it was not checked; its records were kept');
        continue;
      }
      entry.sink?.abandon?.();
      entry.ctx.fileIssue('archive entry is incomplete (the archive is truncated or corrupt); records read before were kept');
    }
    this.open.clear();
    if (!this.failed && !hasEndRecord(this.tail)) {
      this.ctx.fileIssue('archive is truncated or corrupt (its end record is missing); records read so far were kept');
    } else if (!this.failed && this.entries === 0) {
      this.ctx.fileIssue('archive holds no files');
    }
  }

  private feed(data: Uint8Array, final: boolean): void {
    try {
      this.checksums.push(data);
      this.unzip.push(data, final);
    } catch (e) {
      this.failed = true;
      this.ctx.done = true;
      const why = e instanceof Error ? e.message : String(e);
      this.ctx.fileIssue(`archive is truncated or corrupt (${why}); records read before the damage were kept`);
    }
  }

  private keepTail(chunk: Uint8Array): void {
    if (chunk.length >= TAIL_BYTES) {
      this.tail = chunk.slice(chunk.length - TAIL_BYTES);
      return;
    }
    const keep = Math.min(this.tail.length, TAIL_BYTES - chunk.length);
    const next = new Uint8Array(keep + chunk.length);
    next.set(this.tail.subarray(this.tail.length - keep));
    next.set(chunk, keep);
    this.tail = next;
  }

  private onEntry(file: UnzipFile): void {
    const slot = this.checksums.next();
    const name = file.name.replace(/\\/g, '/').replace(/^\/+/, '');
    if (name.endsWith('/') || name === '' || isSkippedPath(name)) {
      file.ondata = () => {};
      this.start(file, null);
      return;
    }
    this.entries++;
    const held = new HeldEvents((event) => this.ctx.forward(event));
    const entry: OpenEntry = { ctx: this.ctx.child(`${this.ctx.path}/${name}`, held.push), sink: null, finished: false, held, slot, crc: 0 };
    if (file.compression !== 0 && file.compression !== 8) {
      const method = METHOD_NAMES[file.compression] ?? `method ${file.compression}`;
      held.release(); // nothing of it is read, so there is nothing to check
      entry.ctx.fileIssue(`compressed with ${method}, which is not supported; not imported`);
      file.ondata = () => {};
      this.start(file, null);
      return;
    }
    entry.sink = this.entrySink(entry.ctx);
    this.open.add(entry);
    file.ondata = (err, data, final) => {
      if (entry.finished) return;
      if (err) {
        entry.finished = true;
        this.open.delete(entry);
        entry.sink?.abandon?.();
        entry.held.release();
        entry.ctx.fileIssue(`could not decompress this entry (${err.message}); records read before were kept`);
        return;
      }
      if (data.length > 0) {
        entry.crc = crc32(data, entry.crc);
        entry.sink?.push(data);
      }
      if (final) {
        entry.finished = true;
        entry.sink?.end();
        this.verify(entry);
      }
    };
    this.start(file, entry);
  }

  /** The entry was read to its end: release its events if its checksum holds, skip it if not. */
  private verify(entry: OpenEntry): void {
    const slot = entry.slot;
    if (slot && slot.crc === null) {
      // Its data descriptor is not read yet (it follows the data): check once it is; `end` releases it otherwise.
      slot.onKnown = () => this.verify(entry);
      return;
    }
    this.open.delete(entry);
    if (!slot) {
      entry.held.release();
      entry.ctx.fileIssue('its checksum could not be found in the archive, so it was not checked; its records were kept');
    } else if (slot.crc === entry.crc >>> 0) {
      entry.held.release();
    } else if (entry.held.passedRecords === 0) {
      entry.held.discard();
      entry.ctx.fileIssue(`${CRC_MISMATCH}; not imported`);
    } else {
      entry.ctx.fileIssue(`${CRC_MISMATCH}; the entry was too big to hold until the check, so its ${entry.held.passedRecords} records were imported and may hold damaged text`);
    }
  }

  private start(file: UnzipFile, entry: OpenEntry | null): void {
    try {
      file.start();
    } catch (e) {
      if (entry) {
        entry.finished = true;
        this.open.delete(entry);
        entry.held.release();
        entry.ctx.fileIssue(`could not read this entry (${e instanceof Error ? e.message : String(e)})`);
      }
    }
  }
}

/** `UnzipInflate` that reports bad data through `ondata` once instead of throwing out of `Unzip.push`. */
class SafeInflate implements UnzipDecoder {
  static compression = 8;
  ondata: AsyncFlateStreamHandler = () => {};
  private readonly inflate = new UnzipInflate();
  private broken = false;

  constructor() {
    this.inflate.ondata = (err, data, final) => this.ondata(err, data, final);
  }

  push(chunk: Uint8Array, final: boolean): void {
    if (this.broken) return;
    try {
      this.inflate.push(chunk, final);
    } catch (e) {
      this.broken = true;
      const error: FlateError = Object.assign(new Error(e instanceof Error ? e.message : String(e)), { code: 0 });
      this.ondata(error, new Uint8Array(0), true);
    }
  }
}

/** A decoder for a method we cannot decompress: lets `Unzip` skip the entry without buffering it. */
function discardingDecoder(method: number) {
  return class DiscardingDecoder implements UnzipDecoder {
    static compression = method;
    ondata: AsyncFlateStreamHandler = () => {};
    push(_chunk: Uint8Array, final: boolean): void {
      if (final) this.ondata(null, new Uint8Array(0), true);
    }
  };
}

/** True when the end-of-central-directory record sits where it should, at the end of the archive. */
function hasEndRecord(tail: Uint8Array): boolean {
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    const sig = (tail[i] | (tail[i + 1] << 8) | (tail[i + 2] << 16) | (tail[i + 3] << 24)) >>> 0;
    if (sig !== EOCD_SIGNATURE) continue;
    const commentLength = tail[i + 20] | (tail[i + 21] << 8);
    if (i + EOCD_SIZE + commentLength === tail.length) return true;
  }
  return false;
}
