/** Opening the database itself: its name, version and migrations (schema.ts), with plain-words failures. */
import { openDB } from 'idb';
import { DB_NAME, SCHEMA_VERSION } from '../api';
import { blocked, openFailure, timedOut, unavailable } from './errors';
import { upgradeDatabase, type Db, type WireTraceDB } from './schema';

/**
 * How long opening may wait for another connection (an old WireTrace page during an update) to let go.
 * Past that the reader gets a message instead of a page that waits for ever.
 */
const OPEN_TIMEOUT_MS = 10_000;

/**
 * Opens (creating or migrating) the database alone: what the index worker needs. Throws `StorageError`
 * with a plain-words message when IndexedDB cannot be used.
 */
export async function openDatabase(name: string = DB_NAME): Promise<Db> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) throw unavailable('IndexedDB is not available here');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isBlocked = false;
  let gaveUp = false;
  try {
    const opening = openDB<WireTraceDB>(name, SCHEMA_VERSION, {
      upgrade: upgradeDatabase,
      blocked: () => {
        isBlocked = true;
      },
      // A newer WireTrace (after an update) wants to migrate: let it, this connection is outdated.
      blocking: (_current, _next, event) => (event.target as IDBDatabase).close(),
    });
    // A connection that opens after we gave up would stay open for nothing.
    opening.then((late) => gaveUp && late.close(), () => undefined);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        gaveUp = true;
        reject(isBlocked ? blocked() : timedOut(OPEN_TIMEOUT_MS / 1000));
      }, OPEN_TIMEOUT_MS);
    });
    return await Promise.race([opening, timeout]);
  } catch (e) {
    throw openFailure(e);
  } finally {
    clearTimeout(timer);
  }
}
