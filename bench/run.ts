/**
 * The Node benchmark suite: `npm run bench [-- options]`. Markdown tables go to stdout (and to the
 * "Node benchmarks (npm run bench)" section of docs/benchmarks.md), progress to stderr.
 *
 *   --quick                 small sizes, for a CI smoke run (< 2 min); does not write docs/ unless --out is given
 *   --sizes 1000,10000,…    corpus sizes of the index benchmark (default 1000,10000,100000)
 *   --pages N               test pages per size (default 500)
 *   --sim-docs N[,N…]       simulated corpus sizes (default: the largest real size, for calibration, and 1000000)
 *   --cli-docs N            articles in the CLI benchmark corpus (default 100000)
 *   --cli-pages N           pages scanned by the CLI benchmark (default 1000)
 *   --only a,b              run only some of: signatures, index, simulated, cli
 *   --no-compact            skip the compaction attempt of the simulated corpus
 *   --out FILE              where to write the report section (default docs/benchmarks.md)
 *   --no-write              print only
 *   --keep-temp             keep the CLI benchmark's temporary folder
 *   --seed N                generator seed
 *
 * Each option can also come from the environment: BENCH_QUICK=1, BENCH_SIZES, BENCH_PAGES, BENCH_SIM_DOCS,
 * BENCH_CLI_DOCS, BENCH_CLI_PAGES, BENCH_ONLY, BENCH_OUT, BENCH_SEED.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { cliGoalRow, cliTable, runCliBench, type CliOutcome, type CliOptions } from './cli';
import { CorpusGenerator, DEFAULT_GENERATOR, loadSentencePool, type SentencePool } from './corpus-gen';
import { buildTable, indexGoalRows, queryTable, runIndexSize, sizeTable, type IndexScaleOptions, type SizeResult } from './index-scale';
import { fmtBytes, fmtCount, fmtInt, fmtMs, fmtPct, machineInfo, renderMachine, renderTable, writeSection, type Table } from './report';
import { runSignatures, signatureGoalRow, signatureTable, type SignatureOptions } from './signatures';
import { runSimulated, simulatedTable, V8_MAX_PUSHED_ARRAY, type SimOutcome, type SimParams } from './simulated';
import { canGc, msSince } from './stats';
import { whatIfTable } from './what-if';
import { MAX_ORDINAL } from '@wiretrace/engine';

const STEPS = ['signatures', 'index', 'simulated', 'cli'] as const;
type Step = (typeof STEPS)[number];

interface Config {
  quick: boolean;
  sizes: number[];
  pages: number;
  simDocs: number[];
  cliDocs: number;
  cliPages: number;
  only: Set<Step>;
  compact: boolean;
  out: string | null;
  keepTemp: boolean;
  seed: number;
}

function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function numbers(value: string, name: string): number[] {
  const list = value.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`${name} expects positive integers, got "${value}"`);
  return list;
}

function config(argv: string[]): Config {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      sizes: { type: 'string' },
      pages: { type: 'string' },
      'sim-docs': { type: 'string' },
      'cli-docs': { type: 'string' },
      'cli-pages': { type: 'string' },
      only: { type: 'string' },
      'no-compact': { type: 'boolean' },
      out: { type: 'string' },
      'no-write': { type: 'boolean' },
      'keep-temp': { type: 'boolean' },
      seed: { type: 'string' },
    },
  });
  const env = process.env;
  const quick = values.quick ?? env.BENCH_QUICK === '1';
  const opt = (v: string | undefined, e: string | undefined, fallback: string): string => v ?? e ?? fallback;
  const sizes = numbers(opt(values.sizes, env.BENCH_SIZES, quick ? '1000,5000' : '1000,10000,100000'), '--sizes').sort((a, b) => a - b);
  const largest = sizes[sizes.length - 1];
  const only = new Set<Step>();
  for (const s of opt(values.only, env.BENCH_ONLY, STEPS.join(',')).split(',')) {
    if (!(STEPS as readonly string[]).includes(s.trim())) throw new Error(`--only: unknown step "${s}" (steps: ${STEPS.join(', ')})`);
    only.add(s.trim() as Step);
  }
  const outValue = values.out ?? env.BENCH_OUT;
  return {
    quick,
    sizes,
    pages: numbers(opt(values.pages, env.BENCH_PAGES, quick ? '100' : '500'), '--pages')[0],
    simDocs: numbers(opt(values['sim-docs'], env.BENCH_SIM_DOCS, quick ? `${largest},50000` : `${largest},1000000`), '--sim-docs'),
    cliDocs: numbers(opt(values['cli-docs'], env.BENCH_CLI_DOCS, quick ? '2000' : '100000'), '--cli-docs')[0],
    cliPages: numbers(opt(values['cli-pages'], env.BENCH_CLI_PAGES, quick ? '50' : '1000'), '--cli-pages')[0],
    only,
    compact: !values['no-compact'],
    out: values['no-write'] ? null : (outValue ?? (quick ? null : 'docs/benchmarks.md')),
    keepTemp: values['keep-temp'] ?? false,
    seed: numbers(opt(values.seed, env.BENCH_SEED, String(DEFAULT_GENERATOR.seed)), '--seed')[0],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Simulated corpus in a child process

/** Exponent b of df − 1 ∝ N^b between the two largest measured sizes (0 when unknown). */
function dfGrowth(rs: SizeResult[], pick: (r: SizeResult) => number): number {
  if (rs.length < 2) return 0;
  const [a, b] = rs.slice(-2);
  const da = pick(a) - 1;
  const db = pick(b) - 1;
  if (da <= 0 || db <= 0) return 0;
  return Math.min(1.5, Math.max(0, Math.log(db / da) / Math.log(b.docs / a.docs)));
}

function simParams(docs: number, rs: SizeResult[], cfg: Config): SimParams {
  const cal = rs[rs.length - 1];
  return {
    docs,
    queries: Math.min(500, cfg.pages),
    seed: cfg.seed,
    calibrationDocs: cal.docs,
    fingerprints: { counts: cal.fingerprintCounts, df: cal.fingerprintDf, dfGrowth: dfGrowth(rs, (r) => r.fingerprintDf.sharedMeanDf) },
    passages: { counts: cal.passageKeyCounts, df: cal.passageDf, dfGrowth: dfGrowth(rs, (r) => r.passageDf.sharedMeanDf) },
    compact: cfg.compact,
  };
}

function runSimChild(params: SimParams): Promise<SimOutcome> {
  const { fingerprints: _f, passages: _p, ...plain } = params;
  const outcome: SimOutcome = { params: plain };
  return new Promise((resolve) => {
    const child = fork(process.argv[1], ['--child-simulated'], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-20_000);
      process.stderr.write(chunk);
    });
    child.on('message', (msg: Partial<SimOutcome>) => Object.assign(outcome, msg));
    child.on('exit', (code, signal) => {
      if (code !== 0) {
        const fatal = /Fatal JavaScript invalid size error \d+|Reached heap limit|JavaScript heap out of memory|RangeError[^\n]*/.exec(stderr);
        outcome.failure = `${fatal ? fatal[0] : 'crashed'} (exit ${signal ?? code})`;
      }
      resolve(outcome);
    });
    child.send(params);
  });
}

async function childMain(): Promise<void> {
  const params = await new Promise<SimParams>((resolve) => process.once('message', (m) => resolve(m as SimParams)));
  const send = (o: Partial<SimOutcome>): Promise<void> =>
    new Promise((resolve) => {
      process.send?.(o, undefined, {}, () => resolve());
    });
  await runSimulated(params, send, log);
  process.disconnect?.();
}

// ---------------------------------------------------------------------------------------------------------

function scalingNotes(sims: SimOutcome[]): string[] {
  const big = sims.filter((s) => s.measurement).pop();
  const m = big?.measurement;
  const perDoc = m ? m.fingerprintKeys / m.docs : 110;
  const compaction = big?.compaction
    ? `at ${fmtCount(big.params.docs)} it took ${fmtMs(big.compaction.fingerprintsMs + big.compaction.passagesMs)} with a peak RSS of ${fmtBytes(big.compaction.peakRss)}`
    : big?.failure
      ? `at ${fmtCount(big.params.docs)} it aborted the process (${big.failure})`
      : 'it was not attempted';
  return [
    '**Where it stops scaling** (src/core/posting-table.ts):',
    `- \`compact()\` collects the distinct keys into a JS array (\`keys.push\`); V8 aborts the whole process (not a catchable ` +
      `exception: "Fatal JavaScript invalid size error") when such an array grows past ${fmtInt(V8_MAX_PUSHED_ARRAY)} elements. ` +
      `At ${perDoc.toFixed(0)} distinct fingerprint keys per document that is ≈${fmtInt(V8_MAX_PUSHED_ARRAY / perDoc)} documents ` +
      '(how many keys are distinct depends on the corpus, so a real 1M corpus may be on either side of it).',
    `- \`compact()\` also packs every posting into a Float64Array (8 bytes each) and sorts it; ${compaction}. ` +
      '`writeCorpus()` always compacts first, and `add()` compacts automatically (auto-compactions column above).',
    `- Ordinals are packed with the key into a float64 (key × 2^21 + ordinal): at most MAX_ORDINAL = ${fmtInt(MAX_ORDINAL)} ` +
      'documents ever added (removed ones included until ordinals are reused).',
  ];
}

async function main(): Promise<void> {
  if (process.argv.includes('--child-simulated')) return childMain();
  const cfg = config(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const loadAtStart = os.loadavg()[0];
  const machine = machineInfo();
  if (!canGc) log('warning: run with --expose-gc (npm run bench does) or memory figures are not meaningful');
  log(`${cfg.quick ? 'quick' : 'full'} run: steps ${[...cfg.only].join(', ')}; sizes ${cfg.sizes.map(fmtCount).join(', ')}`);
  const pool: SentencePool = loadSentencePool();
  log(`sentence pool: ${fmtInt(pool.sentences.length)} sentences from ${pool.articles} AEB articles (${pool.source})`);
  const gen = new CorpusGenerator(pool, { ...DEFAULT_GENERATOR, seed: cfg.seed });
  const tables: Table[] = [];
  const goals: string[][] = [];
  const emit = (t: Table): void => {
    tables.push(t);
    process.stdout.write(`${renderTable(t)}\n\n`);
  };

  if (cfg.only.has('signatures')) {
    const opts: SignatureOptions = cfg.quick
      ? { docs: 60, packagePasses: 3, ownPasses: 5, pairs: 100, seed: cfg.seed }
      : { docs: 300, packagePasses: 5, ownPasses: 25, pairs: 300, seed: cfg.seed };
    const docs = gen.generate(Math.max(opts.docs, 200));
    const r = runSignatures(docs, opts, log);
    emit(signatureTable(r, opts));
    goals.push(signatureGoalRow(r));
  }

  let sizes: SizeResult[] = [];
  const needIndex = cfg.only.has('index') || cfg.only.has('simulated');
  if (needIndex) {
    const opts: IndexScaleOptions = {
      sizes: cfg.only.has('index') ? cfg.sizes : [Math.min(10_000, cfg.sizes[cfg.sizes.length - 1])],
      pages: cfg.pages,
      warmupPages: cfg.quick ? 10 : 30,
      loadedPages: cfg.quick ? 30 : 100,
      dfSampleDocs: 2000,
      seed: cfg.seed,
    };
    sizes = opts.sizes.map((n, i) => runIndexSize(gen, n, opts, log, cfg.only.has('index') && i === opts.sizes.length - 1));
    if (cfg.only.has('index')) {
      emit(buildTable(sizes));
      emit(sizeTable(sizes));
      emit(queryTable(sizes));
      const largest = sizes[sizes.length - 1];
      if (largest.whatIf) emit(whatIfTable(largest.docs, largest.whatIf));
      goals.push(...indexGoalRows(sizes));
    }
  }

  const sims: SimOutcome[] = [];
  if (cfg.only.has('simulated')) {
    for (const n of [...new Set(cfg.simDocs)].sort((a, b) => a - b)) {
      log(`simulated ${fmtCount(n)}: starting child process`);
      sims.push(await runSimChild(simParams(n, sizes, cfg)));
    }
    const real = sizes[sizes.length - 1];
    const t = simulatedTable(sims, real ? { docs: real.docs, indexBytes: real.indexBytes, candidates: real.candidates, postingsVisited: real.postingsVisited } : null);
    t.notes = [...(t.notes ?? []), '', ...scalingNotes(sims)];
    emit(t);
    const last = sims[sims.length - 1];
    const label = `simulated ${fmtCount(last.params.docs)}`;
    if (last.measurement) goals.push([`${label}: candidates() p95 (no goal)`, fmtMs(last.measurement.candidates.p95), '–']);
    goals.push([
      `${label}: compact() (as add() and writeCorpus() run it) completes (no goal)`,
      last.compaction ? fmtMs(last.compaction.fingerprintsMs + last.compaction.passagesMs) : (last.failure ?? 'not attempted'),
      last.compaction ? '✅ yes' : last.failure ? '❌ no' : '–',
    ]);
  }

  let cli: CliOutcome | null = null;
  if (cfg.only.has('cli')) {
    const opts: CliOptions = { docs: cfg.cliDocs, pages: cfg.cliPages, seed: cfg.seed, keepTemp: cfg.keepTemp };
    cli = await runCliBench(gen, opts, log);
    if (!cli.ok) log(`cli: skipped: ${cli.reason}`);
    emit(cliTable(cli));
    goals.push(cliGoalRow(cli, opts));
  }
  if (goals.length > 0) emit({ title: 'Goals (this run)', columns: ['goal:', 'measured', 'met'], rows: goals });

  const totalMs = msSince(started);
  const g = gen.opts;
  const sample = gen.docs.slice(0, 1000);
  const sentencesPerDoc = sample.length ? sample.reduce((n, d) => n + d.starts.length, 0) / sample.length : 25;
  const header = [
    renderMachine(machine),
    `- Command: \`npm run bench${cfg.quick ? ' -- --quick' : ''}\` (${cfg.quick ? 'quick' : 'full'} run, ${fmtMs(totalMs)} in all)`,
    `- Load average (1 min) at start / end: ${loadAtStart.toFixed(2)} / ${os.loadavg()[0].toFixed(2)} ` +
      '(other processes running on the machine slow wall-clock figures down)',
    '',
    `Corpus: articles of ${g.minWords}–${g.maxWords} words generated (seeded, deterministic) from the ${fmtInt(pool.sentences.length)} ` +
      `sentences of the ${pool.articles} AEB ground-truth bodies. A sampled sentence keeps its real skeleton (function words, ` +
      `punctuation, quotes, length) while ${fmtPct(g.substituteRate, 0)} of its content words are replaced by content words of ` +
      `the same language drawn by frequency; ${fmtPct(g.verbatimRate, 0)} of sentences stay verbatim, and ` +
      `${fmtPct(g.copyRate, 0)} of articles copy 1–2 passages of 1–4 sentences from an earlier article (wire copy). ` +
      `Without the substitution each of the ${fmtInt(pool.sentences.length)} sentences would recur in ` +
      `~${fmtInt((100_000 * sentencesPerDoc) / pool.sentences.length)} of 100k articles, and every query would measure that.`,
  ].join('\n');
  const body = `${header}\n\n${tables.map(renderTable).join('\n\n')}\n`;
  if (cfg.out) {
    writeSection(cfg.out, body);
    log(`wrote ${cfg.out}`);
  }
  log(`done in ${fmtMs(totalMs)}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
