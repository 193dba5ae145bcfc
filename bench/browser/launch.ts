/// <reference types="chrome" />
/**
 * Chromium with the built extension for the browser benchmarks, launched by the shared launcher
 * (tools/browser/chromium.ts: the e2e tests' flags, every host but 127.0.0.1 fails to resolve at once):
 * precise `performance.memory`, an init script in every page that records long tasks and the JS heap's
 * peak, the service worker and its CDP controls, and the browser's processes (/proc) for their resident
 * memory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromiumContext, waitForExtension } from '../../tools/browser/chromium';

/** What the init script keeps in each page (main world): `window.__wtBench`. */
export interface PageProbe {
  longtasks: Array<{ start: number; duration: number }>;
  heapMax: number;
  heapNow: number;
}

/** Runs in every page before its own scripts (also under `script-src 'none'`: CDP injects it). */
function probeScript(): void {
  const w = window as unknown as { __wtBench?: PageProbe };
  if (w.__wtBench) return;
  const probe: PageProbe = { longtasks: [], heapMax: 0, heapNow: 0 };
  w.__wtBench = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no long task API */
  }
  // performance.memory is a new snapshot at each read: read it every time.
  const perf = performance as unknown as { memory?: { usedJSHeapSize: number } };
  if (perf.memory && location.protocol === 'chrome-extension:') {
    const sample = (): void => {
      probe.heapNow = perf.memory!.usedJSHeapSize;
      probe.heapMax = Math.max(probe.heapMax, probe.heapNow);
    };
    sample();
    setInterval(sample, 100);
  }
}

export interface Session {
  context: BrowserContext;
  extensionId: string;
  profileDir: string;
  /** Chromium's version. */
  version: string;
  extUrl(path: string): string;
  /** An extension page kept open to send messages and read IndexedDB as the extension. */
  hook(): Promise<Page>;
  /** Stops the extension's service worker (CDP ServiceWorker.stopAllWorkers) and waits until it is stopped. */
  stopWorker(): Promise<number>;
  /** The tab id of a page (brings it to the front). */
  tabIdOf(page: Page): Promise<number>;
  close(): Promise<void>;
}

export async function launch(extensionDir: string, profileDir: string, opts: { extension?: boolean } = {}): Promise<Session> {
  const withExtension = opts.extension ?? true;
  const context = await launchChromiumContext({ profileDir, extensionDir, extension: withExtension, extraArgs: ['--enable-precise-memory-info'] });
  await context.addInitScript(probeScript);
  let extensionId = '';
  if (withExtension) {
    try {
      extensionId = new URL((await waitForExtension(context, extensionDir)).url()).host;
    } catch (e) {
      await context.close();
      throw e;
    }
  }
  const extUrl = (path: string): string => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`;
  let hookPage: Page | null = null;
  let cdp: CDPSession | null = null;
  const status = new Map<string, string>();
  const hook = async (): Promise<Page> => {
    if (hookPage && !hookPage.isClosed()) return hookPage;
    hookPage = await context.newPage();
    await hookPage.goto(extUrl('manifest.json'));
    cdp = await context.newCDPSession(hookPage);
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) if (v.scriptURL.startsWith('chrome-extension://')) status.set(v.versionId, v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    return hookPage;
  };
  const stopWorker = async (): Promise<number> => {
    await hook();
    const t0 = Date.now();
    await cdp!.send('ServiceWorker.stopAllWorkers');
    while ([...status.values()].some((s) => s !== 'stopped')) {
      if (Date.now() - t0 > 10_000) throw new Error(`service worker did not stop: ${JSON.stringify([...status])}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return Date.now() - t0;
  };
  const tabIdOf = async (page: Page): Promise<number> => {
    const h = await hook(); // first: opening it would make it the active tab
    await page.bringToFront();
    // The hook is an extension page: tabs.query works there too (no url without the `tabs` permission, ids do).
    const ids = await h.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true })).map((t) => t.id));
    if (ids.length !== 1 || typeof ids[0] !== 'number') throw new Error(`could not tell which tab is ${page.url()}: ${JSON.stringify(ids)}`);
    return ids[0];
  };
  const version = context.browser()?.version() ?? 'unknown';
  return { context, extensionId, profileDir, version, extUrl, hook, stopWorker, tabIdOf, close: () => context.close() };
}

// ---------------------------------------------------------------------------------------------------------
// Process memory (/proc)

export interface ProcessMemory {
  /** Sum of the proportional set size (Pss; VmRSS when smaps_rollup is unreadable) of every browser process. */
  totalBytes: number;
  /** The largest extension renderer (`--extension-process`: the options page and the service worker). */
  extensionBytes: number;
  processes: number;
}

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** The browser's processes: the one whose command line names the profile, and all its descendants. */
export function browserProcesses(profileDir: string): number[] {
  const parent = new Map<number, number>();
  let root = -1;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = readProc(pid, 'stat');
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    parent.set(pid, ppid);
    if (root < 0) {
      const cmd = readProc(pid, 'cmdline') ?? '';
      if (cmd.includes(`--user-data-dir=${profileDir}`) && !cmd.includes('--type=')) root = pid;
    }
  }
  if (root < 0) return [];
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out;
}

function pss(pid: number): number {
  const rollup = readProc(pid, 'smaps_rollup');
  const m = rollup && /^Pss:\s+(\d+) kB/m.exec(rollup);
  if (m) return Number(m[1]) * 1024;
  const status = readProc(pid, 'status');
  const r = status && /^VmRSS:\s+(\d+) kB/m.exec(status);
  return r ? Number(r[1]) * 1024 : 0;
}

export function processMemory(profileDir: string): ProcessMemory {
  let totalBytes = 0;
  let extensionBytes = 0;
  const pids = browserProcesses(profileDir);
  for (const pid of pids) {
    const bytes = pss(pid);
    totalBytes += bytes;
    if ((readProc(pid, 'cmdline') ?? '').includes('--extension-process')) extensionBytes = Math.max(extensionBytes, bytes);
  }
  return { totalBytes, extensionBytes, processes: pids.length };
}

/** Samples processMemory every `everyMs` until stopped; keeps the peaks. */
export class MemorySampler {
  peak: ProcessMemory = { totalBytes: 0, extensionBytes: 0, processes: 0 };
  private timer: ReturnType<typeof setInterval>;

  constructor(profileDir: string, everyMs = 500) {
    const sample = (): void => {
      const m = processMemory(profileDir);
      this.peak = {
        totalBytes: Math.max(this.peak.totalBytes, m.totalBytes),
        extensionBytes: Math.max(this.peak.extensionBytes, m.extensionBytes),
        processes: Math.max(this.peak.processes, m.processes),
      };
    };
    sample();
    this.timer = setInterval(sample, everyMs);
  }

  stop(): ProcessMemory {
    clearInterval(this.timer);
    return this.peak;
  }
}
