/**
 * GET /v1/openapi.json (no token). Registered before the other routes: it records every route added after
 * it, and the server refuses to start when a /v1 route is missing from the document.
 */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../api';
import { openApiDocument, undocumented, type OpenApiDocument } from '../openapi';

export function openApiRoutes(app: FastifyInstance, version: string): void {
  const doc = openApiDocument(version);
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.addHook('onReady', async () => {
    const missing = undocumented(doc, routes);
    if (missing.length > 0) throw new Error(`routes missing from the OpenAPI document (src/server/openapi.ts): ${missing.join(', ')}`);
  });
  app.get(`${API_PREFIX}/openapi.json`, { config: { public: true } }, async (): Promise<OpenApiDocument> => doc);
}
