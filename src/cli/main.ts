/**
 * `wiretrace`: the WireTrace engine from the command line.
 *
 *   wiretrace scan [--corpus PATH]... [--json] [--min-words N] PAGE...
 *   wiretrace check [--corpus PATH]... [--json] [--min-words N]      (text on stdin)
 *   wiretrace import PATH... --out corpus.wtc
 *   wiretrace scan|check|import --server URL --token T ...   (a team corpus server)
 *   wiretrace server ...                                      (run one: src/server, loaded lazily)
 *
 * Results go to stdout; logs and progress go to stderr.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_MIN_WORDS, MIN_WORDS_RANGE, writeCorpus, type ScanOptions } from '@wiretrace/engine';
import { CommandError, UsageError } from './errors';
import { CorpusLoadError, demoCorpusPath, loadCorpus, type LoadedCorpus } from './load-corpus';
import { scanPage } from './page';
import { processPageRemote, scanPageRemote } from './remote-scan';
import { formatReport } from './report';
import { scanPages } from './scan-pages';
import { ServerError, serverTarget } from './server-client';
import { importToServer } from './server-import';
import { summaryText } from './summary';
import { VERSION } from './version';

type ServerCli = typeof import('../server/cli');

// Kept in step with src/server/cli.ts (not imported: that would load the server with every command).
const SERVER_USAGE = `  wiretrace server start|token|export ...   run a team corpus server; \`wiretrace server --help\` for more
`;

export const USAGE = `wiretrace ${VERSION}: find passages of news articles copied from a corpus. Page texts never leave your machine.

Usage:
  wiretrace scan [--corpus PATH]... [--json] [--min-words N] PAGE...
      Check pages (.html, extracted with Readability as the extension does; anything else is read as
      plain text) against the corpus. Without --corpus, the bundled demo corpus is used.
  wiretrace check [--corpus PATH]... [--json] [--min-words N]
      Check text read from stdin (a pasted article, an editor's draft).
  wiretrace import PATH... --out FILE.wtc
      Import articles once into a compact index file that \`scan --corpus FILE.wtc\` loads fast.

A team corpus server (see docs/SERVER.md): only the page's index keys are sent, never its text.
  wiretrace scan|check --server URL --token T [--json] ...
  wiretrace import --server URL --token T PATH...
      (or set WIRETRACE_SERVER and WIRETRACE_TOKEN)
${SERVER_USAGE}
Corpus paths (--corpus, repeatable; several merge): JSON Lines/NDJSON, JSON arrays, CSV/TSV with a
header, .txt (first line = title), .html, .zip and .gz archives of these, folders of these, and .wtc files.
Hidden files are skipped; so are README, LICENSE, CHANGELOG, COPYING and CONTRIBUTING files (any
extension), each listed with its reason.

Options:
  --corpus PATH      a corpus file or folder (repeatable)
  --json             one JSON object per page per line on stdout
  --min-words N      shortest verbatim passage reported, in words: ${MIN_WORDS_RANGE.min} to ${MIN_WORDS_RANGE.max} (default ${DEFAULT_MIN_WORDS})
  --no-reworded      report verbatim passages only
  --no-quotes        leave out passages inside quotation marks
  --out FILE         (import) where to write the index file
  --server URL       a team corpus server instead of --corpus
  --token T          the server token (a reader's for scan/check, a writer's for import)
  -h, --help         this help
  -v, --version      the version

Exit status:
  0   done: every page was checked (found something or not); for import, the index was written (skipped
      records are listed, with their reason)
  1   some page could not be checked (its error line says why: no such file, no article, binary data…),
      or the corpus or the server could not be used
  2   bad usage: unknown command or option, missing or invalid argument
  70  an unexpected internal error (a bug: please report it)
`;

function log(msg: string): void {
  process.stderr.write(`wiretrace: ${msg}\n`);
}

function parseMinWords(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MIN_WORDS;
  const n = Number(value);
  const { min, max } = MIN_WORDS_RANGE; // the options page's range too
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--min-words must be a whole number from ${min} to ${max}, got "${value}"`);
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
  if (argv[0] === 'server') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load: Fastify and PostgreSQL only for `server`
    const server = require('../server/cli') as ServerCli;
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`wiretrace ${VERSION}: the team corpus server.\n\nUsage:\n${server.SERVER_USAGE}`);
      return 0;
    }
    return server.serverMain(argv.slice(1));
  }
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
      server: { type: 'string' },
      token: { type: 'string' },
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
  let failed = 0;
  const write = (r: Parameters<typeof formatReport>[0]): void => {
    if ('error' in r) failed++;
    process.stdout.write(values.json ? `${JSON.stringify(r)}\n` : `${formatReport(r)}\n`);
  };
  /** Exit status of `scan` (USAGE, "Exit status"): 1 when any page could not be checked. */
  const scanStatus = (): number => {
    if (failed > 0) log(`${failed} of ${rest.length} page${rest.length === 1 ? '' : 's'} could not be checked (exit status 1)`);
    return failed > 0 ? 1 : 0;
  };
  const server = serverTarget(values.server, values.token);
  if (server && values.corpus) throw new UsageError('give --corpus or --server, not both');

  switch (command) {
    case 'scan': {
      if (rest.length === 0) throw new UsageError('scan needs at least one PAGE');
      if (server) {
        for (const page of rest) write(await processPageRemote(page, server, options));
        return scanStatus();
      }
      const { corpus, fileBytes } = await corpusFor(values.corpus);
      const t0 = Date.now();
      await scanPages(rest, corpus, options, (r) => write(r), fileBytes);
      log(`scanned ${rest.length} page${rest.length === 1 ? '' : 's'} in ${Date.now() - t0} ms`);
      return scanStatus();
    }
    case 'check': {
      const text = (await readStdin()).replace(/\r\n?/g, '\n').trim();
      if (text.length === 0) throw new UsageError('check reads the text to check from stdin, and got nothing');
      const page = { title: null, published: null, url: null, text };
      if (server) {
        write(await scanPageRemote('-', page, server, options));
        return 0;
      }
      const { corpus } = await corpusFor(values.corpus);
      write(scanPage('-', page, corpus, options));
      return 0;
    }
    case 'import': {
      if (rest.length === 0) throw new UsageError('import needs at least one PATH');
      if (server) {
        if (values.out) throw new UsageError('import writes to --out FILE.wtc or to --server URL, not both');
        const summary = await importToServer(rest, server, (n) => log(`sent ${n} articles…`));
        process.stdout.write(`${summaryText(summary)}\n`);
        return 0;
      }
      if (!values.out) throw new UsageError('import needs --out FILE.wtc');
      const { corpus, summary } = await loadCorpus(rest, { onProgress: (n) => log(`imported ${n} articles…`) });
      const bytes = writeCorpus(corpus);
      await writeFile(values.out, bytes);
      process.stdout.write(`${summaryText(summary)}\nwrote ${values.out}: ${corpus.size} articles, ${bytes.length} bytes\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}" (try scan, check, import or server)`);
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
      } else if (e instanceof ServerError || e instanceof CommandError) {
        log(e.message);
        process.exitCode = 1;
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
