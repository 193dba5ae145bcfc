/**
 * Reading and removing single articles: one by id, pages of metadata in import order (keyset pagination on
 * the ordinal, so pages neither skip nor repeat while articles are added or deleted), and deletion of an
 * article with its postings in one transaction.
 */
import type { Sql } from 'postgres';
import { analyze } from '@wiretrace/engine';
import type { ArticleListResponse, ArticleResponse, ArticleSummary } from './api';
import { inflateText, type RecordRow } from './article-text';
import { INGEST_LOCK } from './ingest';
import { toInt4 } from './keys';
import { MAX_ID_CHARS } from './record-check';

type SummaryRow = Omit<RecordRow, 'text_deflate'> & { ord: number; added: Date; words: number; bytes: number };

function summary(r: SummaryRow): ArticleSummary {
  return { id: r.id, title: r.title, outlet: r.outlet, url: r.url, published: r.published, byline: r.byline, added: r.added.toISOString(), words: r.words, bytes: r.bytes };
}

/** `q` as an ILIKE pattern matching it anywhere, its LIKE metacharacters taken literally (escape `!`). */
export function containsPattern(q: string): string {
  return `%${q.replace(/[!%_]/g, '!$&')}%`;
}

/** An id no article can have (PostgreSQL text holds no NUL, and ingest refuses longer ids). */
function impossibleId(id: string): boolean {
  return id.includes('\u0000') || id.length > MAX_ID_CHARS;
}

export async function getArticle(sql: Sql, id: string): Promise<ArticleResponse | null> {
  if (impossibleId(id)) return null;
  const [row] = await sql<(SummaryRow & { text_deflate: Buffer })[]>`
    SELECT ord, id, title, outlet, url, published, byline, added, words, octet_length(text_deflate) AS bytes, text_deflate
    FROM articles WHERE id = ${id}`;
  return row ? { ...summary(row), text: inflateText(row.text_deflate) } : null;
}

export interface ListOptions {
  /** Case-insensitive substring of the title, outlet or id. */
  q?: string;
  limit: number;
  /** The ordinal the previous page ended on (its `next`). */
  after: number;
}

export async function listArticles(sql: Sql, opts: ListOptions): Promise<ArticleListResponse> {
  const pattern = opts.q ? containsPattern(opts.q) : null;
  const filter = pattern
    ? sql`AND (title ILIKE ${pattern} ESCAPE '!' OR outlet ILIKE ${pattern} ESCAPE '!' OR id ILIKE ${pattern} ESCAPE '!')`
    : sql``;
  const rows = await sql<SummaryRow[]>`
    SELECT ord, id, title, outlet, url, published, byline, added, words, octet_length(text_deflate) AS bytes
    FROM articles WHERE ord > ${opts.after} ${filter}
    ORDER BY ord LIMIT ${opts.limit + 1}`;
  const page = rows.slice(0, opts.limit);
  return { articles: page.map(summary), next: rows.length > opts.limit ? String(page[page.length - 1].ord) : null };
}

/**
 * Deletes an article, its postings and one from the article count, together; null when there is no such
 * article. The postings are found by their keys, recomputed from the stored text exactly as ingest computed
 * them, so each delete is an index lookup per key instead of a scan of every partition.
 */
export async function deleteArticle(sql: Sql, id: string): Promise<{ articles: number } | null> {
  if (impossibleId(id)) return null;
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`;
    const [row] = await tx<{ ord: number; text_deflate: Buffer }[]>`DELETE FROM articles WHERE id = ${id} RETURNING ord, text_deflate`;
    if (!row) return null;
    const a = analyze(inflateText(row.text_deflate));
    const fingerprints = [...a.fingerprints].map(toInt4);
    const passageKeys = [...a.passageKeys].map(toInt4);
    await tx`DELETE FROM fingerprint_postings WHERE key = ANY(${fingerprints}::int4[]) AND ord = ${row.ord}`;
    await tx`DELETE FROM passage_postings WHERE key = ANY(${passageKeys}::int4[]) AND ord = ${row.ord}`;
    const [stats] = await tx<{ n: string }[]>`UPDATE corpus_stats SET articles = articles - 1 RETURNING articles::text AS n`;
    return { articles: Number(stats.n) };
  });
}
