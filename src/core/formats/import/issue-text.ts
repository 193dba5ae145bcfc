/** An import issue as one line for people, said the same way by the CLI and the extension. */
import type { ImportIssue } from './types';

/**
 * "news/wire.jsonl: line 3: invalid JSON (…)", or "notes/README.md: a project file …" for a whole file. The
 * reason already names the line when there is one (`ImportIssue.reason`), so the file is not followed by
 * `:3` as well.
 */
export function issueText(issue: ImportIssue): string {
  return `${issue.file}: ${issue.reason}`;
}

/** The reason without its `line N: ` prefix, for counting issues by reason. */
export function issueReason(issue: ImportIssue): string {
  return issue.line === null ? issue.reason : issue.reason.replace(`line ${issue.line}: `, '');
}
