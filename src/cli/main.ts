/**
 * `wiretrace`: the WireTrace engine from the command line.
 *
 *   wiretrace scan [--corpus PATH]... [--json] [--min-words N] PAGE...
 *   wiretrace check [--corpus PATH]... [--json] [--min-words N]      (text on stdin)
 *   wiretrace import PATH... --out corpus.wtc
 *
 * Results go to stdout; logs and progress go to stderr.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_MIN_WORDS } from '../core/align';
import { writeCorpus } from '../core/corpus-file';
import type { ScanOptions } from '../core/corpus';
import { CorpusLoadError, demoCorpusPath, loadCorpus, type LoadedCorpus, type LoadSummary } from './load-corpus';
import { scanPage } from './page';
import { formatReport } from './report';
import { scanPages } from './scan-pages';

const VERSION = '0.1.0';

export const USAGE = `wiretrace ${VERSION}: find passages of news articles copied from a corpus. Nothing leaves your machine.

Usage:
  wiretrace scan [--corpus PATH]... [--json] [--min-words N] PAGE...
      Check pages (.html, extracted with Readability as the extension does; anything else is read as
      plain text) against the corpus. Without --corpus, the bundled demo corpus is used.
  wiretrace check [--corpus PATH]... [--json] [--min-words N]
      Check text read from stdin (a pasted article, an editor's draft).
  wiretrace import PATH... --out FILE.wtc
      Import articles once into a compact index file that \`scan --corpus FILE.wtc\` loads fast.

Corpus paths (--corpus, repeatable; several merge): JSON Lines/NDJSON, JSON arrays, CSV/TSV with a
header, .txt (first line = title), .html, .zip archives of these, folders of these, and .wtc files.

Options:
  --corpus PATH      a corpus file or folder (repeatable)
  --json             one JSON object per page per line on stdout
  --min-words N      shortest verbatim passage reported, in words (default ${DEFAULT_MIN_WORDS})
  --no-reworded      report verbatim passages only
  --no-quotes        leave out passages inside quotation marks
  --out FILE         (import) where to write the index file
  -h, --help         this help
  -v, --version      the version
`;

class UsageError extends Error {}

function log(msg: string): void {
  process.stderr.write(`wiretrace: ${msg}\n`);
}

function summaryText(s: LoadSummary): string {
  const lines = [`imported ${s.imported}, duplicates ${s.duplicates}, skipped ${s.skipped}${s.renamed > 0 ? `, renamed ${s.renamed}` : ''}`];
  // Duplicates and renamed records: nothing is left out without its file and line.
  for (const n of s.notes.slice(0, 20)) lines.push(`  ${n.file}: ${n.reason}`);
  if (s.notes.length > 20 || s.moreNotes > 0) lines.push(`  … and ${s.notes.length - Math.min(20, s.notes.length) + s.moreNotes} more duplicates or renamed records`);
  const byReason = new Map<string, number>();
  for (const i of s.issues) {
    const reason = i.reason.replace(/^line \d+: /, '');
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  for (const i of s.issues.slice(0, 20)) lines.push(`  skipped ${i.file}${i.line ? `:${i.line}` : ''}: ${i.reason}`);
  if (s.issues.length > 20) {
    lines.push(`  … and ${s.issues.length - 20 + s.moreIssues} more; by reason:`);
    for (const [reason, n] of [...byReason].sort((a, b) => b[1] - a[1]).slice(0, 10)) lines.push(`    ${n} × ${reason}`);
  }
  return lines.join('\n');
}

function parseMinWords(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MIN_WORDS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 5 || n > 1000) throw new UsageError(`--min-words must be a whole number from 5 to 1000, got "${value}"`);
  return n;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}

async function corpusFor(paths: string[] | undefined): Promise<LoadedCorpus> {
  const list = paths && paths.length > 0 ? paths : [demoCorpusPath()];
  const t0 = Date.now();
  const loaded = await loadCorpus(list, { onProgress: (n) => log(`imported ${n} articles…`) });
  const { corpus, summary } = loaded;
  log(`corpus: ${corpus.size} article${corpus.size === 1 ? '' : 's'} from ${list.join(', ')} in ${Date.now() - t0} ms`);
  if (summary.skipped > 0 || summary.duplicates > 0 || summary.renamed > 0) log(summaryText(summary));
  return loaded;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      corpus: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      'min-words': { type: 'string' },
      'no-reworded': { type: 'boolean', default: false },
      'no-quotes': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const options: ScanOptions = {
    minWords: parseMinWords(values['min-words']),
    includeReworded: !values['no-reworded'],
    includeQuotes: !values['no-quotes'],
  };
  const write = (r: Parameters<typeof formatReport>[0]): void => {
    process.stdout.write(values.json ? `${JSON.stringify(r)}\n` : `${formatReport(r)}\n`);
  };

  switch (command) {
    case 'scan': {
      if (rest.length === 0) throw new UsageError('scan needs at least one PAGE');
      const { corpus, fileBytes } = await corpusFor(values.corpus);
      const t0 = Date.now();
      await scanPages(rest, corpus, options, (r) => write(r), fileBytes);
      log(`scanned ${rest.length} page${rest.length === 1 ? '' : 's'} in ${Date.now() - t0} ms`);
      return 0;
    }
    case 'check': {
      const text = (await readStdin()).replace(/\r\n?/g, '\n').trim();
      if (text.length === 0) throw new UsageError('check reads the text to check from stdin, and got nothing');
      const { corpus } = await corpusFor(values.corpus);
      write(scanPage('-', { title: null, published: null, url: null, text }, corpus, options));
      return 0;
    }
    case 'import': {
      if (rest.length === 0) throw new UsageError('import needs at least one PATH');
      if (!values.out) throw new UsageError('import needs --out FILE.wtc');
      const { corpus, summary } = await loadCorpus(rest, { onProgress: (n) => log(`imported ${n} articles…`) });
      const bytes = writeCorpus(corpus);
      await writeFile(values.out, bytes);
      process.stdout.write(`${summaryText(summary)}\nwrote ${values.out}: ${corpus.size} articles, ${bytes.length} bytes\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}" (try scan, check or import)`);
  }
}

/** Run the CLI with `argv` and set the exit code (used by bin/wiretrace.cjs). */
export function runCli(argv: string[]): Promise<void> {
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError || (e as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
        log(`${(e as Error).message}\n\n${USAGE}`);
        process.exitCode = 2;
      } else if (e instanceof CorpusLoadError) {
        log(`cannot read the corpus: ${e.message}`);
        process.exitCode = 1;
      } else {
        log(`unexpected error: ${(e as Error).stack ?? String(e)}`);
        process.exitCode = 70;
      }
    },
  );
}

if (require.main === module) void runCli(process.argv.slice(2));
