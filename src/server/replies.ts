/** Error answers in the API's one shape (`ErrorResponse`). */
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { ErrorResponse } from './api';

export function sendError(reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  const body: ErrorResponse = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  return reply.code(statusCode).send(body);
}

export function articleNotFound(reply: FastifyReply, id: string): FastifyReply {
  return sendError(reply, 404, `no article with id ${JSON.stringify(id)}`);
}
