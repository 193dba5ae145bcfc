/**
 * Scan many pages on every core: the corpus is serialised once into shared memory, each worker loads it
 * and takes pages one at a time; results come back in the order the pages were given.
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type MemoryCorpus, type ScanOptions, writeCorpus } from '@wiretrace/engine';
import { processPage, type PageError, type PageReport } from './page';
import type { WorkerInit } from './scan-worker';

/** Below this many pages, workers cost more to start (each loads the corpus) than they save. */
export const MIN_PAGES_FOR_WORKERS = 8;

export type PageResult = PageReport | PageError;

export async function scanPages(
  pages: string[],
  corpus: MemoryCorpus,
  options: ScanOptions,
  emit: (result: PageResult, index: number) => void,
  /** The corpus as a .wtc file, when it was loaded from one: shared with the workers as it is. */
  fileBytes: Uint8Array | null = null,
  workers = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8)),
): Promise<void> {
  if (pages.length < MIN_PAGES_FOR_WORKERS || workers < 2) {
    for (let i = 0; i < pages.length; i++) emit(await processPage(pages[i], corpus, options), i);
    return;
  }
  // Texts deflated at level 1: this copy is read once, by the workers.
  const bytes = fileBytes ?? writeCorpus(corpus, { level: 1 });
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  const init: WorkerInit = { corpus: shared, length: bytes.length, options };
  const script = path.join(__dirname, 'scan-worker.cjs');

  const results = new Map<number, PageResult>();
  let nextToEmit = 0;
  let nextToSend = 0;
  const flush = (): void => {
    while (results.has(nextToEmit)) {
      emit(results.get(nextToEmit)!, nextToEmit);
      results.delete(nextToEmit++);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(workers, pages.length) }, () => {
      return new Promise<void>((resolve) => {
        const w = new Worker(script, { workerData: init });
        let current = -1;
        const send = (): void => {
          if (nextToSend >= pages.length) {
            w.postMessage(null);
            return;
          }
          current = nextToSend++;
          w.postMessage({ index: current, page: pages[current] });
        };
        w.on('message', (msg: { ready?: true; index?: number; result?: PageResult }) => {
          if (msg.ready) return send();
          results.set(msg.index!, msg.result!);
          flush();
          send();
        });
        w.on('error', (e) => {
          if (current >= 0 && !results.has(current)) results.set(current, { page: pages[current], error: `worker crashed: ${e.message}` });
          flush();
          process.stderr.write(`wiretrace: a scan worker failed (${e.message}); continuing without it\n`);
          resolve();
        });
        w.on('exit', () => resolve());
      });
    }),
  );
  flush();
  // Pages a failed worker never took are scanned here.
  for (let i = nextToSend; i < pages.length; i++) results.set(i, await processPage(pages[i], corpus, options));
  nextToSend = pages.length;
  flush();
}
