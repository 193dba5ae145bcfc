/** Convenience for tests and small corpora: run an import to the end and keep the unique records. */
import type { CorpusRecord } from '../../types';
import { admissionNote, Deduper } from './deduper';
import { importSources } from './import-sources';
import { MAX_KEPT_ISSUES } from './limits';
import type { ImportIssue, ImportOptions, ImportSource } from './types';

export interface ImportSummary {
  /** Records kept. */
  imported: number;
  /** Records not added because their text equals an earlier one (after whitespace/case normalisation). */
  duplicates: number;
  /** Records kept under a scoped id because another article held their id (see `Deduper.admit`). */
  renamed: number;
  /** Number of issues: skipped records and files that could not be imported. */
  skipped: number;
  /** The first `maxIssues` issues. */
  issues: ImportIssue[];
  /** Issues counted in `skipped` but not kept in `issues`. */
  issuesOmitted: number;
  /** The first `maxIssues` duplicates and renamed records, each with its file, line and what happened. */
  notes: ImportIssue[];
  /** Duplicates and renamed records not kept in `notes`. */
  notesOmitted: number;
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
  const summary: ImportSummary = { imported: 0, duplicates: 0, renamed: 0, skipped: 0, issues: [], issuesOmitted: 0, notes: [], notesOmitted: 0 };
  for await (const event of importSources(sources, opts)) {
    if (event.type === 'record') {
      const admission = deduper.admit(event.record, event.file);
      if (admission.kind === 'duplicate') summary.duplicates++;
      else {
        records.push(admission.record);
        summary.imported++;
        if (admission.kind === 'renamed') summary.renamed++;
      }
      const note = admissionNote(admission, event.file, event.line);
      if (note && summary.notes.length < maxIssues) summary.notes.push(note);
      else if (note) summary.notesOmitted++;
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
