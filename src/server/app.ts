/** The Fastify application: CORS for extension origins, auth, a rate limit per token, the /v1 routes. */
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Sql } from 'postgres';
import { registerAuth } from './auth';
import { articleRoutes } from './routes/articles';
import { browseRoutes } from './routes/browse';
import { candidateRoutes } from './routes/candidates';
import { healthRoutes } from './routes/health';
import { openApiRoutes } from './routes/openapi';

export interface AppOptions {
  version: string;
  /** Requests per minute per token (per address for health). */
  rateLimit?: number;
  /** Largest request body, in bytes (larger ones get 413). */
  maxBodyBytes?: number;
  logger?: boolean;
}

export const DEFAULT_RATE_LIMIT = 1200;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Browser extensions only: a web page's script may not call the server with a reader's token. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9-]+$/;

/** Errors of the database connection (PostgreSQL down or unreachable), answered 503. */
function isDatabaseDown(e: { code?: string }): boolean {
  return /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|CONNECT_TIMEOUT|CONNECTION_(CLOSED|DESTROYED|ENDED)|57P0[123])$/.test(e.code ?? '');
}

export async function buildApp(sql: Sql, opts: AppOptions): Promise<FastifyInstance> {
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Ids may be 512 characters, percent-encoded up to 12 bytes each in a path.
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: maxBodyBytes, routerOptions: { maxParamLength: 6200 } });
  await app.register(cors, { origin: (origin, cb) => cb(null, origin !== undefined && EXTENSION_ORIGIN.test(origin)) });
  registerAuth(app, sql);
  // Registered after auth, so its key is the token (its onRequest hook runs after the auth hook).
  await app.register(rateLimit, {
    max: opts.rateLimit ?? DEFAULT_RATE_LIMIT,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.token ? `token:${request.token.name}` : `ip:${request.ip}`),
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (isDatabaseDown(error)) {
      return reply.code(503).send({ statusCode: 503, error: 'Service Unavailable', message: `the database is unavailable (${error.code}); try again shortly` });
    }
    const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (statusCode >= 500) reply.log.error(error);
    return reply.code(statusCode).send({ statusCode, error: statusCode >= 500 ? 'Internal Server Error' : error.name, message: error.message });
  });
  openApiRoutes(app, opts.version);
  healthRoutes(app, sql, opts.version);
  articleRoutes(app, sql, maxBodyBytes);
  browseRoutes(app, sql);
  candidateRoutes(app, sql);
  return app;
}
