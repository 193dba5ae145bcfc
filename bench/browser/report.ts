/**
 * The browser benchmark's tables, goals and its section of docs/benchmarks.md ("Browser benchmarks (npm run
 * bench:browser)"; every other section, the Node one included, is kept).
 */
import { fmtBytes, fmtCount, fmtInt, fmtMs, fmtPct, fmtRate, fmtRatio, met, writeSection as writeMarkdownSection, type Table } from '../report';
import { median, summarize, type Summary } from '../stats';
import type { CorpusFiles } from './corpus';
import type { ImportOutcome } from './import';
import { lookupMs } from './lookup';
import type { PageSample, ReadabilitySample } from './page-latency';
import { PHASES } from './profile';
import type { SnapshotParse, StorageFigures } from './storage';

export const SECTION_TITLE = 'Browser benchmarks (npm run bench:browser)';

export interface SizeResult {
  articles: number;
  corpus: CorpusFiles;
  imports: ImportOutcome[];
  /** Runs planned (fewer ran when the first did not finish). */
  runsPlanned: number;
  storageBefore: StorageFigures | null;
  storageAfter: StorageFigures | null;
  /** readCorpus of the snapshot in an extension page (absent in older raw files). */
  parse?: SnapshotParse | null;
  warm: PageSample[];
  cold: PageSample[];
  /** Why pages were not measured at this size. */
  skipped?: string;
}

/** Issue 4's goals: import ≥ 2,000 articles/s with no options-page task over 200 ms; page to highlights p95 ≤ 150 ms. */
export const GOALS = { warmP95Ms: 20, growth: 2, coldMs: 300, indexBytesPerArticle: 1000, importRate: 2000, importLongTaskMs: 200, pageP95Ms: 150 };

const p = (s: Summary): string => `${fmtMs(s.p50)} / ${fmtMs(s.p95)}`;
const finished = (r: SizeResult): ImportOutcome[] => r.imports.filter((i) => i.finished);

export function medianRate(r: SizeResult): number {
  const ok = finished(r);
  return ok.length ? median(ok.map((i) => i.rate)) : NaN;
}

/** Warm checks: fresh scans (not cached) that did not load the index. */
export function warmChecks(r: SizeResult): PageSample[] {
  return r.warm.filter((s) => s.timings && !s.timings.check.cached && !s.timings.check.indexLoaded);
}

export function warmLookup(r: SizeResult): Summary {
  return summarize(warmChecks(r).map((s) => lookupMs(s.timings!.check)));
}

export function pageTotals(r: SizeResult): Summary {
  return summarize(warmChecks(r).map((s) => s.timings!.totalMs));
}

export function coldRoundTrip(r: SizeResult): Summary {
  return summarize(r.cold.filter((s) => s.timings).map((s) => s.timings!.checkMs));
}

export function importTable(rs: SizeResult[]): Table {
  return {
    title: 'Import through the options page',
    columns: ['articles', 'JSONL', 'runs', 'import time', 'rate (articles/s)', 'long tasks (> 200 ms / all)', 'longest task', 'JS heap peak (options page)', 'browser memory peak (all / extension process)', 'status:'],
    rows: rs.map((r) => {
      const ok = finished(r);
      const last = r.imports[r.imports.length - 1];
      const all = r.imports;
      const runs = all.length < r.runsPlanned ? `${all.length} of ${r.runsPlanned}` : String(all.length);
      return [
        fmtCount(r.articles),
        `${r.corpus.files.length} file${r.corpus.files.length > 1 ? 's' : ''}, ${fmtBytes(r.corpus.bytes)}`,
        runs + (all.length === 1 ? ' (one run)' : ''),
        ok.length ? `${(median(ok.map((i) => i.seconds))).toFixed(1)} s` : `not done in ${last.seconds.toFixed(0)} s`,
        ok.length ? `**${fmtRate(medianRate(r))}** (${ok.map((i) => fmtRate(i.rate)).join(', ')})` : `${fmtRate(last.rate)} until stopped (${fmtInt(last.reached)} articles)`,
        all.map((i) => `${i.longtasks.over200} / ${i.longtasks.count}`).join(', '),
        fmtMs(Math.max(...all.map((i) => i.longtasks.maxMs))),
        fmtBytes(Math.max(...all.map((i) => i.heapPeakBytes))),
        `${fmtBytes(Math.max(...all.map((i) => i.processes.totalBytes)))} / ${fmtBytes(Math.max(...all.map((i) => i.processes.extensionBytes)))}`,
        last.status.slice(0, 140),
      ];
    }),
    notes: [
      'Each run: a fresh profile, the files set on the "Import files" input of the options page (the import starts at once), done when `#corpus-total` shows the count. ' +
        'Rate: articles / wall-clock seconds from choosing the files to the count shown; median of the runs (each in brackets). ' +
        'Long tasks: PerformanceObserver("longtask") in the options page during the import. JS heap: `performance.memory.usedJSHeapSize` of the options page (precise memory info), sampled every 100 ms when the page is free, so a peak inside a long task can be missed. ' +
        'Browser memory: Pss summed over all the browser\'s processes (/proc/*/smaps_rollup, every 500 ms), and the largest extension renderer (options page + service worker share it). The first run of each size is CPU-profiled (2 ms sampling).',
    ],
  };
}

export function profileTable(rs: SizeResult[]): Table | null {
  const withProfile = rs.filter((r) => r.imports[0]?.phases);
  if (withProfile.length === 0) return null;
  const totals = withProfile.map((r) => PHASES.reduce((s, ph) => s + r.imports[0].phases![ph], 0));
  return {
    title: 'Where the import\'s time goes (options page main thread, CPU profile of the first run)',
    columns: ['phase:', ...withProfile.map((r) => `${fmtCount(r.articles)}${r.imports[0].finished ? '' : ' (not finished)'}`)],
    rows: [
      ...PHASES.map((ph) => [ph, ...withProfile.map((r, i) => `${fmtMs(r.imports[0].phases![ph])} (${fmtPct(r.imports[0].phases![ph] / totals[i], 0)})`)]),
      ['**profiled wall time**', ...totals.map((t) => fmtMs(t))],
    ],
    notes: [
      'Each CPU sample is attributed by its stack: `writeCorpus` on the stack = the commit\'s snapshot (its `compact()` shown apart), `compact` = auto-compaction inside `add()`, `analyze` = analysis; otherwise the deepest frame of our code by its source module (the unminified build keeps a `// src/...` marker per module). ' +
        '"idle" is the page waiting: for IndexedDB transactions to complete (they run in the browser process) and for the time slicer\'s yields.',
    ],
  };
}

export function storageTable(rs: SizeResult[]): Table {
  return {
    title: 'Storage',
    columns: ['articles', 'usage after import', 'per article', 'index snapshot', 'per article', 'records (usage − snapshot) per article', 'JSONL per article', 'snapshot read (get + Blob bytes)', 'snapshot parse (readCorpus) first / again', 'records count()'],
    rows: rs
      .filter((r) => r.storageAfter)
      .map((r) => {
        const a = r.storageAfter!;
        const used = a.usageBytes - (r.storageBefore?.usageBytes ?? 0);
        const n = a.snapshotCount || r.articles;
        return [
          fmtCount(r.articles),
          fmtBytes(used),
          `${fmtInt(used / n)} B`,
          fmtBytes(a.snapshotBytes),
          `**${fmtInt(a.snapshotBytes / n)} B**`,
          `${fmtInt((used - a.snapshotBytes) / n)} B`,
          `${fmtInt(r.corpus.bytes / r.articles)} B`,
          fmtMs(a.snapshotReadMs),
          r.parse ? `${fmtMs(r.parse.firstMs)} / ${fmtMs(r.parse.secondMs)}` : '–',
          a.countMs !== undefined ? fmtMs(a.countMs) : '–',
        ];
      }),
    notes: [
      '`navigator.storage.estimate()` from an extension page before and after the import (the extension\'s origin: IndexedDB with LevelDB overhead and blob files); the snapshot is the `meta` row `index` (the engine\'s `.wtc` bytes without texts, stored as a Blob), its read (the get and the Blob\'s bytes) timed from an extension page. Snapshot parse: the engine\'s `readCorpus` on those bytes in an extension page (the core bundled with esbuild and evaluated over CDP), the first call with fresh code as in a just-started worker, then again: the worker\'s cold index load is about read + first parse (the records\' `count()` is shown for reference: loadIndex no longer runs it, the snapshot\'s generation is the check).',
    ],
  };
}

function component(samples: PageSample[], pick: (s: PageSample) => number): string {
  return p(summarize(samples.map(pick)));
}

export function pageTable(rs: SizeResult[]): Table {
  return {
    title: 'Page to highlights on the AEB pages (warm worker), p50 / p95',
    columns: ['articles', 'pages (with highlights)', '**document_idle → highlights drawn**', 'Readability (gate + extract)', 'messaging', 'lookup', 'alignment', 'highlighting (map + draw)', 'settings read (content)', 'worker: prepare', 'worker: publish'],
    rows: rs
      .filter((r) => r.warm.length)
      .map((r) => {
        const w = warmChecks(r);
        return [
          fmtCount(r.articles),
          `${w.length} (${w.filter((s) => s.highlighted > 0).length})`,
          `**${p(pageTotals(r))}**`,
          component(w, (s) => s.timings!.gateMs + s.timings!.extractMs),
          component(w, (s) => s.timings!.checkMs - s.timings!.check.totalMs),
          component(w, (s) => lookupMs(s.timings!.check)),
          component(w, (s) => s.timings!.check.alignMs),
          component(w, (s) => s.timings!.mapMs + s.timings!.drawMs),
          component(w, (s) => s.timings!.settingsMs),
          component(w, (s) => s.timings!.check.prepareMs),
          component(w, (s) => s.timings!.check.publishMs),
        ];
      }),
    notes: [
      'From the content script\'s start at document_idle to the boxes drawn, as the content script timed it (PageTimings, sent with report-highlights) with the background\'s own phases inside (CheckTimings in the check-page answer). ' +
        'Messaging: the check-page round trip minus the time the handler ran; the content script indexes the live page text while the check is out, so when that outlasts the handler the rest shows here (and not in highlighting). Lookup: page analysis, candidates, reading the candidates\' records from IndexedDB (the generation is read once, in prepare). Alignment: sources\' analysis (cached), alignment and attribution. ' +
        'Settings read: the content script\'s `storage.local` read before the gate. Worker prepare: settings (kept in memory), generation read and results-cache key (SHA-256) side by side, the cache lookup (in memory). Worker publish: from the scan\'s end to the answer (building the report); the bookkeeping (the tab\'s results in storage.session, the badge, the results cache\'s storage copy) runs after the answer, in the background, and is in none of these columns. Pages not found to be articles are not counted. Each percentile is of that column alone.',
    ],
  };
}

export function longTaskTable(rs: SizeResult[], ref: ReadabilitySample[]): Table {
  const block = (values: number[]): string => {
    const s = summarize(values);
    return `${fmtMs(s.p50)} / ${fmtMs(s.p95)} / ${fmtMs(s.max)}`;
  };
  const over = (values: number[]): string => String(values.filter((v) => v >= 50).length);
  return {
    title: 'The page\'s main thread: Readability and what the extension adds',
    columns: ['articles', 'pages', 'extraction block p50 / p95 / max', 'pages where it is ≥ 50 ms', 'map block p50 / p95 / max', 'pages where it is ≥ 50 ms', 'long tasks the page observed (during runs / all)'],
    rows: [
      ...rs
        .filter((r) => r.warm.length)
        .map((r) => {
          const w = warmChecks(r);
          const ex = w.map((s) => s.timings!.gateMs + s.timings!.extractMs);
          const map = w.map((s) => s.timings!.mapMs);
          const seen = w.some((s) => s.pageLongtasks !== undefined) ? String(w.reduce((n, s) => n + (s.pageLongtasks ?? 0), 0)) : '–';
          return [fmtCount(r.articles), String(w.length), block(ex), over(ex), block(map), over(map), `${w.reduce((n, s) => n + s.longtasks.length, 0)} / ${seen}`];
        }),
      ['reference: Readability alone, no extension', String(ref.length), block(ref.map((r) => r.totalMs)), over(ref.map((r) => r.totalMs)), '–', '–', '–'],
    ],
    notes: [
      'Extraction block: the content script\'s one synchronous stretch from the gate (site switch, size cap, `isProbablyReaderable`) through Readability on a clone, the extension\'s own text and metadata extraction (src/extract/extract-article.ts) and the re-check baseline; nothing else runs on the page\'s main thread meanwhile, so when it is ≥ 50 ms it is a long task. ' +
        'Map block: mapping the spans onto the live page (indexing the visible text and tokenizing the article in 12 ms slices, then one synchronous pass over the tokens) plus building the Ranges (chunked), so an upper bound of the longest task; drawing happens in an animation frame afterwards (in "highlighting" above). ' +
        `Reference: the same pages in a Chromium without the extension, \`isProbablyReaderable(document)\` + \`document.cloneNode(true)\` + \`new Readability(clone).parse()\` evaluated over CDP (Readability.js 0.6.0): ` +
        `readerable p50 ${fmtMs(median(ref.map((r) => r.readerableMs)))}, clone p50 ${fmtMs(median(ref.map((r) => r.cloneMs)))}, parse p50 ${fmtMs(median(ref.map((r) => r.parseMs)))} / p95 ${fmtMs(summarize(ref.map((r) => r.parseMs)).p95)}. ` +
        'Long tasks observed: a PerformanceObserver("longtask") in the page\'s main world (injected before the page\'s scripts) sees the page\'s own long tasks, but in Chromium 156 it reported none of the content script\'s (or of CDP-evaluated code), even on pages whose extraction block took 50–100 ms: the blocks are timed by the content script itself instead.',
    ],
  };
}

export function lookupTable(rs: SizeResult[]): Table {
  return {
    title: 'Lookup latency in the background',
    columns: ['articles', 'warm checks', '**warm lookup p50 / p95**', 'analyze / candidates / records p50', 'warm: whole handler p50 / p95', 'cold checks', '**cold: check round trip p50 / max**', 'cold: index load p50', 'cold: worker prepare (store open) p50', 'cold: alignment p50', 'cold: worker handler p50'],
    rows: rs
      .filter((r) => r.warm.length || r.cold.length)
      .map((r) => {
        const w = warmChecks(r).map((s) => s.timings!.check);
        const c = r.cold.filter((s) => s.timings).map((s) => s.timings!);
        const cr = summarize(c.map((t) => t.checkMs));
        return [
          fmtCount(r.articles),
          String(w.length),
          `**${p(summarize(w.map(lookupMs)))}**`,
          `${fmtMs(median(w.map((x) => x.analyzeMs)))} / ${fmtMs(median(w.map((x) => x.candidatesMs)))} / ${fmtMs(median(w.map((x) => x.recordsMs)))}`,
          p(summarize(w.map((x) => x.totalMs))),
          `${c.length} (${c.filter((t) => t.check.indexLoaded).length} loaded the index)`,
          `**${fmtMs(cr.p50)} / ${fmtMs(cr.max)}**`,
          fmtMs(median(c.map((t) => t.check.indexMs))),
          fmtMs(median(c.map((t) => t.check.prepareMs))),
          fmtMs(median(c.map((t) => t.check.alignMs))),
          fmtMs(median(c.map((t) => t.check.totalMs))),
        ];
      }),
    notes: [
      'Warm: every AEB page checked with the index in memory (CheckTimings: fresh scans that neither loaded the index nor came from the results cache). Lookup = page analysis + candidates + one IndexedDB transaction for the candidates\' records (the generation read, done once per check, is in the worker\'s prepare). ' +
        'Cold: before each of these pages the service worker is stopped (CDP `ServiceWorker.stopAllWorkers`, waited until stopped); the check round trip seen by the content script then includes starting the worker, opening IndexedDB, reading and parsing the index snapshot (index load), and the scan with no source analysis cached (alignment). Worker prepare on a cold worker includes opening IndexedDB (the first store access).',
    ],
  };
}

export function goalRows(rs: SizeResult[]): string[][] {
  const rows: string[][] = [];
  const measured = rs.filter((r) => warmChecks(r).length > 0);
  const largest = measured[measured.length - 1];
  if (largest) {
    const w = warmLookup(largest);
    rows.push([`warm lookup p95 ≤ ${GOALS.warmP95Ms} ms at ${fmtCount(largest.articles)}`, fmtMs(w.p95), met(w.p95 <= GOALS.warmP95Ms)]);
  }
  const at = (n: number): SizeResult | undefined => measured.find((r) => r.articles === n);
  const [a, b] = [at(10_000), at(100_000)];
  if (a && b) {
    const g50 = warmLookup(b).p50 / warmLookup(a).p50;
    const g95 = warmLookup(b).p95 / warmLookup(a).p95;
    rows.push([`warm lookup growth 10k→100k ≤ ${GOALS.growth}×`, `p50 ${fmtRatio(g50)}, p95 ${fmtRatio(g95)}`, met(g95 <= GOALS.growth && g50 <= GOALS.growth)]);
  } else if (measured.length >= 2) {
    const [x, y] = measured.slice(-2);
    rows.push([
      `warm lookup growth ${fmtCount(x.articles)}→${fmtCount(y.articles)} (goal is for 10k→100k)`,
      `p50 ${fmtRatio(warmLookup(y).p50 / warmLookup(x).p50)}, p95 ${fmtRatio(warmLookup(y).p95 / warmLookup(x).p95)}`,
      '–',
    ]);
  }
  for (const r of rs.filter((x) => x.cold.some((s) => s.timings))) {
    const c = coldRoundTrip(r);
    rows.push([`cold start (first check after the worker stopped) ≤ ${GOALS.coldMs} ms at ${fmtCount(r.articles)}`, `p50 ${fmtMs(c.p50)}, max ${fmtMs(c.max)}`, met(c.p50 <= GOALS.coldMs)]);
  }
  for (const r of rs.filter((x) => x.storageAfter)) {
    const per = r.storageAfter!.snapshotBytes / (r.storageAfter!.snapshotCount || r.articles);
    rows.push([`index ≤ 1 KB per article at ${fmtCount(r.articles)}`, `${fmtInt(per)} B`, met(per <= GOALS.indexBytesPerArticle)]);
  }
  for (const r of rs) {
    const ok = finished(r);
    rows.push([
      `import rate ≥ ${fmtCount(GOALS.importRate)} articles/s at ${fmtCount(r.articles)}`,
      ok.length ? `${fmtRate(medianRate(r))} articles/s` : `did not finish (${fmtInt(r.imports[r.imports.length - 1]?.reached ?? 0)} articles)`,
      ok.length ? met(medianRate(r) >= GOALS.importRate) : met(false),
    ]);
    if (ok.length) {
      const longest = Math.max(...ok.map((i) => i.longtasks.maxMs));
      rows.push([`no options-page task over ${GOALS.importLongTaskMs} ms during the import at ${fmtCount(r.articles)}`, `longest ${fmtMs(longest)}`, met(longest <= GOALS.importLongTaskMs)]);
    }
  }
  for (const r of measured) {
    const t = pageTotals(r);
    rows.push([`page to highlights p95 ≤ ${GOALS.pageP95Ms} ms at ${fmtCount(r.articles)}`, `p50 ${fmtMs(t.p50)}, p95 ${fmtMs(t.p95)}`, met(t.p95 <= GOALS.pageP95Ms)]);
  }
  return rows;
}

/** Replace (or append) this benchmark's section of docs/benchmarks.md, keeping the Node benchmarks' section. */
export function writeSection(file: string, body: string): void {
  writeMarkdownSection(file, body, SECTION_TITLE);
}
