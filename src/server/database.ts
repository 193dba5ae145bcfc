/** The server's database: `--db URL`, or the embedded PostgreSQL in `--data DIR`. Migrated on open. */
import postgres, { type Sql } from 'postgres';
import { openEmbeddedDb, type OpenOptions } from './embedded-db';
import { migrate } from './migrate';

export const DEFAULT_DATA_DIR = '.wiretrace-server';

export interface DatabaseTarget {
  /** A postgres:// URL; wins over `data`. */
  db?: string;
  /** Folder of the embedded PostgreSQL (default DEFAULT_DATA_DIR). */
  data?: string;
}

export interface Database {
  sql: Sql;
  /** Where it is, with the password hidden, for messages. */
  where: string;
  close(): Promise<void>;
}

/** Opens a connection pool, migrating the schema. Closing it stops an embedded PostgreSQL this call started. */
export async function openDatabase(target: DatabaseTarget, opts: OpenOptions & { maxConnections?: number } = {}): Promise<Database> {
  const embedded = target.db ? null : await openEmbeddedDb(target.data ?? DEFAULT_DATA_DIR, opts);
  const url = target.db ?? embedded!.url;
  const sql = postgres(url, {
    max: opts.maxConnections ?? 10,
    onnotice: () => {},
    connection: { application_name: 'wiretrace' },
  });
  const where = embedded ? `embedded PostgreSQL in ${target.data ?? DEFAULT_DATA_DIR}` : url.replace(/:[^:@/]*@/, ':***@');
  try {
    await migrate(sql);
  } catch (e) {
    await sql.end({ timeout: 5 });
    await embedded?.stop();
    throw e;
  }
  return {
    sql,
    where,
    async close() {
      await sql.end({ timeout: 5 });
      await embedded?.stop();
    },
  };
}
