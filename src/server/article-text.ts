/** Stored article texts: raw DEFLATE (RFC 1951) of the UTF-8 text, and the record shape the importers read. */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { CorpusRecord, RecordFields } from '@wiretrace/engine';

export function deflateText(text: string): Buffer {
  return Buffer.from(deflateSync(strToU8(text), { level: 6 }));
}

export function inflateText(stored: Uint8Array): string {
  return strFromU8(inflateSync(stored));
}

/** The columns a `CorpusRecord` is made of. */
export interface RecordRow extends RecordFields {
  text_deflate: Buffer;
}

/** An article row as the importers' record (byline only when there is one, as the importers give it). */
export function toRecord(r: RecordRow): CorpusRecord {
  const record: CorpusRecord = { id: r.id, title: r.title, outlet: r.outlet, url: r.url, published: r.published, text: inflateText(r.text_deflate) };
  if (r.byline !== null) record.byline = r.byline;
  return record;
}
