/**
 * Browsing, reading, deleting and exporting articles, and the OpenAPI document, against a real server and
 * PostgreSQL: GET /v1/articles/:id, paged GET /v1/articles?q=, DELETE (admin), `server export` → import into
 * a fresh server, GET /v1/openapi.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { analyze, type CorpusRecord } from '@wiretrace/engine';
import type { ArticleListResponse, ArticleResponse, ArticleSummary } from '../../src/server/api';
import { buildApp } from '../../src/server/app';
import { api, ndjson, runCli, startServer, type TestServer } from './harness';

jest.setTimeout(300_000);

let server: TestServer;
let reader: string;
let writer: string;
let admin: string;

/** A text of its own for each seed (ingest drops texts it already holds). */
const text = (seed: number) =>
  Array.from({ length: 60 }, (_, i) => `t${(seed * 7919 + i * 104729) % 9973}x${seed}`).join(' ') + '. The end of the story.';

const special = [
  { id: 'feed/2024#7 à ü', title: 'Rates rise 100% in a year', outlet: 'Wire_Service', published: '2024-05-01', byline: 'A. Writer' },
  { id: 'pct-decoy', title: 'Rates rise 100 times in a year', outlet: 'WireXService' },
  { id: 'under_score', title: 'The a_b test', outlet: 'Herald' },
  { id: 'under-decoy', title: 'The aXb test', outlet: 'Herald' },
  { id: 'quote-1', title: `O'Brien says "no"`, outlet: 'Times' },
  { id: 'bang!1', title: 'Bang! goes the budget', outlet: 'Times' },
  { id: 'x'.repeat(512), title: 'Longest id', outlet: 'Times' },
];
const records: CorpusRecord[] = [
  ...special.map((r, i) => ({ url: `https://example.com/${i}`, published: null, ...r, text: text(i) })),
  ...Array.from({ length: 30 }, (_, i) => ({ id: `bulk-${i}`, title: `Bulk story ${i}`, outlet: 'Gazette', url: null, published: '2024-06-02', text: text(100 + i) })),
];

const get = (route: string, token?: string) => api(server, route, { token });
const articleUrl = (id: string) => `/v1/articles/${encodeURIComponent(id)}`;

async function list(query: string, token = reader): Promise<ArticleListResponse> {
  const res = await get(`/v1/articles?${query}`, token);
  expect(res.status).toBe(200);
  return res.json();
}

async function allPages(query: string, limit: number): Promise<ArticleSummary[]> {
  const out: ArticleSummary[] = [];
  let after: string | null = '0';
  for (let pages = 0; after !== null; pages++) {
    expect(pages).toBeLessThan(100);
    const page: ArticleListResponse = await list(`${query}&limit=${limit}&after=${after}`);
    expect(page.articles.length).toBeLessThanOrEqual(limit);
    out.push(...page.articles);
    after = page.next;
  }
  return out;
}

beforeAll(async () => {
  server = await startServer();
  [reader, writer, admin] = await Promise.all([server.token('desk', 'reader'), server.token('bot', 'writer'), server.token('boss', 'admin')]);
  const res = await api(server, '/v1/articles', { method: 'POST', token: writer, body: ndjson(records), headers: { 'content-type': 'application/x-ndjson' } });
  expect(await res.json()).toMatchObject({ imported: records.length, skipped: 0 });
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe('GET /v1/articles/:id', () => {
  it("answers an article's metadata and inflated text, whatever characters its id has", async () => {
    for (const r of [records[0], records[6], records[8]]) {
      const res = await get(articleUrl(r.id), reader);
      expect(res.status).toBe(200);
      const body: ArticleResponse = await res.json();
      expect(body).toEqual({
        id: r.id,
        title: r.title,
        outlet: r.outlet,
        url: r.url,
        published: r.published,
        byline: r.byline ?? null,
        added: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        words: analyze(r.text).tokens.length,
        bytes: expect.any(Number),
        text: r.text,
      });
      expect(body.bytes).toBeGreaterThan(0);
      expect(body.bytes).toBeLessThan(Buffer.byteLength(r.text));
    }
  });

  it('answers 404 with a JSON message for an unknown id (and for ids no article can have), 401 without a token', async () => {
    for (const id of ['nope', 'bad\u0000id', 'y'.repeat(513)]) {
      const res = await get(articleUrl(id), reader);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: `no article with id ${JSON.stringify(id)}` });
    }
    expect((await get(articleUrl('bulk-1'))).status).toBe(401);
    expect((await get(articleUrl('bulk-1'), 'wt_unknown')).status).toBe(401);
  });
});

describe('GET /v1/articles', () => {
  it('pages through every article in import order, without gaps or repeats, and without texts', async () => {
    const pages = await allPages('', 7);
    expect(pages.map((a) => a.id)).toEqual(records.map((r) => r.id));
    for (const a of pages) expect(Object.keys(a).sort()).toEqual(['added', 'byline', 'bytes', 'id', 'outlet', 'published', 'title', 'url', 'words']);
    const first = await list('');
    expect(first.articles).toHaveLength(records.length);
    expect(first.next).toBeNull();
    const two = await list('limit=2');
    expect(two.articles.map((a) => a.id)).toEqual([records[0].id, records[1].id]);
    expect((await list(`limit=2&after=${two.next}`)).articles[0].id).toBe(records[2].id);
  });

  it('has a default page of 50 and at most 500', async () => {
    const extra = Array.from({ length: 20 }, (_, i) => ({ id: `more-${i}`, text: text(500 + i) }));
    await api(server, '/v1/articles', { method: 'POST', token: writer, body: ndjson(extra), headers: { 'content-type': 'application/x-ndjson' } });
    const page = await list('');
    expect(page.articles).toHaveLength(50);
    expect(page.next).not.toBeNull();
    expect((await list('limit=500')).articles).toHaveLength(records.length + extra.length);
    const deleted = await Promise.all(extra.map((r) => api(server, articleUrl(r.id), { method: 'DELETE', token: admin })));
    expect(deleted.map((r) => r.status)).toEqual(extra.map(() => 200));
  });

  it('matches q in the title, outlet or id case-insensitively, with %, _, ! and quotes taken literally', async () => {
    const ids = async (q: string) => (await allPages(`q=${encodeURIComponent(q)}`, 3)).map((a) => a.id);
    expect(await ids('%')).toEqual(['feed/2024#7 à ü']);
    expect(await ids('100%')).toEqual(['feed/2024#7 à ü']);
    expect(await ids('a_b')).toEqual(['under_score']);
    expect(await ids('_')).toEqual(['feed/2024#7 à ü', 'under_score']);
    expect(await ids(`o'brien SAYS "NO"`)).toEqual(['quote-1']);
    expect(await ids('bang!')).toEqual(['bang!1']);
    expect(await ids('wire_service')).toEqual(['feed/2024#7 à ü']);
    expect(await ids('À Ü')).toEqual(['feed/2024#7 à ü']);
    expect(await ids('BULK-2')).toEqual(['bulk-2', 'bulk-20', 'bulk-21', 'bulk-22', 'bulk-23', 'bulk-24', 'bulk-25', 'bulk-26', 'bulk-27', 'bulk-28', 'bulk-29']);
    expect(await ids(`'; DROP TABLE articles; --`)).toEqual([]);
    expect((await list('q=')).articles).toHaveLength(records.length);
  });

  it('refuses a bad limit, after or q with 400 and a clear message; 401 without a token', async () => {
    for (const [query, message] of [
      ['limit=0', /"limit" must be one whole number from 1 to 500/],
      ['limit=501', /"limit"/],
      ['limit=2.5', /"limit"/],
      ['after=abc', /"after" .*"next" of the previous page/],
      ['after=-1', /"after"/],
      ['q=a&q=b', /"q" must be given once/],
      [`q=${'z'.repeat(201)}`, /q is longer than 200 characters/],
      ['q=%00', /q contains a NUL character/],
      ['page=2', /unknown query parameter page/],
    ] as const) {
      const res = await get(`/v1/articles?${query}`, reader);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(message);
    }
    expect((await get('/v1/articles')).status).toBe(401);
  });
});

describe('DELETE /v1/articles/:id', () => {
  const victim = records[10];
  const keys = () => {
    const a = analyze(victim.text);
    return JSON.stringify({ fingerprints: [...a.fingerprints], passageKeys: [...a.passageKeys] });
  };
  const candidateIds = async () => {
    const res = await api(server, '/v1/candidates', { method: 'POST', token: reader, body: keys(), headers: { 'content-type': 'application/json' } });
    return ((await res.json()).candidates as { id: string }[]).map((c) => c.id);
  };
  const count = async () => (await (await get('/v1/health')).json()).articles;

  it('is for admins only (403 for readers and writers, 401 without a token)', async () => {
    for (const token of [reader, writer]) {
      const res = await api(server, articleUrl(victim.id), { method: 'DELETE', token });
      expect(res.status).toBe(403);
      expect((await res.json()).message).toMatch(/admin/);
    }
    expect((await api(server, articleUrl(victim.id), { method: 'DELETE' })).status).toBe(401);
    expect((await get(articleUrl(victim.id), reader)).status).toBe(200);
  });

  it('removes the article and its postings together; health, GET, the list and candidates follow', async () => {
    expect(await candidateIds()).toContain(victim.id);
    const before = await count();
    const [{ ord }] = await server.sql()`SELECT ord FROM articles WHERE id = ${victim.id}`;
    const res = await api(server, articleUrl(victim.id), { method: 'DELETE', token: admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: victim.id, articles: before - 1 });
    expect(await count()).toBe(before - 1);
    expect((await get(articleUrl(victim.id), reader)).status).toBe(404);
    expect((await allPages('', 50)).map((a) => a.id)).not.toContain(victim.id);
    expect(await candidateIds()).not.toContain(victim.id);
    const [left] = await server.sql()`
      SELECT (SELECT count(*) FROM fingerprint_postings WHERE ord = ${ord})::int AS fp, (SELECT count(*) FROM passage_postings WHERE ord = ${ord})::int AS pk`;
    expect(left).toEqual({ fp: 0, pk: 0 });
    const again = await api(server, articleUrl(victim.id), { method: 'DELETE', token: admin });
    expect(again.status).toBe(404);
    expect((await again.json()).message).toBe(`no article with id ${JSON.stringify(victim.id)}`);
  });
});

describe('server export', () => {
  it('writes JSON Lines that import into a fresh server as the same articles (ids, metadata, texts, order)', async () => {
    // More than one cursor batch (500 rows).
    const more: CorpusRecord[] = Array.from({ length: 620 }, (_, i) => ({ id: `late-${i}`, title: `Late ${i}`, outlet: null, url: null, published: null, text: text(1000 + i) }));
    const added = await api(server, '/v1/articles', { method: 'POST', token: writer, body: ndjson(more), headers: { 'content-type': 'application/x-ndjson' } });
    expect((await added.json()).imported).toBe(more.length);
    const file = path.join(server.tmp, 'export.jsonl');
    const exported = await runCli(['server', 'export', '--data', server.dir, '--out', file]);
    expect(exported.code).toBe(0);
    const kept = [...records.filter((r) => r.id !== records[10].id), ...more];
    expect(exported.stderr).toContain(`exported ${kept.length} articles`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual(kept.map(({ byline, ...r }) => (byline === undefined ? r : { ...r, byline })));
    const toStdout = await runCli(['server', 'export', '--data', server.dir]);
    expect(toStdout.stdout).toBe(readFileSync(file, 'utf8'));

    const fresh = await startServer();
    try {
      const token = await fresh.token('restore', 'admin');
      const imported = await runCli(['import', '--server', fresh.url, '--token', token, file]);
      expect(imported.code).toBe(0);
      const again = await runCli(['server', 'export', '--data', fresh.dir]);
      expect(again.stdout).toBe(toStdout.stdout);
      for (const r of [kept[0], kept[6]]) {
        const strip = ({ added: _a, ...rest }: ArticleResponse) => rest;
        const a: ArticleResponse = await (await get(articleUrl(r.id), reader)).json();
        const b: ArticleResponse = await (await api(fresh, articleUrl(r.id), { token })).json();
        expect(strip(b)).toEqual(strip(a));
      }
    } finally {
      await fresh.stop();
    }
  });

  it('refuses arguments other than its flags', async () => {
    const r = await runCli(['server', 'export', 'extra', '--data', server.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/server export takes no arguments/);
  });
});

describe('GET /v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document, without a token, listing every route with its role', async () => {
    const res = await get('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths as Record<string, Record<string, { 'x-wiretrace-role'?: string }>>).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => `${m.toUpperCase()} ${p} ${op['x-wiretrace-role'] ?? 'public'}`),
    );
    expect(ops.sort()).toEqual(
      [
        'DELETE /v1/articles/{id} admin',
        'GET /v1/articles reader',
        'GET /v1/articles/{id} reader',
        'GET /v1/health public',
        'GET /v1/openapi.json public',
        'POST /v1/articles writer',
        'POST /v1/candidates reader',
      ].sort(),
    );
  });

  it('covers every registered /v1 route: the app refuses to start with an undocumented one', async () => {
    // postgres() connects lazily: these apps never reach a database.
    const sql = postgres('postgres://nobody:none@127.0.0.1:9/none', { max: 1 });
    try {
      const app = await buildApp(sql, { version: 'test' });
      await expect(app.ready()).resolves.toBeDefined();
      await app.close();
      const extra = await buildApp(sql, { version: 'test' });
      extra.get('/v1/secret', async () => ({}));
      await expect(extra.ready()).rejects.toThrow('routes missing from the OpenAPI document (src/server/openapi.ts): GET /v1/secret');
      await extra.close();
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
