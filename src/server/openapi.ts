/**
 * The OpenAPI 3.1 document of API version 1, served at GET /v1/openapi.json. Written by hand (the routes
 * validate their input in code, not with JSON schemas) and kept complete by `routes/openapi.ts`: the server
 * refuses to start when a /v1 route is missing here. The shapes are those of `api.ts`.
 */
import { API_PREFIX, LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT, MAX_QUERY_CHARS, NDJSON } from './api';
import type { Role } from './tokens';

type Schema = Record<string, unknown>;

interface Operation {
  summary: string;
  description?: string;
  security: { bearer: [] }[];
  'x-wiretrace-role'?: Role;
  parameters?: Schema[];
  requestBody?: Schema;
  responses: Record<string, Schema>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Partial<Record<'get' | 'post' | 'delete', Operation>>>;
  components: { securitySchemes: Record<string, Schema>; schemas: Record<string, Schema> };
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
const nullableString = { type: ['string', 'null'] };
const u32List = { type: 'array', maxItems: 100_000, items: { type: 'integer', minimum: 0, maximum: 0xffffffff } };

const errorAnswer = (description: string): Schema => ({ description, ...json(ref('Error')) });

/** The answers every authenticated route may give. */
function guarded(role: Role): Record<string, Schema> {
  return {
    '401': errorAnswer('no token, or an unknown or revoked one (with WWW-Authenticate: Bearer)'),
    ...(role === 'reader' ? {} : { '403': errorAnswer(`the token's role is below ${role}`) }),
    '429': errorAnswer('the token used up its requests for the minute (with Retry-After)'),
    '503': errorAnswer('PostgreSQL is unreachable'),
  };
}

function operation(role: Role | null, op: Omit<Operation, 'security' | 'x-wiretrace-role'>): Operation {
  if (role === null) return { ...op, security: [] };
  return { ...op, security: [{ bearer: [] }], 'x-wiretrace-role': role, responses: { ...op.responses, ...guarded(role) } };
}

const idParameter: Schema = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The article id, percent-encoded',
  schema: { type: 'string', minLength: 1, maxLength: 512 },
};

const summaryProperties: Schema = {
  id: { type: 'string' },
  title: nullableString,
  outlet: nullableString,
  url: nullableString,
  published: { ...nullableString, description: 'ISO 8601 as imported' },
  byline: nullableString,
  added: { type: 'string', format: 'date-time' },
  words: { type: 'integer', description: 'token count of the text' },
  bytes: { type: 'integer', description: 'size of the stored (deflated) text' },
};

const schemas: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['statusCode', 'error', 'message'],
    properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
  },
  Health: {
    type: 'object',
    required: ['ok', 'articles', 'version', 'schema'],
    properties: { ok: { const: true }, articles: { type: 'integer' }, version: { type: 'string' }, schema: { type: 'integer' } },
  },
  CorpusRecord: {
    type: 'object',
    required: ['id', 'text'],
    properties: { id: { type: 'string', maxLength: 512 }, text: { type: 'string' }, title: nullableString, outlet: nullableString, url: nullableString, published: nullableString, byline: nullableString },
  },
  IngestResponse: {
    type: 'object',
    required: ['imported', 'duplicates', 'skipped', 'issues', 'idTaken'],
    properties: {
      imported: { type: 'integer' },
      duplicates: { type: 'integer' },
      skipped: { type: 'integer' },
      issues: { type: 'array', items: { type: 'object', required: ['line', 'reason'], properties: { line: { type: 'integer' }, reason: { type: 'string' } } } },
      idTaken: { type: 'array', items: { type: 'integer' }, description: 'lines whose new text has an id another article holds' },
    },
  },
  CandidatesRequest: {
    type: 'object',
    required: ['fingerprints', 'passageKeys'],
    properties: { fingerprints: u32List, passageKeys: u32List },
  },
  CandidatesResponse: {
    type: 'object',
    required: ['articles', 'candidates', 'boilerplate'],
    properties: { articles: { type: 'integer' }, candidates: { type: 'array', items: ref('CorpusRecord') }, boilerplate: ref('CandidatesRequest') },
  },
  ArticleSummary: { type: 'object', required: Object.keys(summaryProperties), properties: summaryProperties },
  Article: {
    type: 'object',
    required: [...Object.keys(summaryProperties), 'text'],
    properties: { ...summaryProperties, text: { type: 'string' } },
  },
  ArticleList: {
    type: 'object',
    required: ['articles', 'next'],
    properties: { articles: { type: 'array', items: ref('ArticleSummary') }, next: { ...nullableString, description: 'the `after` of the next page; null on the last' } },
  },
  DeleteResponse: {
    type: 'object',
    required: ['deleted', 'articles'],
    properties: { deleted: { type: 'string' }, articles: { type: 'integer', description: 'articles left' } },
  },
};

export function openApiDocument(version: string): OpenApiDocument {
  const p = API_PREFIX;
  return {
    openapi: '3.1.0',
    info: {
      title: 'WireTrace team corpus server',
      version,
      description: 'API version 1. Pages are checked by their index keys, never their text. See docs/SERVER.md.',
    },
    paths: {
      [`${p}/health`]: {
        get: operation(null, { summary: 'Is the server up, and how many articles it holds', responses: { '200': { description: 'up', ...json(ref('Health')) } } }),
      },
      [`${p}/openapi.json`]: {
        get: operation(null, { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } } }),
      },
      [`${p}/articles`]: {
        get: operation('reader', {
          summary: 'A page of article metadata in import order (no texts)',
          parameters: [
            { name: 'q', in: 'query', description: 'case-insensitive substring of the title, outlet or id (% and _ match themselves)', schema: { type: 'string', maxLength: MAX_QUERY_CHARS } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: LIST_MAX_LIMIT, default: LIST_DEFAULT_LIMIT } },
            { name: 'after', in: 'query', description: 'the `next` of the previous page', schema: { type: 'string', pattern: '^\\d+$' } },
          ],
          responses: { '200': { description: 'one page', ...json(ref('ArticleList')) }, '400': errorAnswer('a bad q, limit or after') },
        }),
        post: operation('writer', {
          summary: 'Add articles, one JSON record per line; idempotent by content',
          requestBody: { required: true, content: { [NDJSON]: { schema: ref('CorpusRecord') } } },
          responses: {
            '200': { description: 'what was added, and each line that was not with its reason', ...json(ref('IngestResponse')) },
            '413': errorAnswer('the body is over --max-body-mb'),
            '415': errorAnswer(`the body is not ${NDJSON}`),
          },
        }),
      },
      [`${p}/articles/{id}`]: {
        get: operation('reader', {
          summary: "An article's metadata and text",
          parameters: [idParameter],
          responses: { '200': { description: 'the article', ...json(ref('Article')) }, '404': errorAnswer('no article with this id') },
        }),
        delete: operation('admin', {
          summary: 'Remove an article and its postings',
          parameters: [idParameter],
          responses: { '200': { description: 'deleted', ...json(ref('DeleteResponse')) }, '404': errorAnswer('no article with this id') },
        }),
      },
      [`${p}/candidates`]: {
        post: operation('reader', {
          summary: "Candidate sources for a page's index keys, with their texts",
          requestBody: { required: true, ...json(ref('CandidatesRequest')) },
          responses: { '200': { description: 'candidates, best first', ...json(ref('CandidatesResponse')) }, '400': errorAnswer('not a key list') },
        }),
      },
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '`wiretrace server token create NAME`' } }, schemas },
  };
}

/** The document's path for a Fastify route URL (`/v1/articles/:id` → `/v1/articles/{id}`). */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

/** The `METHOD path` pairs of registered /v1 routes that the document leaves out. */
export function undocumented(doc: OpenApiDocument, routes: { method: string; url: string }[]): string[] {
  return routes
    .filter((r) => r.url.startsWith(`${API_PREFIX}/`) && r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .filter((r) => !doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase() as 'get' | 'post' | 'delete'])
    .map((r) => `${r.method} ${r.url}`);
}
