/**
 * Runs once before the test workers start: extracts the AEB pages into the on-disk cache, so that the
 * test files using them (extraction F1, reuse golden test) do not each pay jsdom in parallel.
 */
import { loadAebPages } from './helpers/aeb-pages';

export default function globalSetup(): void {
  const t0 = Date.now();
  const pages = loadAebPages();
  process.stderr.write(`\n[setup] ${pages.length} AEB pages extracted or loaded from cache in ${Date.now() - t0} ms\n`);
}
