/** The team corpus server's HTTP API against a real PostgreSQL: health, tokens and roles, CORS, rate limit, ingest. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { api, ndjson, runCli, startServer, type TestServer } from './harness';

// Token commands start a Node process each; slow on a busy machine.
jest.setTimeout(300_000);

let server: TestServer;
let writer: string;

beforeAll(async () => {
  server = await startServer(['--rate-limit', '40', '--max-body-mb', '1']);
  writer = await server.token('ingest-bot', 'writer');
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

const article = (id: string, text: string, extra: object = {}) => ({ id, title: `Title ${id}`, outlet: 'Wire', url: `https://example.com/${id}`, published: '2024-05-01', text, ...extra });
const words = (seed: number, n: number) => Array.from({ length: n }, (_, i) => `w${(seed * 7919 + i * 104729) % 5003}`).join(' ');

function post(token: string, body: string, contentType = 'application/x-ndjson') {
  return api(server, '/v1/articles', { method: 'POST', token, body, headers: { 'content-type': contentType } });
}

describe('health', () => {
  it('answers without a token with ok, the article count, the version and the schema', async () => {
    const res = await api(server, '/v1/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ ok: true, articles: expect.any(Number), version: '0.1.0', schema: 1 });
  });
});

describe('tokens and roles', () => {
  it('refuses a request without a token, with an unknown token, and with a malformed header (401)', async () => {
    const body = JSON.stringify({ fingerprints: [], passageKeys: [] });
    const headers = { 'content-type': 'application/json' };
    expect((await api(server, '/v1/candidates', { method: 'POST', body, headers })).status).toBe(401);
    expect((await api(server, '/v1/candidates', { method: 'POST', body, headers, token: 'wt_nope' })).status).toBe(401);
    const res = await api(server, '/v1/candidates', { method: 'POST', body, headers: { ...headers, authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('lets a reader query but not add articles (403); a writer adds', async () => {
    const reader = await server.token('reader-1', 'reader');
    const q = await api(server, '/v1/candidates', { method: 'POST', token: reader, body: JSON.stringify({ fingerprints: [1, 2], passageKeys: [] }), headers: { 'content-type': 'application/json' } });
    expect(q.status).toBe(200);
    expect(await q.json()).toMatchObject({ candidates: [], boilerplate: { fingerprints: [], passageKeys: [] } });
    const refused = await post(reader, ndjson([article('r-1', words(1, 40))]));
    expect(refused.status).toBe(403);
    expect((await refused.json()).message).toMatch(/writer/);
    expect((await post(writer, ndjson([article('r-1', words(1, 40))]))).status).toBe(200);
  });

  it('stores tokens hashed, lists them without the secret, and refuses a revoked token at once', async () => {
    const token = await server.token('temp', 'admin');
    expect(token).toMatch(/^wt_[A-Za-z0-9_-]{43}$/);
    const rows = await server.sql()`SELECT name, encode(hash, 'hex') AS hash FROM api_tokens WHERE name = 'temp'`;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(3));
    const list = await runCli(['server', 'token', 'list', '--json', '--data', server.dir]);
    expect(list.code).toBe(0);
    const names = list.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(names.map((t: any) => t.name)).toEqual(expect.arrayContaining(['ingest-bot', 'temp']));
    expect(list.stdout).not.toContain(token);
    const again = await runCli(['server', 'token', 'create', 'temp', '--data', server.dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already/);

    const health = { method: 'POST', token, body: JSON.stringify({ fingerprints: [], passageKeys: [] }), headers: { 'content-type': 'application/json' } };
    expect((await api(server, '/v1/candidates', health)).status).toBe(200);
    const revoke = await runCli(['server', 'token', 'revoke', 'temp', '--data', server.dir]);
    expect(revoke).toMatchObject({ code: 0, stdout: 'revoked temp\n' });
    expect((await api(server, '/v1/candidates', health)).status).toBe(401);
    expect((await runCli(['server', 'token', 'revoke', 'temp', '--data', server.dir])).code).toBe(1);
  });

  it('refuses a bad role and a bad name with a usage error', async () => {
    expect((await runCli(['server', 'token', 'create', 'x', '--role', 'root', '--data', server.dir])).code).toBe(2);
    const bad = await runCli(['server', 'token', 'create', 'has space', '--data', server.dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/token name/);
  });
});

describe('rate limit and CORS', () => {
  it('answers 429 with Retry-After once a token used its requests of the minute; other tokens go on', async () => {
    const busy = await server.token('busy', 'reader');
    const body = JSON.stringify({ fingerprints: [], passageKeys: [] });
    const init = { method: 'POST', body, headers: { 'content-type': 'application/json' } };
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 45; i++) {
      const res = await api(server, '/v1/candidates', { ...init, token: busy });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(statuses.slice(40)).toEqual([429, 429, 429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const other = await server.token('calm', 'reader');
    expect((await api(server, '/v1/candidates', { ...init, token: other })).status).toBe(200);
  });

  it('allows extension origins only', async () => {
    const preflight = (origin: string) =>
      api(server, '/v1/candidates', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://0c2d1d9e-8a4b-4e7f-9d3c-2b1a0f9e8d7c']) {
      const res = await preflight(origin);
      expect(res.status).toBeLessThan(300);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const origin of ['https://evil.example', 'http://127.0.0.1:8000', 'chrome-extension://x/../evil']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('POST /v1/articles', () => {
  it('adds good lines, lists bad ones by line number with the reason, and keeps nothing half-added', async () => {
    const body = [
      JSON.stringify(article('a-1', words(10, 60))),
      '{"id": "broken", "text": ',
      '',
      JSON.stringify({ id: 'a-2' }),
      JSON.stringify(article('a-3', words(11, 60), { title: 7 })),
      JSON.stringify(article('a-4', `nul\u0000inside ${words(12, 30)}`)),
      JSON.stringify(article('a-5', `lone \ud800 surrogate ${words(13, 30)}`)),
      JSON.stringify(article("a-6'; DROP TABLE articles; --", words(14, 60), { title: "O'Brien \"quoted\" \\ back" })),
      '[1, 2]',
    ].join('\n');
    const res = await post(writer, body);
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out).toMatchObject({ imported: 2, duplicates: 0, skipped: 6 });
    expect(out.issues.map((i: any) => i.line)).toEqual([2, 4, 5, 6, 7, 9]);
    expect(out.issues[0].reason).toMatch(/not valid JSON/);
    expect(out.issues[1].reason).toMatch(/"text"/);
    expect(out.issues[2].reason).toMatch(/"title" must be a string/);
    expect(out.issues[3].reason).toMatch(/NUL/);
    expect(out.issues[4].reason).toMatch(/surrogate/);
    const [row] = await server.sql()`SELECT title FROM articles WHERE id = ${"a-6'; DROP TABLE articles; --"}`;
    expect(row.title).toBe("O'Brien \"quoted\" \\ back");
  });

  it('is idempotent by text (case and whitespace aside) and reports a new text under a taken id, within a body and across bodies', async () => {
    const text = words(20, 80);
    const first = await (await post(writer, ndjson([article('d-1', text), article('d-2', text.toUpperCase()), article('d-1', words(21, 80))]))).json();
    expect(first).toMatchObject({ imported: 1, duplicates: 1, skipped: 0, idTaken: [3] });
    const again = await (await post(writer, ndjson([article('d-1', text), article('d-3', `  ${text.replace(/ /g, '\n ')} `), article('d-1', words(22, 80))]))).json();
    expect(again).toMatchObject({ imported: 0, duplicates: 2, idTaken: [3] });
  });

  it('answers 413 to a body over --max-body-mb and 415 to JSON', async () => {
    const big = ndjson([article('big', 'x '.repeat(600_000))]);
    expect((await post(writer, big)).status).toBe(413);
    expect((await post(writer, JSON.stringify(article('j', words(1, 20))), 'application/json')).status).toBe(415);
  });

  it('makes an article, its postings and the count visible together (one transaction per chunk)', async () => {
    const sql = server.sql();
    const records = Array.from({ length: 900 }, (_, i) => article(`bulk-${i}`, words(1000 + i, 80)));
    const ingest = post(writer, ndjson(records)).then((r) => r.json());
    let done = false;
    void ingest.finally(() => (done = true));
    const seen: number[] = [];
    while (!done) {
      const snapshot = await sql.begin('isolation level repeatable read', async (tx) => {
        const [{ n, stats }] = await tx`SELECT (SELECT count(*)::int FROM articles) AS n, (SELECT articles::int FROM corpus_stats) AS stats`;
        const [{ orphans }] = await tx`
          SELECT count(*)::int AS orphans FROM articles a
          WHERE a.id LIKE 'bulk-%' AND NOT EXISTS (SELECT 1 FROM fingerprint_postings p WHERE p.ord = a.ord)`;
        return { n, stats, orphans };
      });
      expect(snapshot.orphans).toBe(0);
      expect(snapshot.stats).toBe(snapshot.n);
      seen.push(snapshot.n);
    }
    expect(await ingest).toMatchObject({ imported: 900, duplicates: 0, skipped: 0 });
    const [{ fps }] = await sql`SELECT count(DISTINCT ord)::int AS fps FROM fingerprint_postings`;
    const [{ n }] = await sql`SELECT count(*)::int AS n FROM articles`;
    expect(fps).toBe(n);
    expect((await (await api(server, '/v1/health')).json()).articles).toBe(n);
  });
});

describe('server lifecycle', () => {
  it('refuses a second server on the same folder', async () => {
    const second = await runCli(['server', 'start', '--data', server.dir, '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already running/);
  });

  it('stops PostgreSQL and releases the folder on SIGTERM', async () => {
    const pid = path.join(server.dir, 'pg', 'postmaster.pid');
    expect(existsSync(pid)).toBe(true);
    server.process.kill('SIGTERM');
    await new Promise((r) => server.process.once('exit', r));
    expect(server.stderr()).toMatch(/stopped/);
    expect(existsSync(pid)).toBe(false);
    expect(existsSync(path.join(server.dir, 'server.pid'))).toBe(false);
  });
});
