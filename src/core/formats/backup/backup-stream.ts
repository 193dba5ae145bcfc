/**
 * Streaming encoder and decoder of backup files (format in backup-format.ts). Neither ever holds more than
 * one batch of records plus fflate's window: a 100k-article corpus (≈300 MB of text) goes through in
 * chunks, never as one string.
 */
import { Gunzip, Gzip } from 'fflate';
import { MAX_RECORD_CHARS } from '../import/limits';
import {
  BackupError,
  encodeEnd,
  encodeHeader,
  encodeHistory,
  encodeRecord,
  MAX_BACKUP_HISTORY,
  parseHeader,
  parseLine,
  type BackupHeader,
  type BackupRecord,
} from './backup-format';

/**
 * Records per decoded batch: the store writes one batch per transaction, so this is its batch size too.
 * 500 news articles are 1–3 MB of text: small enough to hold, large enough that transactions cost little.
 */
export const DECODE_BATCH_RECORDS = 500;

/**
 * gzip level 6 (zlib's default): on news text within a few per cent of level 9 and about twice as fast;
 * text compresses to roughly a third.
 */
const GZIP_LEVEL = 6;

/** The backup as gzip chunks: header, every record of every batch, the history entries, end line. */
export async function* encodeBackup(
  header: BackupHeader,
  batches: AsyncIterable<readonly BackupRecord[]>,
  history: readonly unknown[] = [],
): AsyncIterable<Uint8Array> {
  const out: Uint8Array[] = [];
  const gzip = new Gzip({ level: GZIP_LEVEL }, (chunk) => out.push(chunk));
  const encoder = new TextEncoder();
  gzip.push(encoder.encode(encodeHeader(header)));
  let written = 0;
  for await (const batch of batches) {
    for (const record of batch) {
      gzip.push(encoder.encode(encodeRecord(record)));
      written++;
    }
    // Hand out what fflate produced so far; the batch's strings can go.
    yield* out.splice(0);
  }
  for (const entry of history) gzip.push(encoder.encode(encodeHistory(entry)));
  gzip.push(encoder.encode(encodeEnd(written, history.length)), true);
  yield* out.splice(0);
}

export type BackupEvent =
  | { type: 'header'; header: BackupHeader }
  | { type: 'records'; records: BackupRecord[]; bytesRead: number }
  /** The reading-history entries (version 2), unchecked: last, once the whole file has been read and found complete. */
  | { type: 'history'; entries: unknown[] };

const TRUNCATED = 'The backup is incomplete (the file was cut short, perhaps by an unfinished download): nothing was restored.';
const GZIP_DAMAGED = 'The backup is damaged (its compressed data cannot be read): nothing was restored.';

/**
 * Reads a backup (gzip, or the same JSON Lines uncompressed): first the header, then the records in batches.
 * Throws `BackupError` with a plain-words message as soon as anything is wrong, including at the very end
 * (missing or disagreeing end line): a consumer that writes records as they come must undo them then.
 */
export async function* decodeBackup(chunks: AsyncIterable<Uint8Array>, batchRecords: number = DECODE_BATCH_RECORDS): AsyncIterable<BackupEvent> {
  const lines = new LineSplitter();
  let gunzip: Gunzip | null = null;
  let sniffed = false;
  let bytesRead = 0;
  let header: BackupHeader | null = null;
  let lineNo = 0;
  let records = 0;
  let end: { records: number; history: number } | null = null;
  let batch: BackupRecord[] = [];
  const history: unknown[] = [];

  /** Takes the complete lines so far; returns the header when it has just been read. */
  const consume = (): BackupHeader | null => {
    let found: BackupHeader | null = null;
    for (const line of lines.take()) {
      lineNo++;
      if (header === null) {
        header = parseHeader(line.replace(/^\uFEFF/, ''));
        found = header;
        continue;
      }
      if (line.trim() === '') continue;
      if (end !== null) throw new BackupError(`The backup is damaged: line ${lineNo} comes after its end line.`);
      const parsed = parseLine(line, lineNo);
      if (parsed.kind === 'end') end = parsed;
      else if (parsed.kind === 'record') {
        batch.push(parsed.record);
        records++;
      } else if (history.length >= MAX_BACKUP_HISTORY) {
        throw new BackupError(`The backup is damaged: it holds more than ${MAX_BACKUP_HISTORY} reading-history entries.`);
      } else history.push(parsed.entry);
    }
    return found;
  };

  const feed = (bytes: Uint8Array, final: boolean): void => {
    if (!sniffed && bytes.length > 0) {
      sniffed = true;
      // gzip's magic number 1f 8b; anything else is read as the JSON Lines themselves.
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) gunzip = new Gunzip((data) => lines.push(data));
    }
    if (gunzip) {
      try {
        gunzip.push(bytes, final);
      } catch (e) {
        if (e instanceof BackupError) throw e; // from the line splitter, called back by fflate
        const why = e instanceof Error ? e.message : String(e);
        throw new BackupError(/EOF|end/i.test(why) ? TRUNCATED : GZIP_DAMAGED);
      }
    } else {
      lines.push(bytes);
    }
    if (final) lines.end();
  };

  for await (const chunk of chunks) {
    bytesRead += chunk.length;
    feed(chunk, false);
    const found = consume();
    if (found) yield { type: 'header', header: found };
    while (batch.length >= batchRecords) {
      yield { type: 'records', records: batch.slice(0, batchRecords), bytesRead };
      batch = batch.slice(batchRecords);
    }
  }
  feed(new Uint8Array(0), true);
  const found = consume();
  if (header === null) throw new BackupError(lineNo === 0 ? 'The file is empty: it is not a WireTrace backup.' : TRUNCATED);
  if (found) yield { type: 'header', header: found };
  if (end === null) throw new BackupError(TRUNCATED);
  const { records: endRecords, history: endHistory } = end as { records: number; history: number };
  if (endRecords !== records) throw new BackupError(`The backup is damaged: its end line says ${endRecords} articles, but it holds ${records}.`);
  if (endHistory !== history.length) throw new BackupError(`The backup is damaged: its end line says ${endHistory} history entries, but it holds ${history.length}.`);
  for (let at = 0; at < batch.length; at += batchRecords) yield { type: 'records', records: batch.slice(at, at + batchRecords), bytesRead };
  if (history.length > 0) yield { type: 'history', entries: history };
}

/** The header alone (reads only as far as the first line): what the restore dialog shows before asking. */
export async function readBackupHeader(chunks: AsyncIterable<Uint8Array>): Promise<BackupHeader> {
  for await (const event of decodeBackup(chunks)) {
    if (event.type === 'header') return event.header;
  }
  throw new BackupError(TRUNCATED);
}

/** UTF-8 bytes → complete lines (without "\n"); refuses invalid UTF-8 and over-long lines. */
class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private partial = '';
  private ready: string[] = [];

  push(bytes: Uint8Array): void {
    this.add(this.decode(bytes, true));
  }

  end(): void {
    this.add(this.decode(new Uint8Array(0), false));
    // A last line without "\n" is still a line (a hand-made file); a cut one fails to parse.
    if (this.partial !== '') this.ready.push(this.partial);
    this.partial = '';
  }

  take(): string[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    try {
      return this.decoder.decode(bytes, { stream });
    } catch {
      throw new BackupError('The backup is damaged: it holds bytes that are not UTF-8 text.');
    }
  }

  private add(text: string): void {
    if (text === '') return;
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.ready.push(p.endsWith('\r') ? p.slice(0, -1) : p);
    if (this.partial.length > MAX_RECORD_CHARS) throw new BackupError('The backup is damaged: one of its lines is far too long to be an article.');
  }
}
