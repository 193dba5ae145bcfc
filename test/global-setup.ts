/**
 * Runs once before the test workers start: extracts the AEB pages into the on-disk cache, so that the
 * test files using them (extraction F1, reuse golden test) do not each pay jsdom in parallel. The first run
 * takes minutes on 2 cores, so it says what it is doing and prints a progress line every PROGRESS_EVERY pages.
 */
import { loadAebPages } from './helpers/aeb-pages';

const PROGRESS_EVERY = 20;

export default function globalSetup(): void {
  const t0 = Date.now();
  const seconds = (): string => `${Math.round((Date.now() - t0) / 1000)} s`;
  const say = (line: string): void => void process.stderr.write(`[setup] ${line}\n`);
  process.stderr.write('\n');
  const pages = loadAebPages((done, total, cached) => {
    if (cached) return;
    if (done === 0) {
      say(`extracting the ${total} pages of the Article Extraction Benchmark with jsdom, once: about 1 to 4 minutes on`);
      say('2 cores; the result is cached in node_modules/.cache/wiretrace, so later runs skip this step');
    } else if (done % PROGRESS_EVERY === 0 || done === total) {
      say(`${done}/${total} pages extracted (${seconds()})`);
    }
  });
  say(`${pages.length} AEB pages ready in ${Date.now() - t0} ms`);
}
