/** POST /v1/articles: add articles, one JSON record per line (writers and up); DELETE /v1/articles/:id (admins). */
import type { FastifyInstance } from 'fastify';
import type { Sql } from 'postgres';
import { API_PREFIX, NDJSON, type DeleteResponse, type IngestResponse } from '../api';
import { deleteArticle } from '../browse';
import { ingestRecords } from '../ingest';
import { parseNdjson } from '../ndjson';
import { articleNotFound } from '../replies';

export function articleRoutes(app: FastifyInstance, sql: Sql, maxBodyBytes: number): void {
  app.addContentTypeParser(NDJSON, { parseAs: 'string', bodyLimit: maxBodyBytes }, (_request, body, done) => done(null, body));

  app.post(`${API_PREFIX}/articles`, { config: { role: 'writer' }, bodyLimit: maxBodyBytes }, async (request, reply): Promise<IngestResponse | void> => {
    if (typeof request.body !== 'string') {
      return reply.code(415).send({ statusCode: 415, error: 'Unsupported Media Type', message: `send the articles as ${NDJSON}, one JSON record per line` });
    }
    const parsed = parseNdjson(request.body);
    const done = await ingestRecords(sql, parsed.records);
    const issues = parsed.issues;
    return {
      imported: done.imported,
      duplicates: done.duplicates.length,
      skipped: issues.length,
      issues: issues.sort((a, b) => a.line - b.line),
      idTaken: done.idTaken.map((i) => parsed.lines[i]),
    };
  });

  app.delete(`${API_PREFIX}/articles/:id`, { config: { role: 'admin' } }, async (request, reply): Promise<DeleteResponse | void> => {
    const { id } = request.params as { id: string };
    const done = await deleteArticle(sql, id);
    return done ? { deleted: id, articles: done.articles } : articleNotFound(reply, id);
  });
}
