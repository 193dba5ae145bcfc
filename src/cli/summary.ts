/** The import summary printed by `import` and on stderr when a corpus loads with skipped records. */
import { admissionNote, issueReason, issueText, type Admission, type ImportIssue } from '@wiretrace/engine/formats';
import type { CorpusRecord } from '@wiretrace/engine';

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

export function emptySummary(): LoadSummary {
  return { imported: 0, duplicates: 0, renamed: 0, skipped: 0, issues: [], moreIssues: 0, notes: [], moreNotes: 0 };
}

/** Issues kept for the summary; the rest are only counted. */
export const MAX_KEPT_ISSUES = 1000;

/** Counts a skipped record, keeping its issue while fewer than MAX_KEPT_ISSUES are kept. */
export function noteIssue(summary: LoadSummary, issue: ImportIssue): void {
  summary.skipped++;
  if (summary.issues.length < MAX_KEPT_ISSUES) summary.issues.push(issue);
  else summary.moreIssues++;
}

/**
 * Counts what the import identity rule (`Deduper.admit`) decided for a record and lists a duplicate or a
 * renaming; returns the record to add (under its scoped id when renamed), or null for a duplicate.
 */
export function noteAdmission(summary: LoadSummary, admission: Admission, file: string, line: number | null): CorpusRecord | null {
  const listed = admissionNote(admission, file, line);
  if (admission.kind === 'renamed') noteRenamed(summary, listed);
  else if (listed) keepNote(summary, listed);
  if (admission.kind === 'duplicate') {
    summary.duplicates++;
    return null;
  }
  return admission.record;
}

/** Counts a record kept under a scoped id and lists the renaming. */
export function noteRenamed(summary: LoadSummary, note: ImportIssue | null): void {
  summary.renamed++;
  if (note) keepNote(summary, note);
}

function keepNote(summary: LoadSummary, note: ImportIssue): void {
  if (summary.notes.length < MAX_KEPT_ISSUES) summary.notes.push(note);
  else summary.moreNotes++;
}

export function summaryText(s: LoadSummary): string {
  const lines = [`imported ${s.imported}, duplicates ${s.duplicates}, skipped ${s.skipped}${s.renamed > 0 ? `, renamed ${s.renamed}` : ''}`];
  // Duplicates and renamed records: nothing is left out without its file and line.
  for (const n of s.notes.slice(0, 20)) lines.push(`  ${issueText(n)}`);
  if (s.notes.length > 20 || s.moreNotes > 0) lines.push(`  … and ${s.notes.length - Math.min(20, s.notes.length) + s.moreNotes} more duplicates or renamed records`);
  const byReason = new Map<string, number>();
  for (const i of s.issues) {
    const reason = issueReason(i);
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  for (const i of s.issues.slice(0, 20)) lines.push(`  skipped ${issueText(i)}`);
  if (s.issues.length > 20) {
    lines.push(`  … and ${s.issues.length - 20 + s.moreIssues} more; by reason:`);
    for (const [reason, n] of [...byReason].sort((a, b) => b[1] - a[1]).slice(0, 10)) lines.push(`    ${n} × ${reason}`);
  }
  return lines.join('\n');
}
