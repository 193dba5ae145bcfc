/** Markdown tables, number formatting, machine info and the docs/benchmarks.md section. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Table {
  title: string;
  /** Column headers; a header ending in ':' is left-aligned (the colon is dropped), others right-aligned. */
  columns: string[];
  rows: string[][];
  /** Lines printed under the table. */
  notes?: string[];
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderTable(t: Table): string {
  const left = t.columns.map((c) => c.endsWith(':'));
  const head = t.columns.map((c) => (c.endsWith(':') ? c.slice(0, -1) : c));
  const lines = [
    `### ${t.title}`,
    '',
    `| ${head.map(escapeCell).join(' | ')} |`,
    `|${left.map((l) => (l ? ' :--- ' : ' ---: ')).join('|')}|`,
    ...t.rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ];
  if (t.notes?.length) lines.push('', ...t.notes);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

export function fmtInt(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return Math.round(v).toLocaleString('en-US');
}

/** Milliseconds with precision suited to the magnitude. */
export function fmtMs(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  if (v >= 100) return `${v.toFixed(0)} ms`;
  if (v >= 10) return `${v.toFixed(1)} ms`;
  if (v >= 1) return `${v.toFixed(2)} ms`;
  return `${v.toFixed(3)} ms`;
}

export function fmtBytes(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let u = 0;
  let x = v;
  while (Math.abs(x) >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(x)} B` : `${x.toFixed(x >= 100 ? 0 : 1)} ${units[u]}`;
}

export function fmtRatio(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return `${v >= 10 ? v.toFixed(0) : v.toFixed(2)}×`;
}

export function fmtPct(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return '–';
  return `${(v * 100).toFixed(digits)} %`;
}

/** Rate per second with a thousands separator. */
export function fmtRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '–';
  if (perSecond >= 100) return fmtInt(perSecond);
  return perSecond.toFixed(1);
}

export function fmtCount(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  return fmtInt(n);
}

/** "✅ yes" / "❌ no" for goal tables. */
export function met(ok: boolean | null): string {
  return ok === null ? '–' : ok ? '✅ yes' : '❌ no';
}

// ---------------------------------------------------------------------------------------------------------
// Machine and report file

export interface MachineInfo {
  /** Commit of the code measured, "+ local changes" when src/ or bench/ differ from it. */
  revision: string;
  node: string;
  v8: string;
  cpu: string;
  cores: number;
  memory: string;
  platform: string;
  date: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    revision: gitRevision(),
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: fmtBytes(os.totalmem()),
    platform: `${os.platform()} ${os.release()} (${os.arch()})`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

function gitRevision(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'bench'], { encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.stdout.trim() ? ' + local changes' : ''}`;
}

export function renderMachine(m: MachineInfo): string {
  return [
    `- Date: ${m.date}; code: commit ${m.revision}`,
    `- Node ${m.node} (V8 ${m.v8}), ${m.platform}`,
    `- CPU: ${m.cpu}, ${m.cores} cores; RAM ${m.memory}`,
  ].join('\n');
}

export const SECTION_TITLE = 'Node benchmarks (npm run bench)';

/**
 * Replace (or append) one `## title` section of a markdown file (the Node benchmarks' by default), keeping
 * every other section as it is. The browser benchmark writes its own section with it too.
 */
export function writeSection(file: string, body: string, title: string = SECTION_TITLE): void {
  const heading = `## ${title}`;
  const section = `${heading}\n\n${body.trim()}\n`;
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = doc.indexOf(heading);
  if (start >= 0) {
    const rest = doc.slice(start + heading.length);
    const next = rest.search(/^## /m);
    const end = next < 0 ? doc.length : start + heading.length + next;
    doc = `${doc.slice(0, start)}${section}${next < 0 ? '' : `\n${doc.slice(end)}`}`;
  } else {
    doc = `${doc.trimEnd()}\n\n${section}`;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, doc);
}
