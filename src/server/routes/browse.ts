/** GET /v1/articles (pages of metadata, optionally filtered by `q`) and GET /v1/articles/:id (readers and up). */
import type { FastifyInstance } from 'fastify';
import type { Sql } from 'postgres';
import { API_PREFIX, LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT, MAX_QUERY_CHARS, type ArticleListResponse, type ArticleResponse } from '../api';
import { getArticle, listArticles, type ListOptions } from '../browse';
import { badString } from '../record-check';
import { articleNotFound, sendError } from '../replies';

/** Largest ordinal (int4). */
const MAX_ORD = 2 ** 31 - 1;

function wholeNumber(name: string, value: unknown, fallback: number, min: number, max: number): number | string {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) return `"${name}" must be one whole number from ${min} to ${max}, got ${JSON.stringify(value).slice(0, 80)}`;
  return n;
}

/** The list options, or why the query string is refused. */
export function listOptions(query: Record<string, unknown>): ListOptions | string {
  const unknown = Object.keys(query).filter((k) => k !== 'q' && k !== 'limit' && k !== 'after');
  if (unknown.length > 0) return `unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (expected q, limit, after)`;
  const { q } = query;
  if (q !== undefined && typeof q !== 'string') return '"q" must be given once';
  const bad = q === undefined ? null : badString('q', q, MAX_QUERY_CHARS);
  if (bad) return bad;
  const limit = wholeNumber('limit', query.limit, LIST_DEFAULT_LIMIT, 1, LIST_MAX_LIMIT);
  if (typeof limit === 'string') return limit;
  const after = wholeNumber('after', query.after, 0, 0, MAX_ORD);
  if (typeof after === 'string') return `${after} (pass the "next" of the previous page)`;
  return { q: q || undefined, limit, after };
}

export function browseRoutes(app: FastifyInstance, sql: Sql): void {
  app.get(`${API_PREFIX}/articles`, { config: { role: 'reader' } }, async (request, reply): Promise<ArticleListResponse | void> => {
    const opts = listOptions(request.query as Record<string, unknown>);
    if (typeof opts === 'string') return sendError(reply, 400, opts);
    return listArticles(sql, opts);
  });

  app.get(`${API_PREFIX}/articles/:id`, { config: { role: 'reader' } }, async (request, reply): Promise<ArticleResponse | void> => {
    const { id } = request.params as { id: string };
    const article = await getArticle(sql, id);
    return article ?? articleNotFound(reply, id);
  });
}
