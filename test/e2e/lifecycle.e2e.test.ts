/**
 * Worker and page lifecycle in Chromium, at a small scale (a few thousand articles): the MV3 service worker
 * can be stopped at any moment, and the options page that runs an import can be closed. The tests run in
 * order on one profile:
 *
 *  1. 2,000 articles imported through the options page's "Import files" input, with the service worker
 *     stopped in the middle: the import (which runs in the page, not the worker) finishes with the right total;
 *  2. the options page closed in the middle of an import: its job's Web Lock is released with the page, so
 *     reopening the page rolls the import back at once (no 30 s heartbeat wait) and the corpus is exactly
 *     what it was; importing again works;
 *  3. the service worker stopped while it is checking the demo article: the content script sends the check
 *     again (src/content/send-with-retry.ts), the worker starts again, and the page ends `done` with seed 000
 *     flagged. Cold-start latencies are logged (not asserted);
 *  4. a browser restart on the same profile: same corpus total, and a page check still right.
 *
 * How the worker is stopped (Chromium 156): a CDP session on an extension page (`context.newCDPSession`)
 * has the ServiceWorker domain for the extension's storage partition; `ServiceWorker.stopAllWorkers` stops
 * the extension's worker at once, and `ServiceWorker.workerVersionUpdated` reports its running status
 * (stopping, stopped, starting, running). Playwright does not report the restarted worker as a new
 * `serviceworker`, so after a stop these tests ask the background from extension pages only (never through
 * the harness's `serviceWorker` handle). "During" is made deterministic by waiting for the import's
 * progress line to show articles (with the options page's CPU throttled 4× so the import lasts seconds),
 * and for the tab's `checking` status in storage.session, then acting.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type { TabResults } from '../../src/shared/messages';
import { importReady, launchChromium, ROOT, serveDirectory, type ChromiumExtension, type StaticServer } from '../../tools/browser';

const DEMO_SOURCE = 'seed-000';
/** Articles in the first import (seed 000 of the demo corpus + generated ones) and in the second. */
const FIRST = 2_000;
// Large enough that the import is still running after its first batch is written: the page is CPU-throttled,
// but its index worker is not.
const SECOND = 5_000;
/** The options page's CPU slowed this much while something is done "during" an import. */
const THROTTLE = 4;

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * `n` distinct articles built from the AEB ground-truth bodies: four paragraphs from four different pages,
 * chosen by `(k, j)` so that every run makes the same files, with a numbered lead so no two texts are equal.
 */
function generatedArticles(n: number, offset: number, prefix: string): string[] {
  const truth = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/aeb/ground-truth.json'), 'utf8')) as Record<string, { articleBody?: string }>;
  const pages = Object.values(truth)
    .map((v) => (v.articleBody ?? '').split(/\n+/).filter((p) => p.trim().length > 40))
    .filter((ps) => ps.length >= 3);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i + offset;
    const paragraphs = [0, 1, 2, 3].map((j) => {
      const page = pages[(k * 7 + j * 31) % pages.length];
      return page[(k + j) % page.length];
    });
    out.push(
      JSON.stringify({
        id: `${prefix}-${i}`,
        title: `Report ${k}`,
        outlet: `Outlet ${k % 17}`,
        published: `2023-0${1 + (k % 9)}-1${k % 10}`,
        text: `Report number ${k}. ${paragraphs.join('\n\n')}`,
      }),
    );
  }
  return out;
}

/** What the worker and the tabs did, as the watcher saw it (browser clock, ms since the epoch). */
type TabEvent = { at: number; tab: number; status: string; highlighted: number };
type LifeEvent = { at: number; worker: string } | TabEvent;

/**
 * An extension page that watches without waking the worker: the worker's running status over CDP, and every
 * tab's results in storage.session (`tab:<id>`; extension pages may read the session area).
 */
interface Watcher {
  page: Page;
  cdp: CDPSession;
  events: LifeEvent[];
  /** Called on every tab status as it is written (node side, at once). `highlighted` follows `done` once drawn. */
  onTabStatus: ((tab: number, status: string) => void) | null;
  /** Stops the extension's service worker; resolves when it is stopped, with the time it was asked. */
  stopWorker(): Promise<number>;
  /** Waits for a tab status event after `since`. */
  waitForTab(until: (e: TabEvent) => boolean, timeoutMs?: number): Promise<TabEvent>;
  /** The database as it is, read without the store (so no clean-up runs), and the Web Locks held. */
  raw(): Promise<RawState>;
  clearResultsCache(): Promise<void>;
}

interface RawState {
  records: number;
  jobs: { id: string; state: string; error: string | null; rows: number }[];
  held: string[];
}

let dir: string;
let profileDir: string;
let server: StaticServer;
let ext: ChromiumExtension;
let watcher: Watcher;
let firstFile: string;
let secondFile: string;

async function startWatcher(): Promise<Watcher> {
  const page = await ext.context.newPage();
  await page.goto(ext.extensionUrl('manifest.json'));
  const cdp = await ext.context.newCDPSession(page);
  const events: LifeEvent[] = [];
  const origin = `chrome-extension://${ext.extensionId}/`;
  const w: Watcher = {
    page,
    cdp,
    events,
    onTabStatus: null,
    async stopWorker() {
      const asked = Date.now();
      await cdp.send('ServiceWorker.stopAllWorkers');
      const deadline = Date.now() + 10_000;
      while (!events.some((e) => 'worker' in e && e.worker === 'stopped' && e.at >= asked)) {
        if (Date.now() > deadline) throw new Error('the service worker did not stop');
        await new Promise((r) => setTimeout(r, 10));
      }
      return asked;
    },
    async waitForTab(until, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((e): e is TabEvent => 'tab' in e && until(e));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such tab status within ${timeoutMs} ms: ${JSON.stringify(events.slice(-20))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    raw: () =>
      page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((ok, fail) => {
          const req = indexedDB.open('wiretrace');
          req.onsuccess = () => ok(req.result);
          req.onerror = () => fail(req.error);
        });
        try {
          const tx = db.transaction(['records', 'imports']);
          const ask = <T>(r: IDBRequest<T>) => new Promise<T>((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => fail(r.error))));
          const records = await ask(tx.objectStore('records').count());
          const jobs = (await ask(tx.objectStore('imports').getAll())) as { id: string; state: string; error: string | null }[];
          const byImport = tx.objectStore('records').index('importId');
          const rows = await Promise.all(jobs.map((j) => ask(byImport.count(j.id))));
          const held = ((await navigator.locks.query()).held ?? []).map((l) => l.name ?? '');
          return { records, jobs: jobs.map((j, i) => ({ id: j.id, state: j.state, error: j.error, rows: rows[i] })), held };
        } finally {
          db.close();
        }
      }),
    clearResultsCache: () => page.evaluate(() => chrome.storage.session.remove('results-cache')),
  };
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.scriptURL.startsWith(origin)) events.push({ at: Date.now(), worker: v.runningStatus });
  });
  await cdp.send('ServiceWorker.enable');
  await page.exposeFunction('__wtTabStatus', (key: string, status: string, highlighted: number, at: number) => {
    const tab = Number(key.slice('tab:'.length));
    events.push({ at, tab, status, highlighted });
    w.onTabStatus?.(tab, status);
  });
  await page.evaluate(() => {
    const report = (window as unknown as { __wtTabStatus: (k: string, s: string, h: number, at: number) => void }).__wtTabStatus;
    chrome.storage.session.onChanged.addListener((changes) => {
      for (const [key, change] of Object.entries(changes)) {
        const value = change.newValue as { status?: unknown; highlighted?: unknown[] } | undefined;
        if (key.startsWith('tab:') && typeof value?.status === 'string') report(key, value.status, value.highlighted?.length ?? 0, Date.now());
      }
    });
  });
  return w;
}

/** Waits until the options page's progress line shows at least `n` articles imported. */
async function progressReaches(options: Page, n: number): Promise<string> {
  await options.waitForFunction(
    (min) => {
      const m = /^([\d,]+) article/.exec(document.querySelector('#import-progress-text')?.textContent ?? '');
      return m !== null && Number(m[1].replace(/,/g, '')) >= min;
    },
    n,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await options.locator('#import-progress-text').textContent()) ?? '';
}

/** Slows the page's CPU; the session stays attached (detaching would end the emulation) until the page closes. */
async function throttle(page: Page, rate: number): Promise<void> {
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

const importStatus = async (options: Page): Promise<string> => ((await options.locator('#import-status').textContent()) ?? '').replace(/\s+/g, ' ');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-lifecycle-'));
  const seed = readFileSync(join(ROOT, 'data/demo-corpus.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.includes(`"${DEMO_SOURCE}"`));
  if (!seed) throw new Error(`${DEMO_SOURCE} is not in data/demo-corpus.jsonl`);
  firstFile = join(dir, 'wire-a.jsonl');
  secondFile = join(dir, 'wire-b.jsonl');
  writeFileSync(firstFile, `${[seed, ...generatedArticles(FIRST - 1, 0, 'a')].join('\n')}\n`);
  writeFileSync(secondFile, `${generatedArticles(SECOND, 10_000, 'b').join('\n')}\n`);
  server = await serveDirectory(join(ROOT, 'data'));
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-profile-'));
  ext = await launchChromium({ profileDir });
  watcher = await startWatcher();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  for (const d of [dir, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

test(`${fmt(FIRST)} articles imported through "Import files", with the service worker stopped mid-import`, async () => {
  const options = await ext.openExtensionPage('src/ui/options/index.html');
  await options.locator('#corpus-total', { hasText: /^0 articles$/ }).waitFor({ timeout: 30_000 });
  await throttle(options, THROTTLE);
  const t0 = Date.now();
  await importReady(options);
  await options.getByLabel('Import files', { exact: true }).setInputFiles(firstFile);
  // Stopped as soon as the import shows its progress: the options page is throttled, but the index worker
  // that analyses is not, and it gets through 2,000 articles in about two seconds.
  await options.locator('#import-progress').waitFor({ state: 'visible', timeout: 30_000 });
  const at = (await options.locator('#import-progress-text').textContent()) ?? '';
  await watcher.stopWorker();
  // The worker was stopped while the import was running (it is still running now).
  expect(await options.locator('#import-progress').isVisible()).toBe(true);
  await options.locator('#corpus-total', { hasText: new RegExp(`^${fmt(FIRST)} articles$`) }).waitFor({ timeout: 90_000 });
  console.log(`[lifecycle] worker stopped at "${at}"; the import finished ${Date.now() - t0} ms after it started (CPU throttled ${THROTTLE}×)`);
  expect(await importStatus(options)).toMatch(new RegExp(`Imported ${fmt(FIRST)} articles`));
  const raw = await watcher.raw();
  expect(raw.records).toBe(FIRST);
  expect(raw.jobs).toEqual([expect.objectContaining({ state: 'done', rows: FIRST })]);
  expect(raw.held).toEqual([]);
  await options.close();
});

test('closing the options page mid-import: the import is rolled back as soon as the page is reopened; importing again works', async () => {
  let options = await ext.openExtensionPage('src/ui/options/index.html');
  await options.locator('#corpus-total', { hasText: new RegExp(`^${fmt(FIRST)} articles$`) }).waitFor({ timeout: 30_000 });
  await throttle(options, THROTTLE);
  await importReady(options);
  await options.getByLabel('Import files', { exact: true }).setInputFiles(secondFile);
  // Past the first write (a batch is written at 1,000 rows, or on the 2 s heartbeat, once the index worker
  // has analysed it), so uncommitted rows are on disk.
  const at = await progressReaches(options, 1_000);
  for (let tries = 0; tries < 300; tries++) {
    if ((await watcher.raw()).jobs.some((j) => j.state === 'running' && j.rows > 0)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await options.close();

  // What the dead page left: a running job, some of its rows, and no lock (the browser released it).
  const left = await watcher.raw();
  const dead = left.jobs.find((j) => j.state === 'running');
  console.log(`[lifecycle] options page closed at "${at}": ${dead?.rows ?? 0} uncommitted rows left, locks held: ${JSON.stringify(left.held)}`);
  expect(dead).toBeDefined();
  expect(dead!.rows).toBeGreaterThan(0);
  expect(left.held).toEqual([]);

  // Reopening the page opens the store, which rolls the job back at once (its heartbeat is seconds old: the
  // heartbeat rule alone would have waited 30 s).
  options = await ext.openExtensionPage('src/ui/options/index.html');
  await options.locator('#corpus-total', { hasText: /\barticles?$/ }).waitFor({ timeout: 30_000 });
  expect(await options.locator('#corpus-total').textContent()).toBe(`${fmt(FIRST)} articles`);
  const cleaned = await watcher.raw();
  expect(cleaned.records).toBe(FIRST);
  expect(cleaned.jobs.find((j) => j.id === dead!.id)).toMatchObject({ state: 'failed', rows: 0, error: expect.stringMatching(/undone/) });

  await importReady(options);
  await options.getByLabel('Import files', { exact: true }).setInputFiles(secondFile);
  await options.locator('#corpus-total', { hasText: new RegExp(`^${fmt(FIRST + SECOND)} articles$`) }).waitFor({ timeout: 90_000 });
  expect(await importStatus(options)).toMatch(new RegExp(`Imported ${fmt(SECOND)} articles`));
  expect((await watcher.raw()).records).toBe(FIRST + SECOND);
  await options.close();
});

/** Opens (or reloads) the demo article and returns the time navigation started. */
async function openDemo(page: Page | null): Promise<{ page: Page; started: number }> {
  const p = page ?? (await ext.context.newPage());
  const started = Date.now();
  if (page) await p.reload();
  else await p.goto(server.url('demo/index.html'));
  return { page: p, started };
}

function expectFlagged(results: TabResults): void {
  expect(results.status).toBe('done');
  expect(results.report!.matches[0].source.id).toBe(DEMO_SOURCE);
  expect(results.highlighted.length).toBeGreaterThan(0);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One try at stopping the worker while it checks the demo article (in a new tab). */
async function stopDuringCheck(): Promise<{ page: Page; tab: number; started: number; checkingAt: number; stoppedAt: number; stoppedEventAt: number; doneAt: number; hit: boolean }> {
  // A cold worker and no cached result: the check has to load the index, which leaves time to stop it.
  await watcher.clearResultsCache();
  await watcher.stopWorker();
  const stop: { asked: Promise<number> | null } = { asked: null };
  watcher.onTabStatus = (_tab, status) => {
    if (status === 'checking') stop.asked ??= watcher.stopWorker();
  };
  const from = Date.now();
  const demo = await openDemo(null);
  try {
    const checking = await watcher.waitForTab((e) => e.at >= from && e.status === 'checking');
    const done = await watcher.waitForTab((e) => e.at >= from && e.tab === checking.tab && e.status !== 'checking');
    const stoppedAt = await stop.asked!;
    const stopped = watcher.events.find((e) => 'worker' in e && e.worker === 'stopped' && e.at >= stoppedAt)!;
    const restarted = watcher.events.some((e) => 'worker' in e && e.worker === 'running' && e.at >= stopped.at && e.at <= done.at);
    // A hit: stopped after the check began and before it ended, and the answer came from a restarted worker.
    const hit = stoppedAt >= checking.at && stopped.at <= done.at && restarted;
    return { page: demo.page, tab: checking.tab, started: demo.started, checkingAt: checking.at, stoppedAt, stoppedEventAt: stopped.at, doneAt: done.at, hit };
  } finally {
    watcher.onTabStatus = null;
  }
}

test('the service worker stopped in the middle of a page check: the check is sent again and the page is flagged', async () => {
  // The stop is asked the moment the background writes the tab's `checking` status; on a busy machine the
  // check can still win the race, so up to three tries (each must end flagged all the same).
  let run = await stopDuringCheck();
  for (let attempt = 2; !run.hit && attempt <= 3; attempt++) {
    console.log(`[lifecycle] try ${attempt - 1}: the check ended ${run.stoppedEventAt - run.doneAt} ms before the worker stopped; again`);
    expectFlagged(await ext.waitForTabResults(run.tab, { until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) }));
    await run.page.close();
    run = await stopDuringCheck();
  }
  const demo = { page: run.page, started: run.started };
  const checking = { tab: run.tab };
  try {
    expect(run.hit).toBe(true);
    const results = await ext.waitForTabResults(run.tab, { timeoutMs: 30_000, until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) });
    expectFlagged(results);
    console.log(
      `[lifecycle] worker stopped ${run.stoppedAt - run.checkingAt} ms into a check: results ${run.doneAt - run.stoppedAt} ms after the stop ` +
        `(content-script retry + cold worker + index load); ${run.doneAt - run.started} ms from navigation`,
    );

    // Cold start against warm, same page, no cached result (so the check scans): navigation → results,
    // five of each. Each run waits for its highlights to be reported, so runs never overlap.
    const measure = async (cold: boolean): Promise<{ fromNavigation: number; fromStop: number }> => {
      await watcher.clearResultsCache();
      const stopped = cold ? await watcher.stopWorker() : 0;
      const nav = await openDemo(demo.page);
      // A warm worker answers quickly and writes no `checking` state first (only a check that loads the index,
      // or a slow one, does): the first state of the new check is either.
      const began = await watcher.waitForTab((e) => e.at >= nav.started && e.tab === checking.tab && (e.status === 'checking' || e.status === 'done'));
      const done = await watcher.waitForTab((e) => e.at >= began.at && e.tab === checking.tab && e.status === 'done');
      await watcher.waitForTab((e) => e.at >= done.at && e.tab === checking.tab && e.status === 'done' && e.highlighted > 0);
      return { fromNavigation: done.at - nav.started, fromStop: done.at - stopped };
    };
    const warm: number[] = [];
    const cold: number[] = [];
    const coldFromStop: number[] = [];
    for (let i = 0; i < 5; i++) {
      warm.push((await measure(false)).fromNavigation);
      const c = await measure(true);
      cold.push(c.fromNavigation);
      coldFromStop.push(c.fromStop);
    }
    console.log(
      `[lifecycle] demo page check, navigation → results (median of 5): warm worker ${median(warm)} ms [${warm.join(', ')}], ` +
        `cold worker ${median(cold)} ms [${cold.join(', ')}]; worker stop → results ${median(coldFromStop)} ms [${coldFromStop.join(', ')}]`,
    );
    expectFlagged(await ext.waitForTabResults(checking.tab, { until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) }));
  } finally {
    await demo.page.close();
  }
});

test('after a browser restart on the same profile, the corpus total and a page check are still right', async () => {
  const id = ext.extensionId;
  await ext.close();
  const t0 = Date.now();
  ext = await launchChromium({ profileDir });
  expect(ext.extensionId).toBe(id);
  const options = await ext.openExtensionPage('src/ui/options/index.html');
  await options.locator('#corpus-total', { hasText: new RegExp(`^${fmt(FIRST + SECOND)} articles$`) }).waitFor({ timeout: 30_000 });
  await options.close();
  const page = await ext.context.newPage();
  await page.goto(server.url('demo/index.html'));
  const tabId = await ext.tabIdOf(page);
  const results = await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) });
  expectFlagged(results);
  console.log(`[lifecycle] browser restart → demo page flagged: ${Date.now() - t0} ms`);
  await page.close();
});
