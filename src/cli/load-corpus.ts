/**
 * Build the scan corpus from the `--corpus` paths: `.wtc` files (recognised by their content) load
 * directly; anything else goes through the importers. Several paths merge into one corpus.
 */
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { analyze, MemoryCorpus, isCorpusFile, readCorpus, type CorpusRecord } from '@wiretrace/engine';
import { Deduper, importSources, issueText, type ImportIssue } from '@wiretrace/engine/formats';
import { pathSources } from './fs-sources';
import { extractFromHtml } from './lazy-extract';
import { emptySummary, noteAdmission, noteIssue, type LoadSummary } from './summary';

export type { LoadSummary } from './summary';

export class CorpusLoadError extends Error {}

/** The bundled demo corpus (seeds 000, 002, 003 and 004), the default when no --corpus is given. */
export function demoCorpusPath(): string {
  // dist/cli/wiretrace.cjs → ../../data; src/cli/*.ts (tests) → ../../data
  return path.resolve(__dirname, '..', '..', 'data', 'demo-corpus.jsonl');
}

export async function headBytes(file: string, n = 8): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return new Uint8Array(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

export interface LoadOptions {
  onProgress?: (records: number) => void;
}

/** Load and merge the given corpus paths. Throws CorpusLoadError when a path cannot be read at all. */
export interface LoadedCorpus {
  corpus: MemoryCorpus;
  summary: LoadSummary;
  /** The file's bytes when the corpus is exactly one .wtc file: workers can load it without re-serialising. */
  fileBytes: Uint8Array | null;
}

export async function loadCorpus(paths: string[], opts: LoadOptions = {}): Promise<LoadedCorpus> {
  let corpus: MemoryCorpus | null = null;
  let fileBytes: Uint8Array | null = null;
  let sourceCount = 0;
  let pendingSeed: MemoryCorpus | null = null;
  const seedDeduper = (): void => {
    if (!pendingSeed) return;
    for (const r of pendingSeed.all()) dedupe.remember(r);
    pendingSeed = null;
  };
  const summary: LoadSummary = emptySummary();
  const dedupe = new Deduper();
  const note = (issue: ImportIssue): void => noteIssue(summary, issue);
  /** The import identity rule (`Deduper.admit`): the record to add, or null for a duplicate; listed either way. */
  const admit = (record: CorpusRecord, file: string, line: number | null): CorpusRecord | null =>
    noteAdmission(summary, dedupe.admit(record, file), file, line);
  for (const p of paths) {
    let sources;
    try {
      sources = pathSources(p);
      const first = await sources.next();
      if (first.done) throw new CorpusLoadError(`corpus ${p}: empty folder`);
      const all = (async function* () {
        yield first.value;
        yield* sources;
      })();
      for await (const src of all) {
        sourceCount++;
        if (isCorpusFile(await headBytes(src.file))) {
          let loaded;
          try {
            const bytes = new Uint8Array(await readFile(src.file));
            const read = readCorpus(bytes);
            loaded = read.corpus;
            fileBytes = sourceCount === 1 && !read.migrated ? bytes : null;
          } catch (e) {
            throw new CorpusLoadError(`corpus ${src.file}: ${(e as Error).message}`);
          }
          if (!corpus && summary.imported === 0) {
            // The first corpus is taken as it is; its records seed the deduper only if another source
            // follows (reading every text of a 100k-article file costs seconds).
            corpus = loaded;
            pendingSeed = loaded;
            summary.imported += loaded.size;
          } else {
            seedDeduper();
            corpus ??= new MemoryCorpus();
            for (const r of loaded.all()) {
              const kept = admit(r, src.path, null);
              if (kept && corpus.add(kept)) summary.imported++;
            }
          }
          continue;
        }
        corpus ??= new MemoryCorpus();
        seedDeduper();
        for await (const ev of importSources([src], { readBackups: true, extractHtml: (html, url) => extractFromHtml(html, url ?? undefined) })) {
          if (ev.type === 'issue') note(ev.issue);
          else if (ev.type === 'record') {
            const kept = admit(ev.record, ev.file, ev.line);
            if (kept && corpus.add(kept, analyze(kept.text))) {
              summary.imported++;
              if (summary.imported % 5000 === 0) opts.onProgress?.(summary.imported);
            }
          }
        }
      }
    } catch (e) {
      if (e instanceof CorpusLoadError) throw e;
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT') throw new CorpusLoadError(`corpus ${p}: no such file or folder`);
      if (err.code === 'EACCES') throw new CorpusLoadError(`corpus ${p}: permission denied`);
      throw new CorpusLoadError(`corpus ${p}: ${err.message}`);
    }
  }
  corpus ??= new MemoryCorpus();
  if (corpus.size === 0) {
    const why = summary.issues.slice(0, 3).map(issueText).join('; ');
    throw new CorpusLoadError(`no articles could be imported from ${paths.join(', ')}${why ? ` (${why})` : ''}`);
  }
  corpus.index.compact();
  return { corpus, summary, fileBytes: sourceCount === 1 ? fileBytes : null };
}
