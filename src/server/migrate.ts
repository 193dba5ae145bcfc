/**
 * Versioned schema migrations: numbered SQL files (`migrations/NNN_name.sql`) applied in order on start,
 * all pending ones in one transaction, and recorded in `schema_migrations`. An advisory lock keeps two servers
 * starting on one database from applying the same migration twice.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from 'postgres';

/** Arbitrary constant naming the migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK = 0x77747263; // "wtrc"

export interface Migration {
  version: number;
  name: string;
  file: string;
}

/** The migrations folder: src/server/migrations, from the sources (tests) and from dist/cli (the bundle). */
export function migrationsDir(): string {
  return path.resolve(__dirname, '..', '..', 'src', 'server', 'migrations');
}

export async function listMigrations(dir = migrationsDir()): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const out: Migration[] = [];
  for (const file of files) {
    const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new Error(`migration file "${file}" is not named NNN_name.sql`);
    const version = Number(m[1]);
    if (out.length > 0 && out[out.length - 1].version === version) throw new Error(`two migrations numbered ${m[1]}`);
    out.push({ version, name: m[2], file: path.join(dir, file) });
  }
  return out;
}

/** Applies the pending migrations; returns the versions applied (empty when the schema was current). */
export async function migrate(sql: Sql, dir = migrationsDir()): Promise<number[]> {
  const migrations = await listMigrations(dir);
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`;
    const done = new Set((await tx<{ version: number }[]>`SELECT version FROM schema_migrations`).map((r) => r.version));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => v > newest);
    if (unknown.length > 0) {
      throw new Error(`the database has schema version ${Math.max(...unknown)}, newer than this WireTrace knows (${newest}): upgrade WireTrace`);
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.unsafe(await readFile(m.file, 'utf8'));
      await tx`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`;
      applied.push(m.version);
    }
    return applied;
  });
}

/** The schema version the database is at (0 before the first migration). */
export async function schemaVersion(sql: Sql): Promise<number> {
  const [row] = await sql<{ v: number | null }[]>`SELECT max(version) AS v FROM schema_migrations`;
  return row?.v ?? 0;
}
