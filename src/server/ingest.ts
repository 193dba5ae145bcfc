/**
 * Adds articles to the team corpus. Each chunk is one transaction: an article's row, its postings and the
 * article count become visible together or not at all. Ingests are serialised by an advisory lock, so
 * ordinals follow the order articles arrive in (the order the local index assigns them). The import identity
 * rule (`Deduper.admit`): the text decides. A record is a duplicate when its text equals, up to case and
 * whitespace, an article already stored or earlier in the stream; a record with a new text whose id another
 * article holds is not added but reported in `idTaken`, and the client sends it again under its file-scoped id
 * (the server never sees file names).
 */
import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import { analyze, type CorpusRecord } from '@wiretrace/engine';
import { deflateText } from './article-text';
import { toInt4 } from './keys';

export const INGEST_LOCK = 0x77746967; // "wtig"
/** Articles per transaction. */
export const INGEST_CHUNK = 500;

export interface IngestOutcome {
  imported: number;
  /** Indices (into the given records) of the duplicates. */
  duplicates: number[];
  /** Indices of records with a new text whose id another article holds (not added). */
  idTaken: number[];
}

/** The importer's duplicate test: the text lower-cased, whitespace runs as one space, trimmed. */
export function contentHash(text: string): Buffer {
  return createHash('sha256').update(text.toLowerCase().replace(/\s+/g, ' ').trim(), 'utf8').digest();
}

interface Prepared {
  index: number;
  record: CorpusRecord;
  hash: Buffer;
  hashHex: string;
  words: number;
  fingerprints: Uint32Array;
  passageKeys: Uint32Array;
}

function prepare(record: CorpusRecord, index: number): Prepared {
  const a = analyze(record.text);
  const hash = contentHash(record.text);
  return { index, record, hash, hashHex: hash.toString('hex'), words: a.tokens.length, fingerprints: a.fingerprints, passageKeys: a.passageKeys };
}

async function ingestChunk(sql: Sql, chunk: Prepared[]): Promise<IngestOutcome> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`;
    const ids = new Set(
      (await tx<{ id: string }[]>`SELECT id FROM articles WHERE id = ANY(${chunk.map((p) => p.record.id)}::text[])`).map((r) => r.id),
    );
    const hashes = new Set(
      (
        await tx<{ h: string }[]>`
          SELECT encode(content_hash, 'hex') AS h FROM articles
          WHERE content_hash IN (SELECT decode(h, 'hex') FROM unnest(${chunk.map((p) => p.hashHex)}::text[]) AS h)`
      ).map((r) => r.h),
    );
    const fresh: Prepared[] = [];
    const duplicates: number[] = [];
    const idTaken: number[] = [];
    for (const p of chunk) {
      if (hashes.has(p.hashHex)) {
        duplicates.push(p.index);
        continue;
      }
      if (ids.has(p.record.id)) {
        idTaken.push(p.index);
        continue;
      }
      ids.add(p.record.id);
      hashes.add(p.hashHex);
      fresh.push(p);
    }
    if (fresh.length === 0) return { imported: 0, duplicates, idTaken };
    const rows = fresh.map((p) => ({
      id: p.record.id,
      outlet: p.record.outlet,
      url: p.record.url,
      title: p.record.title,
      byline: p.record.byline ?? null,
      published: p.record.published,
      content_hash: p.hash,
      words: p.words,
      text_deflate: deflateText(p.record.text),
    }));
    // Rows of one VALUES list take their identity values in list order.
    const inserted = await tx<{ ord: number; id: string }[]>`INSERT INTO articles ${tx(rows)} RETURNING ord, id`;
    const ordOf = new Map(inserted.map((r) => [r.id, r.ord]));
    const fpKeys: number[] = [];
    const fpOrds: number[] = [];
    const pkKeys: number[] = [];
    const pkOrds: number[] = [];
    for (const p of fresh) {
      const ord = ordOf.get(p.record.id)!;
      for (const k of p.fingerprints) {
        fpKeys.push(toInt4(k));
        fpOrds.push(ord);
      }
      for (const k of p.passageKeys) {
        pkKeys.push(toInt4(k));
        pkOrds.push(ord);
      }
    }
    await tx`INSERT INTO fingerprint_postings (key, ord) SELECT * FROM unnest(${fpKeys}::int4[], ${fpOrds}::int4[])`;
    await tx`INSERT INTO passage_postings (key, ord) SELECT * FROM unnest(${pkKeys}::int4[], ${pkOrds}::int4[])`;
    await tx`UPDATE corpus_stats SET articles = articles + ${fresh.length}`;
    return { imported: fresh.length, duplicates, idTaken };
  });
}

/** Adds the records in order, a chunk per transaction. */
export async function ingestRecords(sql: Sql, records: CorpusRecord[]): Promise<IngestOutcome> {
  const out: IngestOutcome = { imported: 0, duplicates: [], idTaken: [] };
  for (let i = 0; i < records.length; i += INGEST_CHUNK) {
    const chunk = records.slice(i, i + INGEST_CHUNK).map((r, j) => prepare(r, i + j));
    const done = await ingestChunk(sql, chunk);
    out.imported += done.imported;
    out.duplicates.push(...done.duplicates);
    out.idTaken.push(...done.idTaken);
  }
  return out;
}

/** The live article count. */
export async function articleCount(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: string }[]>`SELECT articles::text AS n FROM corpus_stats`;
  return Number(row.n);
}
