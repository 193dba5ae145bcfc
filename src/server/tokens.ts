/**
 * API tokens: `wt_` + 32 random bytes (base64url), shown once; only their SHA-256 is stored. A name has at
 * most one live token; revoked tokens stay in the table (with the time of revocation) and are refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';

export const ROLES = ['reader', 'writer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do: readers query, writers also add articles, admins also delete and manage. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export interface TokenInfo {
  name: string;
  role: Role;
  created: string;
  lastUsed: string | null;
}

export class TokenError extends Error {}

/** Creates a token for NAME and returns it (the only time it is seen). */
export async function createToken(sql: Sql, name: string, role: Role): Promise<string> {
  if (!NAME.test(name)) throw new TokenError(`token name "${name}" must be 1-64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit`);
  const token = `wt_${randomBytes(32).toString('base64url')}`;
  const rows = await sql`
    INSERT INTO api_tokens (name, role, hash) VALUES (${name}, ${role}, ${hashToken(token)})
    ON CONFLICT DO NOTHING RETURNING name`;
  if (rows.length === 0) throw new TokenError(`a token named "${name}" exists already: revoke it first`);
  return token;
}

export async function listTokens(sql: Sql): Promise<TokenInfo[]> {
  const rows = await sql<{ name: string; role: Role; created: Date; last_used: Date | null }[]>`
    SELECT name, role, created, last_used FROM api_tokens WHERE revoked IS NULL ORDER BY name`;
  return rows.map((r) => ({ name: r.name, role: r.role, created: r.created.toISOString(), lastUsed: r.last_used?.toISOString() ?? null }));
}

/** Revokes NAME's live token; false when there is none. */
export async function revokeToken(sql: Sql, name: string): Promise<boolean> {
  const rows = await sql`UPDATE api_tokens SET revoked = now() WHERE name = ${name} AND revoked IS NULL RETURNING name`;
  return rows.length > 0;
}

/** How often `last_used` is written (not on every request: queries stay read-only). */
const LAST_USED_EVERY_MS = 60_000;

/** The live token's name and role, or null for an unknown or revoked token. */
export async function findToken(sql: Sql, token: string): Promise<{ name: string; role: Role } | null> {
  const hash = hashToken(token);
  const [row] = await sql<{ name: string; role: Role; last_used: Date | null }[]>`
    SELECT name, role, last_used FROM api_tokens WHERE hash = ${hash} AND revoked IS NULL`;
  if (!row) return null;
  if (!row.last_used || Date.now() - row.last_used.getTime() > LAST_USED_EVERY_MS) {
    await sql`UPDATE api_tokens SET last_used = now() WHERE hash = ${hash}`;
  }
  return { name: row.name, role: row.role };
}
