/**
 * `wiretrace server export [--data DIR | --db URL] [--out FILE]`: every article as JSON Lines, in import
 * order, in the importers' `CorpusRecord` shape (so `wiretrace import --server` of the file rebuilds the same
 * corpus). Read with a cursor from one snapshot, so memory stays flat and the file is consistent while
 * ingests go on. With --out the file appears only when complete (written to FILE.partial, then renamed).
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Sql } from 'postgres';
import { toRecord, type RecordRow } from './article-text';
import { openDatabase, type DatabaseTarget } from './database';

/** Rows per cursor fetch. */
const BATCH = 500;

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes every article to `out` as JSON Lines; returns how many. */
export async function exportArticles(sql: Sql, out: Writable): Promise<number> {
  let n = 0;
  // postgres 3.4 awaits the callback's promise between batches but not after the last one, so the writes
  // are chained here and awaited once the cursor is done.
  let written = Promise.resolve();
  await sql.begin('isolation level repeatable read read only', async (tx) => {
    await tx<RecordRow[]>`SELECT id, title, outlet, url, published, byline, text_deflate FROM articles ORDER BY ord`.cursor(BATCH, (rows) => {
      const chunk = rows.map((r) => `${JSON.stringify(toRecord(r))}\n`).join('');
      n += rows.length;
      written = written.then(() => write(out, chunk));
      return written;
    });
  });
  await written;
  return n;
}

export async function exportCommand(target: DatabaseTarget, outFile: string | undefined): Promise<number> {
  const db = await openDatabase(target, { maxConnections: 1 });
  const partial = outFile ? `${outFile}.partial` : null;
  try {
    const out = partial ? createWriteStream(partial) : process.stdout;
    const n = await exportArticles(db.sql, out);
    if (partial) {
      out.end();
      await once(out, 'finish');
      renameSync(partial, outFile!);
    }
    process.stderr.write(`wiretrace: exported ${n} article${n === 1 ? '' : 's'} from ${db.where}${outFile ? ` to ${outFile}` : ''}\n`);
    return 0;
  } catch (e) {
    if (partial) rmSync(partial, { force: true });
    throw e;
  } finally {
    await db.close();
  }
}
