/**
 * Opening the corpus store (the front door callers use with api.ts): the database (idb/open-database.ts,
 * with its migrations), the clean-up of dead imports, and the store with its index keeper.
 */
import { DB_NAME, type CorpusStore } from './api';
import { IdbCorpusStore } from './corpus/idb-corpus-store';
import { openFailure } from './idb/errors';
import { openDatabase } from './idb/open-database';
import type { Db } from './idb/schema';
import type { IndexKeeper } from './index/index-keeper';
import { LocalIndexKeeper } from './index/local-index-keeper';
import { cleanUpImports } from './jobs/import-jobs';

export interface OpenStoreOptions {
  /** Database name (tests use their own); `wiretrace` by default. */
  name?: string;
  /**
   * Where the writer's working index lives: in this thread by default; extension pages pass a
   * `WorkerIndexKeeper` (see options.ts). Gets the open database and its name.
   */
  keeper?: (db: Db, name: string) => IndexKeeper;
}

/**
 * Opens (creating or migrating) the database and rolls back imports that died (their page or worker
 * went away: see `cleanUpImports`). Throws `StorageError`
 * with a plain-words message when IndexedDB cannot be used.
 */
export async function openStore(opts: OpenStoreOptions = {}): Promise<CorpusStore> {
  const name = opts.name ?? DB_NAME;
  const db = await openDatabase(name);
  try {
    await cleanUpImports(db);
  } catch (e) {
    db.close();
    throw openFailure(e);
  }
  return new IdbCorpusStore(db, opts.keeper ? opts.keeper(db, name) : new LocalIndexKeeper(db));
}
