/**
 * The corpus store as extension pages open it: imports analyse and index in a dedicated Worker, so the
 * page stays responsive (see src/store/index/index-keeper.ts). Falls back to the page's own thread when the
 * worker cannot start.
 */
import type { CorpusStore } from '../../store/api';
import { LocalIndexKeeper } from '../../store/index/local-index-keeper';
import { openStore } from '../../store/open-store';
import { WorkerIndexKeeper, type WorkerLike } from '../../store/index/worker-index-keeper';

function startIndexWorker(): WorkerLike {
  // This exact form lets Vite bundle the worker as its own file in the extension.
  return new Worker(new URL('../../store/index/index-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

export function openPageStore(): Promise<CorpusStore> {
  return openStore({ keeper: (db, name) => new WorkerIndexKeeper(startIndexWorker, name, () => new LocalIndexKeeper(db)) });
}
