/**
 * Bearer-token authentication. Every route but those marked `config: { public: true }` needs
 * `Authorization: Bearer <token>` of a live token: 401 when it is missing, unknown or revoked, 403 when the
 * token's role is below the route's `config.role`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Sql } from 'postgres';
import { findToken, roleAllows, type Role } from './tokens';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a token (health, OpenAPI). */
    public?: boolean;
    /** Least role a token needs (default reader). */
    role?: Role;
  }
  interface FastifyRequest {
    /** The authenticated token's name and role; null on public routes. */
    token: { name: string; role: Role } | null;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function refuse(reply: FastifyReply, statusCode: 401 | 403, message: string): FastifyReply {
  if (statusCode === 401) reply.header('WWW-Authenticate', 'Bearer realm="wiretrace"');
  return reply.code(statusCode).send({ statusCode, error: statusCode === 401 ? 'Unauthorized' : 'Forbidden', message });
}

export function registerAuth(app: FastifyInstance, sql: Sql): void {
  app.decorateRequest('token', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    // CORS preflights carry no credentials; unknown routes answer 404 whoever asks.
    if (request.method === 'OPTIONS' || config.public || !request.routeOptions.url) return;
    const header = request.headers.authorization;
    const m = header ? BEARER.exec(header) : null;
    if (!m) return refuse(reply, 401, 'this endpoint needs "Authorization: Bearer <token>" (create one with `wiretrace server token create NAME`)');
    const token = await findToken(sql, m[1]);
    if (!token) return refuse(reply, 401, 'unknown or revoked token');
    const needed = config.role ?? 'reader';
    if (!roleAllows(token.role, needed)) return refuse(reply, 403, `this needs a ${needed} token; "${token.name}" is a ${token.role}`);
    request.token = token;
  });
}
