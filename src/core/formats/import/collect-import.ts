/** Convenience for tests and small corpora: run an import to the end and keep the unique records. */
import type { CorpusRecord } from '../../types';
import { Deduper } from './deduper';
import { importSources } from './import-sources';
import { MAX_KEPT_ISSUES } from './limits';
import type { ImportIssue, ImportOptions, ImportSource } from './types';

export interface ImportSummary {
  /** Records kept. */
  imported: number;
  /** Records dropped by the deduper (same id, or same text after whitespace/case normalisation). */
  duplicates: number;
  /** Number of issues: skipped records and files that could not be imported. */
  skipped: number;
  /** The first `maxIssues` issues. */
  issues: ImportIssue[];
  /** Issues counted in `skipped` but not kept in `issues`. */
  issuesOmitted: number;
}

export interface CollectOptions extends ImportOptions {
  /** Pass one to dedupe against records imported earlier; a fresh one by default. */
  deduper?: Deduper;
  /** Issues kept in the summary (default `MAX_KEPT_ISSUES` = 1000). */
  maxIssues?: number;
  onProgress?: (file: string, bytes: number) => void;
}

export interface CollectedImport {
  records: CorpusRecord[];
  summary: ImportSummary;
}

export async function collectImport(
  sources: Iterable<ImportSource> | AsyncIterable<ImportSource>,
  opts: CollectOptions = {},
): Promise<CollectedImport> {
  const deduper = opts.deduper ?? new Deduper();
  const maxIssues = opts.maxIssues ?? MAX_KEPT_ISSUES;
  const records: CorpusRecord[] = [];
  const summary: ImportSummary = { imported: 0, duplicates: 0, skipped: 0, issues: [], issuesOmitted: 0 };
  for await (const event of importSources(sources, opts)) {
    if (event.type === 'record') {
      if (deduper.accept(event.record) === 'new') {
        records.push(event.record);
        summary.imported++;
      } else {
        summary.duplicates++;
      }
    } else if (event.type === 'issue') {
      summary.skipped++;
      if (summary.issues.length < maxIssues) summary.issues.push(event.issue);
      else summary.issuesOmitted++;
    } else {
      opts.onProgress?.(event.file, event.bytes);
    }
  }
  return { records, summary };
}
