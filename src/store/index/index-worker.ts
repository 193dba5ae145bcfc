/**
 * Entry point of the index worker that extension pages start for imports (see index-keeper.ts and
 * worker-index-keeper.ts). It opens the same database as the page, through its own connection.
 */
import { openDatabase } from '../idb/open-database';
import { serveIndexKeeper } from './index-keeper-server';
import type { PortLike } from './index-worker-protocol';

serveIndexKeeper(globalThis as unknown as PortLike, openDatabase);
