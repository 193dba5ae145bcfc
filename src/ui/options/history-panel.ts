/**
 * "Reading history": the pages checked (newest first, by default only those where reuse was found), the
 * outlet report built from all of them, both exportable as CSV, and "Clear history" behind a confirmation.
 * The switch itself is a setting (settings-panel.ts). Everything shown comes from web pages: text goes
 * through `displayText` and links through `safeHref` (in `h`).
 */
import type { CorpusStore } from '../../store/api';
import { HISTORY_LIMIT, type HistoryEntry } from '../../store/history/history-entry';
import { byId, displayText, h } from '../shared/dom';
import { downloadBlob } from '../shared/download';
import { hostOf, percentLabel } from '../shared/format';
import { formatCount, t, tCount } from '../shared/i18n';
import { hasReuse, historyCsv, historyFileName, outletCsv, outletReport, RECYCLED_SHARE, sourceName } from './history-report';

/** Rows shown at first and added by each "Show more": enough to scan, few enough to draw at once. */
export const HISTORY_PAGE_SIZE = 100;

/** Longest title and source name shown (the full ones are in the CSV). */
const TITLE_CHARS = 140;
const NAME_CHARS = 60;

export interface HistoryPanel {
  /** Reads the history again (on return to the page, after clearing). */
  refresh(): Promise<void>;
}

export function setupHistoryPanel(store: CorpusStore, doc: Document = document): HistoryPanel {
  const rows = byId<HTMLTableSectionElement>('history-rows');
  const outletRows = byId<HTMLTableSectionElement>('outlet-rows');
  const status = byId('history-status');
  const reuseOnly = byId<HTMLInputElement>('history-reuse-only');
  const more = byId<HTMLButtonElement>('history-more');
  const exportButton = byId<HTMLButtonElement>('history-export');
  const outletExport = byId<HTMLButtonElement>('outlet-export');
  const clear = byId<HTMLButtonElement>('history-clear');
  const dialog = byId<HTMLDialogElement>('history-dialog');
  byId('history-limit').textContent = t('historyLimitHint', formatCount(HISTORY_LIMIT));
  byId('outlet-hint').textContent = t('outletHint', percentLabel(RECYCLED_SHARE));

  let entries: HistoryEntry[] = [];
  let shown = HISTORY_PAGE_SIZE;

  const listed = (): HistoryEntry[] => (reuseOnly.checked ? entries.filter(hasReuse) : entries);

  function render(): void {
    const list = listed();
    rows.replaceChildren(...list.slice(0, shown).map(entryRow));
    more.hidden = list.length <= shown;
    status.textContent =
      entries.length === 0
        ? t('historyEmpty')
        : t('historyCounts', tCount(entries.length, 'historyPagesOne', 'historyPagesMany'), formatCount(entries.filter(hasReuse).length));
    exportButton.disabled = list.length === 0;
    clear.disabled = entries.length === 0;
    const report = outletReport(entries);
    outletRows.replaceChildren(
      ...report.map((r) =>
        h(
          'tr',
          {},
          h('td', {}, displayText(r.outlet, NAME_CHARS)),
          h('td', { class: 'num' }, formatCount(r.read)),
          h('td', { class: 'num' }, formatCount(r.recycled)),
          h('td', { class: 'num' }, percentLabel(r.share)),
          h('td', {}, r.sources.map((s) => `${displayText(s.name, NAME_CHARS)} (${formatCount(s.pages)})`).join(', ')),
        ),
      ),
    );
    outletExport.disabled = report.length === 0;
  }

  function entryRow(e: HistoryEntry): HTMLTableRowElement {
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

  async function refresh(): Promise<void> {
    try {
      entries = await store.listHistory();
    } catch (e) {
      entries = [];
      render();
      status.textContent = t('historyReadFailed', e instanceof Error ? e.message : String(e));
      return;
    }
    render();
  }

  const save = (content: string, kind: 'history' | 'outlets'): void =>
    downloadBlob(new Blob([content], { type: 'text/csv;charset=utf-8' }), historyFileName(kind), doc);

  reuseOnly.addEventListener('change', () => {
    shown = HISTORY_PAGE_SIZE;
    render();
  });
  more.addEventListener('click', () => {
    shown += HISTORY_PAGE_SIZE;
    render();
  });
  // The export holds every listed entry, not only the rows shown so far.
  exportButton.addEventListener('click', () => save(historyCsv(listed()), 'history'));
  outletExport.addEventListener('click', () => save(outletCsv(outletReport(entries)), 'outlets'));
  clear.addEventListener('click', () => {
    byId('history-dialog-text').textContent = t('historyClearText', tCount(entries.length, 'historyPagesOne', 'historyPagesMany'));
    dialog.showModal();
    byId<HTMLButtonElement>('history-cancel').focus();
  });
  byId('history-cancel').addEventListener('click', () => dialog.close());
  byId('history-confirm').addEventListener('click', () => {
    dialog.close();
    clear.disabled = true;
    void store
      .clearHistory()
      .then(async (n) => {
        await refresh();
        status.textContent = t('historyCleared', tCount(n, 'historyPagesOne', 'historyPagesMany'));
      })
      .catch(async (e: unknown) => {
        await refresh();
        status.textContent = t('historyReadFailed', e instanceof Error ? e.message : String(e));
      });
  });
  // Pages are recorded while this page sits in another tab: read again when it is shown.
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') void refresh();
  });

  return { refresh };
}
