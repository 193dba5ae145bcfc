/** The import's summary: the headline, the figures, and the files or lines skipped or noted, folded. */
import type { ImportIssue } from '@wiretrace/engine/formats';
import type { ImportResult } from '../../store/api';
import { append, displayText, h } from '../shared/dom';
import { t } from '../shared/i18n';
import { formatNumber, issueText, resultDetails, resultHeadline } from './progress-text';

/** Problems listed in the summary; the rest are counted ("and 1,234 more"). */
export const ISSUES_SHOWN = 100;

const ISSUE_CHARS = 500;

export function showImportSummary(status: HTMLElement, result: ImportResult): void {
  const details = entryList(t('importSkippedSummary', formatNumber(result.skipped)), result.issues, result.skipped, 'issues');
  // Duplicates not added and articles kept under a scoped id: listed too, so nothing goes unaccounted.
  const listed = result.duplicates + result.renamed;
  const notes = result.status === 'done' ? entryList(t('importNotesSummary', formatNumber(listed)), result.notes, listed, 'issues notes') : null;
  status.replaceChildren();
  append(
    status,
    h('p', { class: result.status === 'done' ? 'summary-headline' : 'summary-headline error' }, resultHeadline(result)),
    h('p', { class: 'muted' }, resultDetails(result)),
    details,
    notes,
  );
}

/** A folded list of file/line entries with its heading, or null when there is nothing to list. */
function entryList(heading: string, entries: readonly ImportIssue[], total: number, className: string): HTMLElement | null {
  const shown = entries.slice(0, ISSUES_SHOWN);
  if (shown.length === 0) return null;
  const more = total - shown.length;
  return h(
    'details',
    { class: className },
    h('summary', {}, heading),
    h('ul', {}, ...shown.map((issue) => h('li', {}, displayText(issueText(issue), ISSUE_CHARS)))),
    more > 0 ? h('p', { class: 'muted' }, t('importMoreIssues', formatNumber(more))) : null,
  );
}
