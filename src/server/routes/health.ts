/** GET /v1/health: is the server up, how many articles. No token needed. */
import type { FastifyInstance } from 'fastify';
import type { Sql } from 'postgres';
import { API_PREFIX, type HealthResponse } from '../api';
import { articleCount } from '../ingest';
import { schemaVersion } from '../migrate';

export function healthRoutes(app: FastifyInstance, sql: Sql, version: string): void {
  app.get(`${API_PREFIX}/health`, { config: { public: true } }, async (): Promise<HealthResponse> => {
    const [articles, schema] = await Promise.all([articleCount(sql), schemaVersion(sql)]);
    return { ok: true, articles, version, schema };
  });
}
