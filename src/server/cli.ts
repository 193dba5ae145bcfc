/**
 * `wiretrace server …`: run the team corpus server and manage its tokens. Loaded lazily by the CLI, so
 * `wiretrace scan` never loads Fastify or PostgreSQL clients.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/errors';
import { DEFAULT_DATA_DIR } from './database';
import { exportCommand } from './export';
import { startServer } from './start';
import { tokenCommand } from './token-cli';

export const SERVER_USAGE = `  wiretrace server start [--data DIR | --db URL] [--host 127.0.0.1] [--port 8787]
                        [--rate-limit N] [--max-body-mb N]
      Run the team corpus server. Without --db it runs its own PostgreSQL in DIR (default ${DEFAULT_DATA_DIR}/).
  wiretrace server token create NAME [--role reader|writer|admin] [--data DIR | --db URL]
  wiretrace server token list [--data DIR | --db URL]
  wiretrace server token revoke NAME [--data DIR | --db URL]
      API tokens: readers query, writers also add articles, admins also delete. A token is printed once.
  wiretrace server export [--data DIR | --db URL] [--out FILE]
      Every article as JSON Lines (stdout without --out), which \`wiretrace import\` reads back.
`;

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export async function serverMain(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      db: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      role: { type: 'string', default: 'reader' },
      'rate-limit': { type: 'string' },
      'max-body-mb': { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  if (values.data && values.db) throw new UsageError('give --data DIR or --db URL, not both');
  if (values.db && !/^postgres(ql)?:\/\//.test(values.db)) throw new UsageError(`--db must be a postgres:// URL, got "${values.db}"`);
  const target = { data: values.data, db: values.db };
  const [command, ...rest] = positionals;
  switch (command) {
    case 'start':
      if (rest.length > 0) throw new UsageError(`server start takes no arguments, got "${rest.join(' ')}"`);
      return startServer(target, {
        host: values.host,
        port: wholeNumber('port', values.port, 8787, 0, 65535),
        rateLimit: wholeNumber('rate-limit', values['rate-limit'], 1200, 1, 10_000_000),
        maxBodyBytes: wholeNumber('max-body-mb', values['max-body-mb'], 64, 1, 1024) * 1024 * 1024,
      });
    case 'token':
      return tokenCommand(target, rest, { role: values.role, json: values.json });
    case 'export':
      if (rest.length > 0) throw new UsageError(`server export takes no arguments, got "${rest.join(' ')}" (use --out FILE)`);
      return exportCommand(target, values.out);
    default:
      throw new UsageError(command ? `unknown server command "${command}" (try start, token or export)` : 'server needs a command: start, token or export');
  }
}
