/** `wiretrace server start`: open (or create) the database, serve the API, stop cleanly on a signal. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../cli/version';
import { buildApp } from './app';
import { DEFAULT_DATA_DIR, openDatabase, type DatabaseTarget } from './database';
import { lockDataDir } from './server-lock';
import { onShutdown } from './shutdown';

export interface StartOptions {
  host: string;
  port: number;
  rateLimit: number;
  maxBodyBytes: number;
}

function log(msg: string): void {
  process.stderr.write(`wiretrace: ${msg}\n`);
}

export async function startServer(target: DatabaseTarget, opts: StartOptions): Promise<number> {
  let release: (() => Promise<void>) | null = null;
  if (!target.db) {
    const dir = path.resolve(target.data ?? DEFAULT_DATA_DIR);
    await mkdir(dir, { recursive: true, mode: 0o711 });
    release = await lockDataDir(dir);
  }
  // A PostgreSQL left running on DIR by a server that was killed is stopped and started afresh.
  const db = await openDatabase(target, { takeOver: true, log }).catch(async (e: unknown) => {
    await release?.();
    throw e;
  });
  let app: FastifyInstance | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      log('stopping…');
      await app?.close();
      await db.close();
      await release?.();
      log('stopped');
    })());
  onShutdown(stop);
  try {
    app = await buildApp(db.sql, { version: VERSION, rateLimit: opts.rateLimit, maxBodyBytes: opts.maxBodyBytes });
    await app.listen({ host: opts.host, port: opts.port });
  } catch (e) {
    await stop();
    throw e;
  }
  const { port } = app.server.address() as { port: number };
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  log(`database: ${db.where}`);
  process.stdout.write(`WireTrace server listening on http://${host}:${port}\n`);
  // Runs until a signal stops it (see shutdown.ts).
  await new Promise<void>(() => {});
  return 0;
}
