/**
 * Lookup latency in the background, from the CheckTimings of the page checks:
 * - warm: the worker has the index in memory (checks that neither loaded the index nor came from the cache);
 * - cold: the service worker was just stopped (CDP ServiceWorker.stopAllWorkers), so the check starts the
 *   worker, opens IndexedDB and loads the index snapshot before scanning.
 * Lookup = index (generation read, or snapshot load) + page analysis + candidates + reading their records.
 */
import type { Page } from 'playwright-core';
import type { CheckTimings } from '../../src/shared/timings';
import type { Session } from './launch';
import { visitPage, type PageSample } from './page-latency';

export function lookupMs(c: CheckTimings): number {
  return c.indexMs + c.analyzeMs + c.candidatesMs + c.recordsMs;
}

/** Stops the worker before each page, then opens the page: its check is a cold one. */
export async function coldChecks(session: Session, page: Page, tabId: number, pages: Array<{ id: string; url: string }>, log: (m: string) => void): Promise<PageSample[]> {
  const out: PageSample[] = [];
  for (const p of pages) {
    const stopMs = await session.stopWorker();
    // Let the stop settle (the worker's process-side teardown), so that the next message really starts it.
    await new Promise((ok) => setTimeout(ok, 300));
    const s = await visitPage(session, page, tabId, p.id, p.url, true);
    const c = s.timings?.check;
    log(
      `  cold ${p.id.slice(0, 8)}: stop ${stopMs} ms; ${s.status}` +
        (s.timings && c ? `, round trip ${s.timings.checkMs.toFixed(0)} ms (worker ${c.totalMs.toFixed(0)}, index ${c.indexMs.toFixed(0)}${c.indexLoaded ? ' loaded' : ''})` : ''),
    );
    out.push(s);
  }
  return out;
}
