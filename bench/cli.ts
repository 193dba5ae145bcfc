/**
 * Benchmark 4: the `wiretrace` CLI end to end. Writes the generated corpus as JSON Lines, builds a .wtc
 * with `wiretrace import`, writes test pages as .txt files and scans them all with one
 * `wiretrace scan --corpus corpus.wtc --json PAGE...`; recall comes from the JSON output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePages, subSeed, type CorpusGenerator } from './corpus-gen';
import { RecallTally, type ReportedMatches } from './recall';
import { fmtBytes, fmtCount, fmtInt, fmtMs, fmtPct, met, type Table } from './report';
import { msSince } from './stats';

export const CLI_PATH = 'dist/cli/wiretrace.cjs';
export const CLI_SCAN_GOAL_MS = 60_000;

export interface CliOptions {
  docs: number;
  pages: number;
  seed: number;
  keepTemp: boolean;
}

export interface CliResult {
  docs: number;
  pages: number;
  jsonlBytes: number;
  importMs: number;
  wtcBytes: number;
  scanMs: number;
  /** What the CLI itself logged on stderr: corpus load and scanning times. */
  loadMsLogged: number | null;
  scanMsLogged: number | null;
  pageErrors: number;
  recall: number;
  recallPassages: number;
  recallCoverage: number;
  peakRssMb: number | null;
}

export type CliOutcome = { ok: true; result: CliResult } | { ok: false; reason: string };

interface Run {
  code: number | null;
  ms: number;
  stderr: string;
  peakRssMb: number | null;
}

/** Run `node CLI args…` with stdout to a file; wall-clock time, stderr, and peak RSS when /usr/bin/time exists. */
function runCli(args: string[], stdoutFile: string, log: (m: string) => void): Promise<Run> {
  const out = openSync(stdoutFile, 'w');
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const cmd = timeBin ?? process.execPath;
  const argv = timeBin ? ['-f', 'WIRETRACE_BENCH_MAXRSS_KB=%M', process.execPath, CLI_PATH, ...args] : [CLI_PATH, ...args];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, argv, { stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      for (const line of chunk.split('\n')) if (/^wiretrace: (corpus|scanned|imported \d+0000 )/.test(line)) log(`cli: ${line.slice(11)}`);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(out);
      const rss = /WIRETRACE_BENCH_MAXRSS_KB=(\d+)/.exec(stderr);
      resolve({ code, ms: msSince(start), stderr, peakRssMb: rss ? Number(rss[1]) / 1024 : null });
    });
  });
}

/** Is the CLI built and does it look like the one this benchmark expects? */
export function cliAvailable(): { ok: true } | { ok: false; reason: string } {
  if (!existsSync(CLI_PATH)) return { ok: false, reason: `${CLI_PATH} does not exist (run \`npm run build:cli\`)` };
  const help = spawnSync(process.execPath, [CLI_PATH, '--help'], { encoding: 'utf8' });
  if (help.status !== 0) return { ok: false, reason: `\`${CLI_PATH} --help\` exited with ${help.status}` };
  if (!/\bimport\b/.test(help.stdout) || !/\bscan\b/.test(help.stdout) || !/--json/.test(help.stdout)) {
    return { ok: false, reason: `\`${CLI_PATH} --help\` does not list import, scan and --json` };
  }
  return { ok: true };
}

export async function runCliBench(gen: CorpusGenerator, opts: CliOptions, log: (m: string) => void): Promise<CliOutcome> {
  const available = cliAvailable();
  if (!available.ok) return available;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wiretrace-bench-'));
  try {
    const docs = gen.generate(opts.docs);
    const jsonl = path.join(dir, 'corpus.jsonl');
    const fd = openSync(jsonl, 'w');
    for (let i = 0; i < docs.length; i += 1000) {
      writeSync(fd, docs.slice(i, i + 1000).map((d) => `${JSON.stringify(d.record)}\n`).join(''));
    }
    closeSync(fd);
    const wtc = path.join(dir, 'corpus.wtc');
    log(`cli: importing ${fmtInt(docs.length)} articles (${fmtBytes(statSync(jsonl).size)} of JSON Lines)`);
    const imported = await runCli(['import', jsonl, '--out', wtc], path.join(dir, 'import.out'), log);
    if (imported.code !== 0 || !existsSync(wtc)) {
      return { ok: false, reason: `import exited with ${imported.code}: ${imported.stderr.trim().split('\n').slice(-3).join(' / ')}` };
    }

    const pages = generatePages(gen, opts.docs, opts.pages, subSeed(opts.seed, 300));
    const files = pages.map((p, i) => {
      const f = path.join(dir, `page-${String(i).padStart(4, '0')}.txt`);
      writeFileSync(f, p.text);
      return f;
    });
    log(`cli: scanning ${files.length} pages in one process`);
    const outFile = path.join(dir, 'scan.jsonl');
    const scanned = await runCli(['scan', '--corpus', wtc, '--json', ...files], outFile, log);
    if (scanned.code !== 0) {
      return { ok: false, reason: `scan exited with ${scanned.code}: ${scanned.stderr.trim().split('\n').slice(-3).join(' / ')}` };
    }
    const byFile = new Map(files.map((f, i) => [f, i]));
    const tally = new RecallTally();
    const holds = (id: string, text: string): boolean => {
      const m = /^gen-(\d+)$/.exec(id);
      return m !== null && (docs[Number(m[1])]?.record.text.includes(text) ?? false);
    };
    let errors = 0;
    let seen = 0;
    for (const line of readFileSync(outFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as ReportedMatches & { page: string; error?: string };
      const i = byFile.get(r.page);
      if (i === undefined) continue;
      seen++;
      if (r.error) {
        errors++;
        continue;
      }
      tally.add(pages[i], r, holds);
    }
    errors += files.length - seen;
    const loaded = /corpus: .* in (\d+) ms/.exec(scanned.stderr);
    const scannedLog = /scanned \d+ pages? in (\d+) ms/.exec(scanned.stderr);
    return {
      ok: true,
      result: {
        docs: docs.length,
        pages: files.length,
        jsonlBytes: statSync(jsonl).size,
        importMs: imported.ms,
        wtcBytes: statSync(wtc).size,
        scanMs: scanned.ms,
        loadMsLogged: loaded ? Number(loaded[1]) : null,
        scanMsLogged: scannedLog ? Number(scannedLog[1]) : null,
        pageErrors: errors,
        recall: tally.recall,
        recallPassages: tally.passages,
        recallCoverage: tally.meanCoverage,
        peakRssMb: scanned.peakRssMb,
      },
    };
  } finally {
    if (opts.keepTemp) log(`cli: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export function cliGoalRow(o: CliOutcome, opts: CliOptions): string[] {
  const label = `CLI: ${fmtInt(opts.pages)} pages against ${fmtCount(opts.docs)} articles scanned in < ${CLI_SCAN_GOAL_MS / 1000} s`;
  if (!o.ok) return [label, 'not run (CLI missing)', '–'];
  const standard = opts.docs === 100_000 && opts.pages === 1000;
  return [label, fmtMs(o.result.scanMs), standard ? met(o.result.scanMs < CLI_SCAN_GOAL_MS) : '– (goal is for 100k / 1,000)'];
}

export function cliTable(o: CliOutcome): Table {
  if (!o.ok) {
    return {
      title: 'CLI end to end',
      columns: ['step:', 'result:'],
      rows: [['skipped', o.reason]],
    };
  }
  const r = o.result;
  return {
    title: 'CLI end to end',
    columns: ['step:', 'measured', 'notes:'],
    rows: [
      ['corpus', `${fmtCount(r.docs)} articles`, `${fmtBytes(r.jsonlBytes)} of JSON Lines`],
      ['`wiretrace import corpus.jsonl --out corpus.wtc`', fmtMs(r.importMs), `${fmtBytes(r.wtcBytes)} .wtc (index + deflated texts)`],
      [
        `\`wiretrace scan --corpus corpus.wtc --json\` ${fmtInt(r.pages)} pages`,
        fmtMs(r.scanMs),
        `wall clock, one process; CLI log: corpus loaded in ${r.loadMsLogged === null ? '?' : fmtMs(r.loadMsLogged)}, ` +
          `pages scanned in ${r.scanMsLogged === null ? '?' : fmtMs(r.scanMsLogged)}` +
          (r.peakRssMb === null ? '' : `; peak RSS ${fmtInt(r.peakRssMb)} MB`),
      ],
      ['per page', fmtMs(r.scanMs / r.pages), 'wall clock / pages'],
      ['recall (passages ≥12 words)', fmtPct(r.recall), `${fmtInt(r.recallPassages)} passages, mean coverage ${fmtPct(r.recallCoverage)}; ${r.pageErrors} page errors`],
    ],
  };
}
