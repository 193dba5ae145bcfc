/**
 * The `.wtc` corpus file: the index and (optionally) the record texts in one compact, versioned binary.
 *
 * Layout of format 3 (integers are LEB128 varints unless noted):
 *   "WTC1"                 4 bytes, file magic (also how importers recognise the file by content)
 *   formatVersion          u8, FORMAT_VERSION
 *   header                 length-prefixed UTF-8 JSON: { engine: EngineParams, docs, created }
 *   documents              column by column, so that loading is a few tight loops and one text decode:
 *     live flags           ceil(docs / 8) bytes: bit (ord & 7) of byte (ord >> 3) set if ordinal ord is live
 *     published            per live document: 0 = none, else zigzag(ms) + 1 (dates before 1970 survive)
 *     words                per live document
 *     id lengths           per live document, in UTF-16 code units
 *     ids                  length-prefixed UTF-8 of the live documents' ids, concatenated
 *   fingerprint postings   PostingTable in block layout (see posting-table.ts): counts, checksum, padding
 *                          to a 4-byte boundary, block index (first key and byte offset of every
 *                          BLOCK_KEYS keys, u32 LE), then the varint-encoded blocks. Loading reads only
 *                          the block index; the blocks stay encoded (a view of the file's bytes) and are
 *                          decoded one at a time by lookups, or all at once when the table is compacted.
 *   passage postings       PostingTable in block layout
 *   records                u8 flag: 0 none; 2 chunked: varint chunk count, then each chunk as
 *                          length-prefixed deflate of up to RECORDS_PER_CHUNK records as JSON Lines, in
 *                          live-ordinal order; inflated lazily, one chunk at a time, when a record is read.
 *
 * Format 2 differs in the documents (per ordinal: u8 live flag; if live: id as a length-prefixed string,
 * published, words) and the posting tables (nKeys, then per key: key delta, count, ordinal deltas; read
 * with `PostingTable.readLegacy`, decoding every posting, so a format-2 file loads correctly but slowly).
 * Format 1 had records flag 1: one deflate block of all records, read whole.
 *
 * Because a loaded corpus keeps views into the file's bytes, the caller must not modify them afterwards.
 *
 * Migration path: a file written with other engine parameters (shingle size, window, banding, tokenizer)
 * or in format 1 is not trusted for its postings: the index is rebuilt from its stored records, which is
 * always possible because records carry the full text. Format 2 files with the current engine parameters
 * are read as they are. A file from a NEWER format version is refused with a clear message.
 */
import { inflateSync, strFromU8 } from 'fflate';
import { ChunkedRecords, chunkRecords } from './chunked-records';
import { analyze, PASSAGE_BANDS, PASSAGE_ROWS } from './analysis';
import { ByteReader, ByteWriter } from './binary';
import { MemoryCorpus } from './corpus';
import { CorpusIndex, type IndexedDoc } from './corpus-index';
import { PostingTable } from './posting-table';
import { SHINGLE_WORDS, WINNOW_WINDOW } from './shingle';
import type { CorpusRecord } from './types';

export const MAGIC = 'WTC1';
/** Version of the binary layout. Bump it with a migration in `MIGRATIONS`. */
export const FORMAT_VERSION = 3;
/** Oldest format whose postings are read as they are (older ones are rebuilt from their records). */
const OLDEST_TRUSTED_FORMAT = 2;
/** Version of the tokenizer and content-word rules: a change alters every hash, so indexes are rebuilt. */
export const TOKENIZER_VERSION = 2; // 2: CJK full stops and dotted acronyms in sentences, whitespace-free word forms

export interface EngineParams {
  shingleWords: number;
  winnowWindow: number;
  passageBands: number;
  passageRows: number;
  tokenizer: number;
}

export const ENGINE_PARAMS: EngineParams = {
  shingleWords: SHINGLE_WORDS,
  winnowWindow: WINNOW_WINDOW,
  passageBands: PASSAGE_BANDS,
  passageRows: PASSAGE_ROWS,
  tokenizer: TOKENIZER_VERSION,
};

interface Header {
  engine: EngineParams;
  docs: number;
  created: string;
}

/** True when `bytes` starts with the corpus file magic. */
export function isCorpusFile(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) === MAGIC;
}

export interface WriteOptions {
  /** Store the record texts too (default true). The extension keeps texts elsewhere and omits them. */
  includeRecords?: boolean;
  /** Deflate level for the texts (default 6; 1 is much faster, for files that are read once). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

export function writeCorpus(corpus: MemoryCorpus, opts: WriteOptions = {}): Uint8Array {
  const index = corpus.index;
  const w = new ByteWriter();
  for (const c of MAGIC) w.u8(c.charCodeAt(0));
  w.u8(FORMAT_VERSION);
  const header: Header = { engine: ENGINE_PARAMS, docs: index.ordinalCount, created: new Date().toISOString() };
  w.string(JSON.stringify(header));
  const live: IndexedDoc[] = [];
  const flags = new Uint8Array(Math.ceil(index.ordinalCount / 8));
  for (let ord = 0; ord < index.ordinalCount; ord++) {
    const doc = index.doc(ord);
    if (!doc) continue;
    flags[ord >> 3] |= 1 << (ord & 7);
    live.push(doc);
  }
  w.raw(flags);
  for (const doc of live) w.varint(doc.published === null ? 0 : zigzag(doc.published) + 1);
  for (const doc of live) w.varint(doc.words);
  // The decoded text has the same length in UTF-16 units as the id (a lone surrogate becomes one U+FFFD).
  for (const doc of live) w.varint(doc.id.length);
  w.string(live.map((d) => d.id).join(''));
  index.fingerprints.write(w, index.isLive);
  index.passages.write(w, index.isLive);
  if (opts.includeRecords ?? true) {
    w.u8(2);
    const records: CorpusRecord[] = [];
    for (let ord = 0; ord < index.ordinalCount; ord++) {
      const r = index.doc(ord) ? corpus.record(ord) : null;
      if (r) records.push(r);
    }
    const chunks = chunkRecords(records, opts.level ?? 6);
    w.varint(chunks.length);
    for (const c of chunks) w.bytes(c);
  } else {
    w.u8(0);
  }
  return w.finish();
}

/** Signed integer → unsigned (0, −1, 1, −2 … → 0, 1, 2, 3 …), exact up to 2^52. */
function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function unzigzag(n: number): number {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

export class CorpusFileError extends Error {}

/** Load a corpus file. Throws CorpusFileError with a user-facing message when it cannot be read. */
export interface ReadResult {
  corpus: MemoryCorpus;
  /** The index was rebuilt from the stored records (other engine parameters, or format 1). */
  migrated: boolean;
  /**
   * The file's format version. Below FORMAT_VERSION, the file was read correctly but more slowly than a
   * current one (format 2 decodes every posting on load): a caller that keeps the bytes may rewrite them.
   */
  formatVersion: number;
}

export function readCorpus(bytes: Uint8Array): ReadResult {
  if (!isCorpusFile(bytes)) throw new CorpusFileError('not a WireTrace corpus file (bad magic)');
  if (bytes.length < 5) throw new CorpusFileError('corpus file is damaged or truncated (no format version)');
  const r = new ByteReader(bytes);
  r.raw(4);
  const version = r.u8();
  if (version > FORMAT_VERSION) {
    throw new CorpusFileError(`corpus file format ${version} is newer than this WireTrace (reads up to ${FORMAT_VERSION}); update WireTrace`);
  }
  try {
    const migrate = MIGRATIONS[version];
    if (!migrate) throw new CorpusFileError(`unknown corpus file format ${version}`);
    return migrate(r);
  } catch (e) {
    if (e instanceof CorpusFileError) throw e;
    throw new CorpusFileError(`corpus file is damaged or truncated (${(e as Error).message})`);
  }
}

/** Readers by format version; each returns a corpus in the current layout. */
const MIGRATIONS: Record<number, (r: ByteReader) => ReadResult> = {
  1: (r) => readBody(r, 1),
  2: (r) => readBody(r, 2),
  3: (r) => readBody(r, 3),
};

function sameParams(a: EngineParams): boolean {
  return (Object.keys(ENGINE_PARAMS) as Array<keyof EngineParams>).every((k) => a?.[k] === ENGINE_PARAMS[k]);
}

function readBody(r: ByteReader, version: number): ReadResult {
  const header = JSON.parse(r.string()) as Header;
  if (!(Number.isSafeInteger(header.docs) && header.docs >= 0)) throw new RangeError('bad document count');
  const docs = version >= 3 ? readDocs(r, header.docs) : readDocsLegacy(r, header.docs);
  const readTable = version >= 3 ? PostingTable.read : PostingTable.readLegacy;
  const fingerprints = readTable(r);
  const passages = readTable(r);
  let live = 0;
  for (const d of docs) if (d) live++;
  let records: ChunkedRecords | null = null;
  const flag = r.u8();
  if (flag === 1 && version === 1) {
    // Format 1: one deflate block with every record.
    const text = strFromU8(inflateSync(r.bytes()));
    const all = text.length === 0 ? [] : text.split('\n');
    records = new ChunkedRecords(chunkRecords(all.map((l) => JSON.parse(l) as CorpusRecord), 1), all.length);
  } else if (flag === 2 && version >= 2) {
    const n = r.varint();
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < n; i++) chunks.push(r.bytes());
    records = new ChunkedRecords(chunks, live);
  } else if (flag !== 0) {
    throw new CorpusFileError(`corpus file is damaged (unknown records section ${flag})`);
  }
  if (!sameParams(header.engine) || version < OLDEST_TRUSTED_FORMAT) {
    if (!records) {
      throw new CorpusFileError('corpus file was built by another engine version and holds no texts to rebuild from; import the articles again');
    }
    const all: CorpusRecord[] = [];
    for (let i = 0; i < records.count; i++) all.push(records.get(i));
    return { corpus: rebuild(all), migrated: true, formatVersion: version };
  }
  const corpus = new MemoryCorpus(records ?? undefined);
  const index: CorpusIndex = corpus.index;
  index.restoreDocs(docs);
  if (records) {
    let next = 0;
    for (let ord = 0; ord < docs.length; ord++) if (docs[ord]) corpus.restoreRecord(ord, next++);
  }
  index.fingerprints.replaceWith(fingerprints);
  index.passages.replaceWith(passages);
  return { corpus, migrated: false, formatVersion: version };
}

/** Format 3 documents: live bitmap, then published, words, id lengths and ids as columns. */
function readDocs(r: ByteReader, n: number): Array<IndexedDoc | null> {
  const flags = r.raw(Math.ceil(n / 8));
  let live = 0;
  for (let ord = 0; ord < n; ord++) if (flags[ord >> 3] & (1 << (ord & 7))) live++;
  const published = new Float64Array(live);
  for (let i = 0; i < live; i++) published[i] = r.varint();
  const words = new Float64Array(live);
  for (let i = 0; i < live; i++) words[i] = r.varint();
  const lengths = new Float64Array(live);
  let total = 0;
  for (let i = 0; i < live; i++) total += lengths[i] = r.varint();
  const ids = (idDecoder ??= new TextDecoder('utf-8', { ignoreBOM: true })).decode(r.bytes());
  if (ids.length !== total) throw new RangeError('document ids do not match their lengths');
  const docs: Array<IndexedDoc | null> = [];
  let at = 0;
  for (let ord = 0, i = 0; ord < n; ord++) {
    if (!(flags[ord >> 3] & (1 << (ord & 7)))) {
      docs.push(null);
      continue;
    }
    const p = published[i];
    docs.push({ id: ids.slice(at, (at += lengths[i])), published: p === 0 ? null : unzigzag(p - 1), words: words[i] });
    i++;
  }
  return docs;
}

/**
 * Keeps a leading U+FEFF of the first id (the default decoder would drop it as a byte order mark). Made
 * on first use (see binary.ts).
 */
let idDecoder: TextDecoder | null = null;

/** Format 1 and 2 documents: per ordinal a live flag, then id, published and words. */
function readDocsLegacy(r: ByteReader, n: number): Array<IndexedDoc | null> {
  const docs: Array<IndexedDoc | null> = [];
  for (let i = 0; i < n; i++) {
    if (r.u8() === 0) {
      docs.push(null);
      continue;
    }
    const id = r.string();
    const p = r.varint();
    docs.push({ id, published: p === 0 ? null : unzigzag(p - 1), words: r.varint() });
  }
  return docs;
}

/** Build a fresh corpus (index included) from records. */
export function rebuild(records: Iterable<CorpusRecord>): MemoryCorpus {
  const corpus = new MemoryCorpus();
  for (const rec of records) corpus.add(rec, analyze(rec.text));
  return corpus;
}
