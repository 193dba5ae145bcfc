/**
 * The browser benchmark: `npm run bench:browser [-- options]`. Drives the built extension (dist/chrome-timings) in
 * Chromium with playwright-core: imports generated corpora through the options page, then reads the AEB pages
 * and times them. Markdown tables go to stdout (and to the "Browser benchmarks (npm run bench:browser)"
 * section of docs/benchmarks.md, with the chart docs/bench-browser.svg), progress to stderr.
 *
 *   --quick               sizes 1000,2000, one run, 20 pages, 2 cold checks (a CI smoke run, < 3 min); writes nothing unless --out
 *   --sizes 1000,10000,…  corpus sizes in articles (default 1000,10000,100000)
 *   --runs N              import runs per size for the median (default 3; sizes ≥ 50k get one run unless --runs-large)
 *   --runs-large N        import runs for sizes ≥ 50k (default 1)
 *   --pages N             AEB pages read per size (default: all 181)
 *   --cold N              cold checks per size (default 5)
 *   --timeout-min M       give up on an import after M minutes (default 15) and report what was reached
 *   --ext DIR             the unpacked extension (default dist/chrome-timings: built with --timings)
 *   --no-profile          no CPU profile of the first import run
 *   --out FILE            where to write the section (default docs/benchmarks.md; the chart goes next to it)
 *   --no-write            print only
 *   --keep-temp           keep the temporary folder (corpora, pages, profiles)
 *   --seed N              generator seed
 *   --raw FILE            where to save the raw measurements as JSON (default dist/bench/browser-results.json)
 *   --render FILE         measure nothing: render the report (and write it, unless --no-write) from a --raw file
 *   --patho-runs N        visits of each pathological page (1M words, 50k elements, just under the caps, mutating),
 *                         with and without the extension, for the medians (default 5; 3 with --quick; 0 skips them)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeAebSite } from '../../tools/browser/aeb-site';
import { serveDirectory } from '../../tools/browser/server';
import { DEFAULT_GENERATOR } from '../corpus-gen';
import { fmtBytes, fmtCount, fmtInt, fmtMs, fmtRate, machineInfo, renderMachine, renderTable, type Table } from '../report';
import { summarize } from '../stats';
import { chartSvg } from './chart';
import { CorpusWriter, loadAeb } from './corpus';
import { importThroughOptions, openOptions } from './import';
import { launch } from './launch';
import { coldChecks } from './lookup';
import { readabilityReference, visitPage, type ReadabilitySample } from './page-latency';
import {
  coldRoundTrip,
  goalRows,
  GOALS,
  importTable,
  longTaskTable,
  lookupTable,
  medianRate,
  pageTable,
  pageTotals,
  profileTable,
  storageTable,
  warmLookup,
  writeSection,
  type SizeResult,
} from './report';
import { snapshotParse, storageFigures } from './storage';
import { pathologicalRuns, pathoTable, type PathoResult } from './pathological';

const ROOT = process.cwd();

interface Config {
  quick: boolean;
  sizes: number[];
  runs: number;
  runsLarge: number;
  pages: number;
  cold: number;
  timeoutMs: number;
  ext: string;
  profile: boolean;
  out: string | null;
  keepTemp: boolean;
  seed: number;
  raw: string;
  render: string | null;
  pathoRuns: number;
}

/** Everything the report is made of (saved with --raw, read back with --render). */
interface Raw {
  cfg: Config;
  machine: ReturnType<typeof machineInfo>;
  chromiumVersion: string;
  aebArticles: number;
  pages: number;
  seconds: number;
  loadAtStart: number;
  loadAtEnd: number;
  command: string;
  ref: ReadabilitySample[];
  results: SizeResult[];
  /** The pathological pages (absent in runs saved before they were measured). */
  patho?: PathoResult[];
}

function log(msg: string): void {
  process.stderr.write(`[bench:browser ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function ints(value: string, name: string): number[] {
  const list = value.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`${name} expects positive integers, got "${value}"`);
  return list;
}

function config(argv: string[]): Config {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      sizes: { type: 'string' },
      runs: { type: 'string' },
      'runs-large': { type: 'string' },
      pages: { type: 'string' },
      cold: { type: 'string' },
      'timeout-min': { type: 'string' },
      ext: { type: 'string' },
      'no-profile': { type: 'boolean' },
      out: { type: 'string' },
      'no-write': { type: 'boolean' },
      'keep-temp': { type: 'boolean' },
      seed: { type: 'string' },
      raw: { type: 'string' },
      render: { type: 'string' },
      'patho-runs': { type: 'string' },
    },
  });
  const quick = v.quick ?? false;
  return {
    quick,
    sizes: ints(v.sizes ?? (quick ? '1000,2000' : '1000,10000,100000'), '--sizes').sort((a, b) => a - b),
    runs: ints(v.runs ?? (quick ? '1' : '3'), '--runs')[0],
    runsLarge: ints(v['runs-large'] ?? '1', '--runs-large')[0],
    pages: ints(v.pages ?? (quick ? '20' : '1000'), '--pages')[0],
    cold: ints(v.cold ?? (quick ? '2' : '5'), '--cold')[0],
    timeoutMs: Number(v['timeout-min'] ?? '15') * 60_000,
    ext: path.resolve(v.ext ?? 'dist/chrome-timings'),
    profile: !v['no-profile'],
    out: v['no-write'] ? null : (v.out ?? (quick ? null : 'docs/benchmarks.md')),
    keepTemp: v['keep-temp'] ?? false,
    seed: ints(v.seed ?? String(DEFAULT_GENERATOR.seed), '--seed')[0],
    raw: v.raw ?? 'dist/bench/browser-results.json',
    render: v.render ?? null,
    pathoRuns: v['patho-runs'] === '0' ? 0 : ints(v['patho-runs'] ?? (quick ? '3' : '5'), '--patho-runs')[0],
  };
}

async function main(): Promise<void> {
  const cfg = config(process.argv.slice(2));
  if (cfg.render) {
    const raw = JSON.parse(readFileSync(cfg.render, 'utf8')) as Raw;
    return render({ ...raw, cfg: { ...raw.cfg, out: cfg.out } });
  }
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const machine = machineInfo();
  if (!existsSync(path.join(cfg.ext, 'manifest.json'))) throw new Error(`${cfg.ext} has no manifest.json: build the extension first (node scripts/build-extension.mjs --timings)`);
  log(`${cfg.quick ? 'quick' : 'full'} run: sizes ${cfg.sizes.map(fmtCount).join(', ')}; extension ${cfg.ext}`);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wiretrace-bench-browser-'));
  const aeb = loadAeb(ROOT);
  const siteDir = path.join(tmp, 'site');
  const pageIds = aeb.ids.slice(0, cfg.pages);
  writeAebSite(siteDir, pageIds);
  // The pages' own scripts are blocked, as in the e2e test: offline, some would navigate away or hang.
  const server = await serveDirectory(siteDir, { htmlHeaders: { 'content-security-policy': "script-src 'none'" } });
  const pages = pageIds.map((id) => ({ id, url: server.url(`aeb/${id}.html`) }));
  // Cold checks on pages whose article is in the corpus (they have highlights), the rest warm.
  const coldPages = pages.filter((p) => aeb.inCorpus.has(p.id)).slice(0, cfg.cold);
  const warmPages = pages.filter((p) => !coldPages.includes(p));
  const results: SizeResult[] = [];
  let ref: ReadabilitySample[] = [];
  let patho: PathoResult[] | undefined;
  let chromiumVersion = 'unknown';

  try {
    log(`reference: Readability alone on ${pages.length} pages (no extension)`);
    {
      const profileDir = mkdtempSync(path.join(tmp, 'profile-ref-'));
      const plain = await launch(cfg.ext, profileDir, { extension: false });
      chromiumVersion = plain.version;
      ref = await readabilityReference(await plain.context.newPage(), ROOT, pages);
      await plain.close();
      rmSync(profileDir, { recursive: true, force: true });
      const s = summarize(ref.map((r) => r.totalMs));
      log(`  Readability alone: p50 ${fmtMs(s.p50)}, p95 ${fmtMs(s.p95)} (${ref.length} pages)`);
    }

    if (cfg.pathoRuns > 0) {
      log(`pathological pages: ${cfg.pathoRuns} run(s) each, with and without the extension`);
      patho = await pathologicalRuns({ root: ROOT, ext: cfg.ext, tmp, runs: cfg.pathoRuns, log });
    }

    const writer = new CorpusWriter(aeb, cfg.seed);
    for (const size of cfg.sizes) {
      const corpusDir = path.join(tmp, `corpus-${size}`);
      const corpus = writer.write(size, corpusDir);
      log(`${fmtCount(size)}: ${corpus.files.length} files, ${fmtBytes(corpus.bytes)} (${corpus.generated} generated, written in ${fmtMs(corpus.generateMs)})`);
      const runs = size >= 50_000 ? cfg.runsLarge : cfg.runs;
      const r: SizeResult = { articles: corpus.articles, corpus, imports: [], runsPlanned: runs, storageBefore: null, storageAfter: null, warm: [], cold: [] };
      results.push(r);
      for (let run = 0; run < runs; run++) {
        const profileDir = mkdtempSync(path.join(tmp, `profile-${size}-`));
        const session = await launch(cfg.ext, profileDir);
        try {
          const options = await openOptions(session);
          const before = await storageFigures(options);
          log(`  import run ${run + 1}/${runs}${run === 0 && cfg.profile ? ' (CPU-profiled)' : ''}…`);
          const imp = await importThroughOptions(session, options, corpus.files, corpus.articles, {
            timeoutMs: cfg.timeoutMs,
            profile: run === 0 && cfg.profile,
            extensionDir: cfg.ext,
            log,
          });
          r.imports.push(imp);
          log(
            `  import run ${run + 1}: ${imp.finished ? 'done' : 'NOT DONE'} in ${imp.seconds.toFixed(1)} s, ${fmtRate(imp.rate)} articles/s; ` +
              `long tasks ${imp.longtasks.over200} > 200 ms (max ${fmtMs(imp.longtasks.maxMs)}); heap peak ${fmtBytes(imp.heapPeakBytes)}; browser ${fmtBytes(imp.processes.totalBytes)}`,
          );
          const last = run === runs - 1 || !imp.finished;
          if (!last) continue;
          if (!imp.finished) {
            r.skipped = `the import did not finish within ${cfg.timeoutMs / 60_000} min (${fmtInt(imp.reached)} articles reached)`;
            break;
          }
          r.storageBefore = before;
          r.storageAfter = await storageFigures(options);
          r.parse = await snapshotParse(options, ROOT).catch((e: unknown) => {
            log(`  snapshot parse failed: ${String(e)}`);
            return null;
          });
          if (r.parse) log(`  snapshot: read ${fmtMs(r.parse.readMs)}, readCorpus ${fmtMs(r.parse.firstMs)} then ${fmtMs(r.parse.secondMs)}`);
          await options.close();
          log(`  storage: ${fmtBytes(r.storageAfter.usageBytes)} used, snapshot ${fmtBytes(r.storageAfter.snapshotBytes)}, records count() ${fmtMs(r.storageAfter.countMs ?? NaN)}`);
          const tab = await session.context.newPage();
          const tabId = await session.tabIdOf(tab);
          r.cold = await coldChecks(session, tab, tabId, coldPages, log);
          log(`  warm: ${warmPages.length} pages`);
          for (const p of warmPages) r.warm.push(await visitPage(session, tab, tabId, p.id, p.url, false));
          if (!r.warm.some((s) => s.timings)) log('  WARNING: no timings from the extension: is it built from this checkout with --timings (PageTimings in report-highlights)?');
          const w = warmLookup(r);
          const t = pageTotals(r);
          log(`  warm lookup p50 ${fmtMs(w.p50)} p95 ${fmtMs(w.p95)} (${w.n}); page to highlights p50 ${fmtMs(t.p50)} p95 ${fmtMs(t.p95)}; cold p50 ${fmtMs(coldRoundTrip(r).p50)}`);
        } finally {
          await session.close().catch(() => undefined);
          rmSync(profileDir, { recursive: true, force: true });
        }
      }
      if (!cfg.keepTemp) rmSync(corpusDir, { recursive: true, force: true });
    }
  } finally {
    await server.close();
    if (!cfg.keepTemp) rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }

  const raw: Raw = {
    cfg,
    machine,
    chromiumVersion,
    aebArticles: aeb.lines.length,
    pages: pages.length,
    seconds: (Date.now() - started) / 1000,
    loadAtStart,
    loadAtEnd: os.loadavg()[0],
    command: `npm run bench:browser${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    ref,
    results,
    patho,
  };
  mkdirSync(path.dirname(cfg.raw), { recursive: true });
  writeFileSync(cfg.raw, JSON.stringify(raw));
  log(`raw measurements in ${cfg.raw}`);
  render(raw);
}

function render(raw: Raw): void {
  const { cfg, machine, chromiumVersion, results, ref } = raw;
  const tables: Table[] = [importTable(results)];
  const prof = profileTable(results);
  if (prof) tables.push(prof);
  tables.push(storageTable(results), pageTable(results), longTaskTable(results, ref), lookupTable(results));
  if (raw.patho?.length) tables.push(pathoTable(raw.patho));
  const skipped = results.filter((r) => r.skipped).map((r) => `- ${fmtCount(r.articles)}: pages and lookups not measured: ${r.skipped}.`);
  const goals: Table = { title: 'Goals (this run)', columns: ['goal:', 'measured', 'met'], rows: goalRows(results) };
  const { seconds, command } = raw;
  const chartFile = cfg.out ? path.join(path.dirname(cfg.out), 'bench-browser.svg') : null;
  const body = [
    renderMachine(machine),
    `- Chromium ${chromiumVersion} (headless), playwright-core; extension: ${path.relative(ROOT, cfg.ext) || cfg.ext}`,
    `- Command: \`${command}\` (${cfg.quick ? 'quick' : 'full'} run, ${seconds.toFixed(0)} s in all)`,
    `- Load average (1 min) at start / end: ${raw.loadAtStart.toFixed(2)} / ${raw.loadAtEnd.toFixed(2)} (other processes on the machine slow wall-clock figures down)`,
    '',
    `Corpus: articles generated from the AEB ground-truth sentences (bench/corpus-gen.ts, as the Node benchmarks; 400–700 words each) plus the ${raw.aebArticles} ground-truth articles of every other AEB page (so that those pages have highlights), as JSON Lines files of up to 10,000 articles, imported through the options page. ` +
      `Pages: ${raw.pages} AEB pages served from 127.0.0.1 with \`script-src 'none'\` (every other host fails to resolve), one tab, one page after the other.`,
    ...(skipped.length ? ['', ...skipped] : []),
    '',
    ...tables.flatMap((t) => [renderTable(t), '']),
    ...(chartFile ? [`![Latency and import rate against corpus size](${path.basename(chartFile)})`, ''] : []),
    renderTable(goals),
  ].join('\n');
  process.stdout.write(`${body}\n`);

  if (cfg.out && chartFile) {
    const xs = results.map((r) => r.articles);
    const measured = results.filter((r) => r.warm.length);
    const svg = chartSvg(
      xs,
      {
        title: 'Latency',
        yLabel: 'milliseconds (log)',
        logY: true,
        series: [
          { label: 'warm lookup p50', color: '#1f77b4', points: measured.map((r) => [r.articles, warmLookup(r).p50]) },
          { label: 'warm lookup p95', color: '#1f77b4', dash: '5 3', points: measured.map((r) => [r.articles, warmLookup(r).p95]) },
          { label: 'page → highlights p50', color: '#2ca02c', points: measured.map((r) => [r.articles, pageTotals(r).p50]) },
          { label: 'page → highlights p95', color: '#2ca02c', dash: '5 3', points: measured.map((r) => [r.articles, pageTotals(r).p95]) },
          { label: 'cold check p50', color: '#d62728', points: measured.map((r) => [r.articles, coldRoundTrip(r).p50]) },
        ],
        rules: [
          { y: GOALS.warmP95Ms, label: `goal: warm p95 ≤ ${GOALS.warmP95Ms} ms` },
          { y: GOALS.coldMs, label: `goal: cold ≤ ${GOALS.coldMs} ms` },
        ],
      },
      {
        title: 'Import through the options page',
        yLabel: 'articles per second',
        logY: false,
        series: [
          { label: 'median of runs', color: '#9467bd', points: results.map((r) => [r.articles, medianRate(r)]) },
          { label: 'each run (incl. unfinished)', color: '#bbb', dotsOnly: true, points: results.flatMap((r) => r.imports.map((i): [number, number] => [r.articles, i.rate])) },
        ],
      },
      `WireTrace in Chromium ${chromiumVersion}, ${machine.cores} cores, ${machine.date.slice(0, 10)} (npm run bench:browser)`,
    );
    mkdirSync(path.dirname(chartFile), { recursive: true });
    writeFileSync(chartFile, svg);
    writeSection(cfg.out, body);
    log(`wrote ${cfg.out} and ${chartFile}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
