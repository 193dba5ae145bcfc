/** Conversions between the engine's records, the stored rows and what callers get back. */
import type { CorpusRecord } from '@wiretrace/engine';
import { SCHEMA_VERSION, type RecordOrigin, type RecordSummary, type StoredRecord } from '../api';
import { RECORD_ROW_VERSION, type RecordRow } from './schema';
import { packText, unpackText, type PackedText } from './text-codec';

/** `packed`: the text already deflated (by the index keeper); deflated here otherwise. */
export function toRow(record: CorpusRecord, words: number, origin: RecordOrigin, importId: string | null, addedAt: string, packed?: PackedText): RecordRow {
  const row: RecordRow = {
    v: RECORD_ROW_VERSION,
    id: record.id,
    title: record.title,
    outlet: record.outlet,
    url: record.url,
    published: record.published,
    ...(record.byline ? { byline: record.byline } : {}),
    ...(packed ? { textZ: packed.textZ, textBytes: packed.textBytes } : packText(record.text)),
    origin,
    importId,
    addedAt,
    words,
  };
  const key = outletKey(record.outlet);
  if (key !== null) row.outletKey = key;
  return row;
}

/** The case-insensitive form of an outlet name used by the outlet index and filters. */
export function outletKey(outlet: string | null | undefined): string | null {
  const k = outlet?.trim().toLowerCase();
  return k ? k : null;
}

/** The row as the contract describes it: the text unpacked, without the storage-only fields. */
export function fromRow(row: RecordRow): StoredRecord {
  return { ...summaryOf(row), text: unpackText(row) };
}

export function summaryOf(row: RecordRow): RecordSummary {
  const { outletKey: _key, text: _text, textZ: _z, textBytes: _n, v: _v, ...summary } = row;
  return { ...summary, v: SCHEMA_VERSION };
}

/** The engine's record: the fields an importer reads back (see exportJsonl). */
export function corpusRecordOf(row: RecordRow): CorpusRecord {
  return { id: row.id, title: row.title, outlet: row.outlet, url: row.url, published: row.published, ...(row.byline ? { byline: row.byline } : {}), text: unpackText(row) };
}
