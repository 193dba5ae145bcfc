/**
 * Build the scan corpus from the `--corpus` paths: `.wtc` files (recognised by their content) load
 * directly; anything else goes through the importers. Several paths merge into one corpus.
 */
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { analyze } from '../core/analysis';
import { MemoryCorpus } from '../core/corpus';
import { isCorpusFile, readCorpus } from '../core/corpus-file';
import { admissionNote, Deduper, importSources, type Admission, type ImportIssue } from '../core/import';
import type { CorpusRecord } from '../core/types';
import { pathSources } from './fs-sources';
import { extractFromHtml } from './lazy-extract';

export interface LoadSummary {
  imported: number;
  duplicates: number;
  /** Records kept under a scoped id because another article held their id (see `Deduper.admit`). */
  renamed: number;
  skipped: number;
  issues: ImportIssue[];
  /** Issues beyond those kept in `issues`. */
  moreIssues: number;
  /** Duplicates and renamed records, with file, line and what happened. */
  notes: ImportIssue[];
  /** Notes beyond those kept in `notes`. */
  moreNotes: number;
}

/** Issues kept for the summary; the rest are only counted. */
const MAX_KEPT_ISSUES = 1000;

export class CorpusLoadError extends Error {}

/** The bundled demo corpus (seeds 000, 002, 003 and 004), the default when no --corpus is given. */
export function demoCorpusPath(): string {
  // dist/cli/wiretrace.cjs → ../../data; src/cli/*.ts (tests) → ../../data
  return path.resolve(__dirname, '..', '..', 'data', 'demo-corpus.jsonl');
}

async function headBytes(file: string, n = 8): Promise<Uint8Array> {
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
  const summary: LoadSummary = { imported: 0, duplicates: 0, renamed: 0, skipped: 0, issues: [], moreIssues: 0, notes: [], moreNotes: 0 };
  const dedupe = new Deduper();
  const note = (issue: ImportIssue): void => {
    summary.skipped++;
    if (summary.issues.length < MAX_KEPT_ISSUES) summary.issues.push(issue);
    else summary.moreIssues++;
  };
  /** The import identity rule (`Deduper.admit`): the record to add, or null for a duplicate; listed either way. */
  const admit = (record: CorpusRecord, file: string, line: number | null): CorpusRecord | null => {
    const admission: Admission = dedupe.admit(record, file);
    const listed = admissionNote(admission, file, line);
    if (listed && summary.notes.length < MAX_KEPT_ISSUES) summary.notes.push(listed);
    else if (listed) summary.moreNotes++;
    if (admission.kind === 'duplicate') {
      summary.duplicates++;
      return null;
    }
    if (admission.kind === 'renamed') summary.renamed++;
    return admission.record;
  };
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
              const kept = admit(r, src.file, null);
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
    const why = summary.issues.slice(0, 3).map((i) => `${i.file}${i.line ? `:${i.line}` : ''}: ${i.reason}`).join('; ');
    throw new CorpusLoadError(`no articles could be imported from ${paths.join(', ')}${why ? ` (${why})` : ''}`);
  }
  corpus.index.compact();
  return { corpus, summary, fileBytes: sourceCount === 1 ? fileBytes : null };
}
