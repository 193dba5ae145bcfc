/** `wiretrace server token create|list|revoke`: works whether the server is running or not. */
import { UsageError } from '../cli/errors';
import { openDatabase, type DatabaseTarget } from './database';
import { createToken, isRole, listTokens, revokeToken, ROLES, TokenError } from './tokens';

export interface TokenFlags {
  role: string;
  json: boolean;
}

export async function tokenCommand(target: DatabaseTarget, args: string[], flags: TokenFlags): Promise<number> {
  const [action, name, ...extra] = args;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  if (action !== 'create' && action !== 'list' && action !== 'revoke') throw new UsageError('server token needs create NAME, list or revoke NAME');
  if (action !== 'list' && !name) throw new UsageError(`server token ${action} needs a NAME`);
  if (action === 'list' && name) throw new UsageError('server token list takes no NAME');
  if (!isRole(flags.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${flags.role}"`);
  // With the server running this attaches to its PostgreSQL; otherwise it starts it for the command.
  const db = await openDatabase(target, { maxConnections: 1 });
  try {
    if (action === 'create') {
      const token = await createToken(db.sql, name, flags.role);
      process.stderr.write(`wiretrace: token "${name}" (${flags.role}) created; it is shown once, keep it now:\n`);
      process.stdout.write(`${token}\n`);
    } else if (action === 'revoke') {
      if (!(await revokeToken(db.sql, name))) {
        process.stderr.write(`wiretrace: no live token named "${name}"\n`);
        return 1;
      }
      process.stdout.write(`revoked ${name}\n`);
    } else {
      const tokens = await listTokens(db.sql);
      if (flags.json) for (const t of tokens) process.stdout.write(`${JSON.stringify(t)}\n`);
      else {
        for (const t of tokens) process.stdout.write(`${t.name}\t${t.role}\tcreated ${t.created}\tlast used ${t.lastUsed ?? 'never'}\n`);
        if (tokens.length === 0) process.stderr.write('wiretrace: no tokens yet (create one with `wiretrace server token create NAME`)\n');
      }
    }
    return 0;
  } catch (e) {
    if (e instanceof TokenError) {
      process.stderr.write(`wiretrace: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await db.close();
  }
}
