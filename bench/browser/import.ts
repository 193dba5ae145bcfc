/**
 * An import through the options page, as a user does it: the files go to the "Import files" input (the import
 * starts when they are chosen), and it is done when `#corpus-total` shows the new count. Measured around it:
 * wall clock, long tasks on the options page (init script, PerformanceObserver), the page's JS heap peak
 * (`performance.memory`, precise), the browser processes' memory (/proc, Pss), and optionally a CPU profile.
 */
import type { Page } from 'playwright-core';
import { MemorySampler, type PageProbe, type ProcessMemory, type Session } from './launch';
import { phaseTimes, startProfile, stopProfile, type PhaseTimes } from './profile';

export interface ImportOutcome {
  articles: number;
  files: number;
  /** False when the count did not show within the time limit (or the import failed). */
  finished: boolean;
  /** Articles in the corpus (or imported so far, from the progress line) when it stopped. */
  reached: number;
  seconds: number;
  rate: number;
  /** The options page's summary line (or the progress line when it did not finish). */
  status: string;
  longtasks: { count: number; over200: number; maxMs: number; totalMs: number };
  heapPeakBytes: number;
  processes: ProcessMemory;
  phases: PhaseTimes | null;
}

const digits = (s: string | null | undefined): number => Number((s ?? '').replace(/[^0-9]/g, '') || 0);

/** Opens the options page and waits for its first figures. */
export async function openOptions(session: Session): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(session.extUrl('src/ui/options/index.html'));
  await page.waitForFunction(() => /\d/.test(document.querySelector('#corpus-total')?.textContent ?? ''), undefined, { timeout: 30_000 });
  return page;
}

export async function importThroughOptions(
  session: Session,
  page: Page,
  files: string[],
  expected: number,
  opts: { timeoutMs: number; profile: boolean; extensionDir: string; log: (m: string) => void },
): Promise<ImportOutcome> {
  const cdp = await session.context.newCDPSession(page);
  if (opts.profile) await startProfile(cdp);
  const sampler = new MemorySampler(session.profileDir);
  const pageT0 = await page.evaluate(() => {
    const probe = (window as unknown as { __wtBench: PageProbe }).__wtBench;
    probe.heapMax = probe.heapNow;
    return performance.now();
  });
  const t0 = Date.now();
  await page.getByLabel('Import files', { exact: true }).setInputFiles(files);
  let finished = true;
  const progress = setInterval(() => {
    void page
      .locator('#import-progress-text')
      .textContent({ timeout: 1000 })
      .then((t) => opts.log(`  import: ${t ?? ''}`))
      .catch(() => undefined);
  }, 30_000);
  try {
    await page.waitForFunction(
      (n) => {
        const total = Number((document.querySelector('#corpus-total')?.textContent ?? '').replace(/[^0-9]/g, '') || 0);
        return total >= n || document.querySelector('#import-status .error') !== null;
      },
      expected,
      { polling: 100, timeout: opts.timeoutMs },
    );
  } catch {
    finished = false;
  } finally {
    clearInterval(progress);
  }
  const seconds = (Date.now() - t0) / 1000;
  const total = digits(await page.locator('#corpus-total').textContent());
  const summary = await page.locator('#import-status').innerText();
  const progressLine = (await page.locator('#import-progress-text').textContent().catch(() => '')) ?? '';
  if (total < expected) finished = false;
  const probe = await page.evaluate(() => (window as unknown as { __wtBench: PageProbe }).__wtBench);
  const tasks = probe.longtasks.filter((t) => t.start + t.duration >= pageT0);
  const pageEnd = await page.evaluate(() => performance.now());
  const big = tasks.filter((t) => t.duration > 200);
  if (big.length > 0) {
    opts.log(`  long tasks over 200 ms (s after the files were chosen / import took ${((pageEnd - pageT0) / 1000).toFixed(1)} s): ${big.map((t) => `${((t.start - pageT0) / 1000).toFixed(1)} s: ${Math.round(t.duration)} ms`).join(', ')}`);
  }
  const phases = opts.profile ? phaseTimes(await stopProfile(cdp), opts.extensionDir) : null;
  await cdp.detach().catch(() => undefined);
  const processes = sampler.stop();
  const reached = finished ? total : Math.max(total, digits(/[\d,]+/.exec(progressLine)?.[0]));
  return {
    articles: expected,
    files: files.length,
    finished,
    reached,
    seconds,
    rate: (finished ? expected : reached) / seconds,
    status: (finished ? summary : progressLine || summary).replace(/\s+/g, ' ').trim(),
    longtasks: {
      count: tasks.length,
      over200: tasks.filter((t) => t.duration > 200).length,
      maxMs: Math.max(0, ...tasks.map((t) => t.duration)),
      totalMs: tasks.reduce((s, t) => s + t.duration, 0),
    },
    heapPeakBytes: probe.heapMax,
    processes,
    phases,
  };
}
