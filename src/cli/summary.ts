/** The import summary printed by `import` and on stderr when a corpus loads with skipped records. */
import type { ImportIssue } from '@wiretrace/engine/formats';

export interface LoadSummary {
  imported: number;
  duplicates: number;
  skipped: number;
  issues: ImportIssue[];
  /** Issues beyond those kept in `issues`. */
  moreIssues: number;
}

/** Issues kept for the summary; the rest are only counted. */
export const MAX_KEPT_ISSUES = 1000;

/** Counts a skipped record, keeping its issue while fewer than MAX_KEPT_ISSUES are kept. */
export function noteIssue(summary: LoadSummary, issue: ImportIssue): void {
  summary.skipped++;
  if (summary.issues.length < MAX_KEPT_ISSUES) summary.issues.push(issue);
  else summary.moreIssues++;
}

export function summaryText(s: LoadSummary): string {
  const lines = [`imported ${s.imported}, duplicates ${s.duplicates}, skipped ${s.skipped}`];
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
