/**
 * A scan worker: loads the corpus from the shared bytes once, then scans the pages it is sent.
 * Protocol: main → worker `{ index, page }`; worker → main `{ index, result }`; `null` ends it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCorpus, type ScanOptions } from '@wiretrace/engine';
import { processPage } from './page';

export interface WorkerInit {
  corpus: SharedArrayBuffer;
  length: number;
  options: ScanOptions;
}

if (parentPort) {
  const port = parentPort;
  const init = workerData as WorkerInit;
  const { corpus } = readCorpus(new Uint8Array(init.corpus, 0, init.length));
  port.on('message', (msg: { index: number; page: string } | null) => {
    if (msg === null) {
      port.close();
      return;
    }
    void processPage(msg.page, corpus, init.options).then((result) => port.postMessage({ index: msg.index, result }));
  });
  port.postMessage({ ready: true });
}
