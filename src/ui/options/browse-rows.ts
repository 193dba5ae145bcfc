/** The browse table's rows: one record with its checkbox and Delete button, or the empty table's one line. */
import type { RecordSummary } from '../../store/api';
import { displayText, h, safeHref } from '../shared/dom';
import { t } from '../shared/i18n';
import { displayDate } from './browse-query';
import { formatNumber } from './progress-text';

/** Titles and outlets are cut to this many characters in the table (the full title is the tooltip). */
const TITLE_CHARS = 160;
export const OUTLET_CHARS = 60;

export interface RowActions {
  isSelected(id: string): boolean;
  select(id: string, on: boolean): void;
  remove(id: string): void;
}

export function recordRow(record: RecordSummary, actions: RowActions): HTMLTableRowElement {
  const title = displayText(record.title, TITLE_CHARS);
  const name = title || record.id;
  const href = safeHref(record.url);
  const checkbox = h('input', {
    type: 'checkbox',
    'aria-label': t('browseSelectRow', displayText(name, TITLE_CHARS)),
    onchange: () => actions.select(record.id, checkbox.checked),
  });
  checkbox.checked = actions.isSelected(record.id);
  return h(
    'tr',
    {},
    h('td', {}, checkbox),
    h(
      'td',
      { class: 'title-cell', title: displayText(record.title, 1000) || null },
      title ? title : h('span', { class: 'muted' }, t('browseNoTitle')),
      h('div', { class: 'muted record-id' }, displayText(record.id, TITLE_CHARS)),
    ),
    h('td', {}, record.outlet ? displayText(record.outlet, OUTLET_CHARS) : h('span', { class: 'muted' }, '—')),
    h('td', {}, displayDate(record.published)),
    h('td', { class: 'num' }, formatNumber(record.words)),
    h('td', {}, href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, displayText(new URL(href).hostname, OUTLET_CHARS)) : ''),
    h(
      'td',
      {},
      h(
        'button',
        { type: 'button', class: 'row-delete danger', 'aria-label': t('browseDeleteRow', displayText(name, TITLE_CHARS)), onclick: () => actions.remove(record.id) },
        t('browseDelete'),
      ),
    ),
  );
}

/** "Your corpus is empty" or "No article matches", across the table. */
export function emptyRow(corpusEmpty: boolean): HTMLTableRowElement {
  return h('tr', {}, h('td', { colspan: 7, class: 'muted empty' }, t(corpusEmpty ? 'browseEmptyCorpus' : 'browseNoMatch')));
}
