/** POST /v1/candidates: a page's keys in, candidate sources with their texts out (readers and up). */
import type { FastifyInstance } from 'fastify';
import type { Sql } from 'postgres';
import { API_PREFIX, type CandidatesRequest, type CandidatesResponse } from '../api';
import { findCandidates } from '../candidates';
import { isKeyList } from '../keys';

/** Most keys of each kind in one request (a 50,000-word page has fewer). */
export const MAX_KEYS = 100_000;

export function candidateRoutes(app: FastifyInstance, sql: Sql): void {
  app.post(`${API_PREFIX}/candidates`, { config: { role: 'reader' } }, async (request, reply): Promise<CandidatesResponse | void> => {
    const body = request.body as Partial<CandidatesRequest> | null;
    if (!body || typeof body !== 'object' || !isKeyList(body.fingerprints, MAX_KEYS) || !isKeyList(body.passageKeys, MAX_KEYS)) {
      return reply.code(400).send({
        statusCode: 400,
        error: 'Bad Request',
        message: `the body must be {"fingerprints": [...], "passageKeys": [...]}: at most ${MAX_KEYS} unsigned 32-bit integers each`,
      });
    }
    return findCandidates(sql, { fingerprints: body.fingerprints, passageKeys: body.passageKeys });
  });
}
