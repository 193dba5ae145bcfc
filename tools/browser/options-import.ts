/**
 * An import through the options page's "Import files" input, as a user does it: waits until the page
 * listens for files, chooses them, and waits for `#corpus-total` to show the expected total; when it does
 * not, says where the import stood (the page's texts, workers, locks and import jobs, and its events).
 */
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';

/** Imports `files` through `page` (an options page, closed at the end); returns the `#corpus-total` text. */
export async function importThroughOptions(page: Page, files: string[], expectTotal: RegExp | string): Promise<string> {
  const log: string[] = [];
  const t0 = Date.now();
  const note = (line: string) => log.push(`+${Date.now() - t0} ms ${line}`);
  page.on('console', (m) => note(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => note(`pageerror: ${e.message}`));
  page.on('worker', (w) => {
    note(`worker started: ${w.url()}`);
    w.on('close', () => note(`worker closed: ${w.url()}`));
  });
  try {
    const input = page.getByLabel('Import files', { exact: true });
    await importReady(page);
    await input.setInputFiles(files.map((f) => resolve(f)));
    const total = page.locator('#corpus-total');
    try {
      await total.filter({ hasText: expectTotal }).waitFor({ timeout: 60_000 });
    } catch (e) {
      // An import that never ends (seen in CI, not reproduced locally): say where it stood.
      throw new Error(`${(e as Error).message}\n--- options page at the timeout ---\n${await importDiagnosis(page)}\n--- events ---\n${log.join('\n')}`);
    }
    return (await total.textContent()) ?? '';
  } finally {
    await page.close();
  }
}

/** What an options page shows and holds while an import seems stuck: its texts, workers, locks and jobs. */
async function importDiagnosis(page: Page): Promise<string> {
  const lines: string[] = [];
  try {
    lines.push(`workers: ${page.workers().map((w) => w.url()).join(', ') || 'none'}`);
    const state = await page.evaluate(async () => {
      const text = (id: string) => document.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '(none)';
      const locks = await navigator.locks.query().catch((e: Error) => ({ error: e.message }));
      const jobs = await new Promise<unknown>((done) => {
        const open = indexedDB.open('wiretrace');
        open.onerror = () => done(`open failed: ${open.error?.message}`);
        open.onsuccess = () => {
          try {
            const req = open.result.transaction('imports').objectStore('imports').getAll();
            req.onsuccess = () => {
              done(req.result);
              open.result.close();
            };
            req.onerror = () => done(`read failed: ${req.error?.message}`);
          } catch (e) {
            done(`read failed: ${(e as Error).message}`);
          }
        };
        setTimeout(() => done('reading the imports store did not finish in 5 s'), 5_000);
      });
      return {
        status: text('import-status'),
        progress: text('import-progress-text'),
        progressHidden: document.getElementById('import-progress')?.hidden,
        total: text('corpus-total'),
        locks,
        jobs,
      };
    });
    lines.push(JSON.stringify(state, null, 1).slice(0, 4_000));
  } catch (e) {
    lines.push(`(could not read the page: ${(e as Error).message})`);
  }
  return lines.join('\n');
}

/**
 * Waits until the options page listens for files: its import controls are enabled once it has opened the
 * store (files chosen before then would go unheard; that race made CI imports "never finish").
 */
export async function importReady(page: Page): Promise<void> {
  await page.locator('#import-files:enabled').waitFor({ state: 'attached', timeout: 30_000 });
}
