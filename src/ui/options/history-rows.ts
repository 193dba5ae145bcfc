/**
 * The reading history's table rows: a page checked, and an outlet of the outlet report. Everything shown comes
 * from web pages: text goes through `displayText` and links through `safeHref` (in `h`).
 */
import type { HistoryEntry } from '../../store/history/history-entry';
import { displayText, h } from '../shared/dom';
import { hostOf, percentLabel } from '../shared/format';
import { formatCount, t } from '../shared/i18n';
import { sourceName, type OutletRow } from './history-report';

/** Longest title and source name shown (the full ones are in the CSV). */
const TITLE_CHARS = 140;
const NAME_CHARS = 60;

export function entryRow(e: HistoryEntry): HTMLTableRowElement {
  const when = new Date(e.checkedAt);
  const date = Number.isNaN(when.getTime())
    ? displayText(e.checkedAt, 40)
    : when.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const title = displayText(e.title, TITLE_CHARS) || hostOf(e.url) || displayText(e.url, TITLE_CHARS);
  const sources = e.sources.map((s) =>
    h(
      'li',
      {},
      s.url ? h('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer' }, displayText(sourceName(s), NAME_CHARS)) : displayText(sourceName(s), NAME_CHARS),
      ` (${percentLabel(s.share)})`,
    ),
  );
  return h(
    'tr',
    {},
    h('td', {}, h('time', { datetime: displayText(e.checkedAt, 40) }, date)),
    h(
      'td',
      { class: 'title-cell' },
      h('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer' }, title),
      h('div', { class: 'muted' }, displayText(e.outlet, NAME_CHARS)),
    ),
    h('td', {}, sources.length > 0 ? h('ul', { class: 'history-sources' }, ...sources) : h('span', { class: 'muted' }, t('historyNoSources'))),
    h('td', { class: 'num' }, percentLabel(e.share)),
  );
}

export function outletRow(r: OutletRow): HTMLTableRowElement {
  return h(
    'tr',
    {},
    h('td', {}, displayText(r.outlet, NAME_CHARS)),
    h('td', { class: 'num' }, formatCount(r.read)),
    h('td', { class: 'num' }, formatCount(r.recycled)),
    h('td', { class: 'num' }, percentLabel(r.share)),
    h('td', {}, r.sources.map((s) => `${displayText(s.name, NAME_CHARS)} (${formatCount(s.pages)})`).join(', ')),
  );
}
