/**
 * Test harness for the team corpus server: each test file starts one real server (`wiretrace server
 * start`, built CLI) with its own embedded PostgreSQL in a temp folder, on loopback ports, and stops it
 * after. Never a mock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';

export const root = path.join(__dirname, '..', '..');
export const bin = path.join(root, 'bin', 'wiretrace.cjs');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without blocking the test's event loop (servers and proxies run in it). */
export function runCli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export interface TestServer {
  url: string;
  dir: string;
  /** A temp folder for the test's own files (removed with the server's). */
  tmp: string;
  process: ChildProcess;
  stderr: () => string;
  /** Creates a token and returns it. */
  token(name: string, role?: 'reader' | 'writer' | 'admin'): Promise<string>;
  /** A direct connection to the server's PostgreSQL, for checks the API does not show. */
  sql(): Sql;
  stop(): Promise<number | null>;
}

export async function startServer(extraArgs: string[] = []): Promise<TestServer> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wiretrace-server-test-'));
  // As root, PostgreSQL runs as the "postgres" user, which must be able to enter the folder.
  chmodSync(tmp, 0o755);
  const dir = path.join(tmp, 'data');
  const child = spawn(process.execPath, [bin, 'server', 'start', '--data', dir, '--port', '0', ...extraArgs], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${stderr}`)), 180_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      const m = /WireTrace server listening on (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${stderr}`));
    });
  });
  let sql: Sql | null = null;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url,
    dir,
    tmp,
    process: child,
    stderr: () => stderr,
    async token(name, role = 'reader') {
      const r = await runCli(['server', 'token', 'create', name, '--role', role, '--data', dir]);
      if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`);
      return r.stdout.trim();
    },
    sql() {
      if (sql) return sql;
      const creds = JSON.parse(readFileSync(path.join(dir, 'server.json'), 'utf8'));
      const port = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
      sql = postgres({ host: '127.0.0.1', port, user: creds.user, password: creds.password, database: creds.database, max: 2, onnotice: () => {} });
      return sql;
    },
    async stop() {
      await sql?.end({ timeout: 5 });
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(tmp, { recursive: true, force: true });
      return code;
    },
  };
}

/** fetch against the server with an optional token. */
export function api(server: TestServer, route: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  return fetch(`${server.url}${route}`, { ...init, headers });
}

export function ndjson(records: object[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
