/**
 * Browse and search: the records table with filters, sort, pages, selection and deletion, plus
 * "Export JSONL" and "Clear all" (behind a confirmation dialog).
 */
import type { CorpusStore, RecordSummary } from '../../store/api';
import { byId, displayText, h, safeHref } from '../shared/dom';
import { t, tCount } from '../shared/i18n';
import {
  buildListQuery,
  displayDate,
  INITIAL_BROWSE_STATE,
  isSortOrder,
  pageCount,
  PAGE_SIZE,
  rangeText,
  SORT_LABEL_KEYS,
  type BrowseState,
} from './browse-query';
import { downloadBlob, exportBlob, exportFileName } from './export-jsonl';
import { formatNumber } from './progress-text';

/** Typing in the search box waits this long for the next key before querying. */
export const SEARCH_DEBOUNCE_MS = 250;

/** Titles and outlets are cut to this many characters in the table (the full title is the tooltip). */
const TITLE_CHARS = 160;
const OUTLET_CHARS = 60;

export interface BrowsePanelOptions {
  store: CorpusStore;
  /** Called after records were deleted (the page refreshes its figures and tells the background). */
  onChanged(): Promise<void>;
}

export interface BrowsePanel {
  /** Re-runs the current query (after an import, or a change elsewhere). */
  refresh(): Promise<void>;
  /** New outlet list for the filter (the page loads it once for the figures and the filter). */
  setOutlets(outlets: readonly { outlet: string; count: number }[]): void;
  /** Locks deletion and clearing while an import runs. */
  setBusy(busy: boolean): void;
}

export function setupBrowsePanel(opts: BrowsePanelOptions): BrowsePanel {
  const { store } = opts;
  const search = byId<HTMLInputElement>('browse-search');
  const outletSelect = byId<HTMLSelectElement>('browse-outlet');
  const from = byId<HTMLInputElement>('browse-from');
  const to = byId<HTMLInputElement>('browse-to');
  const sort = byId<HTMLSelectElement>('browse-sort');
  const body = byId<HTMLTableSectionElement>('records-body');
  const status = byId('browse-status');
  const selectPage = byId<HTMLInputElement>('select-page');
  const deleteSelected = byId<HTMLButtonElement>('delete-selected');
  const exportButton = byId<HTMLButtonElement>('export-jsonl');
  const clearButton = byId<HTMLButtonElement>('clear-all');
  const prev = byId<HTMLButtonElement>('page-prev');
  const next = byId<HTMLButtonElement>('page-next');
  const pageInfo = byId('page-info');
  const dialog = byId<HTMLDialogElement>('clear-dialog');
  const dialogText = byId('clear-dialog-text');

  let state: BrowseState = { ...INITIAL_BROWSE_STATE };
  let total = 0;
  let corpusTotal = 0;
  let rows: RecordSummary[] = [];
  const selected = new Set<string>();
  let busy = false;
  /** The outcome of the last action, shown with the next listing ("Deleted 2 articles."). */
  let notice = '';
  /** Only the newest query's answer is drawn (answers can come back out of order while typing). */
  let querySerial = 0;

  sort.replaceChildren(...Object.entries(SORT_LABEL_KEYS).map(([value, key]) => h('option', { value }, t(key))));
  sort.value = state.sort;

  function updateButtons(): void {
    deleteSelected.disabled = busy || selected.size === 0;
    deleteSelected.textContent = selected.size > 0 ? t('browseDeleteSelectedCount', formatNumber(selected.size)) : t('browseDeleteSelected');
    exportButton.disabled = corpusTotal === 0;
    clearButton.disabled = busy || corpusTotal === 0;
    const pages = pageCount(total);
    prev.disabled = state.page === 0;
    next.disabled = state.page + 1 >= pages;
    pageInfo.textContent = t('browsePageInfo', formatNumber(state.page + 1), formatNumber(pages));
    const onPage = rows.filter((r) => selected.has(r.id)).length;
    selectPage.checked = rows.length > 0 && onPage === rows.length;
    selectPage.indeterminate = onPage > 0 && onPage < rows.length;
    selectPage.disabled = rows.length === 0;
    for (const button of body.querySelectorAll<HTMLButtonElement>('button.row-delete')) button.disabled = busy;
  }

  function row(record: RecordSummary): HTMLTableRowElement {
    const title = displayText(record.title, TITLE_CHARS);
    const name = title || record.id;
    const href = safeHref(record.url);
    const checkbox = h('input', { type: 'checkbox', 'aria-label': t('browseSelectRow', displayText(name, TITLE_CHARS)), onchange: onCheck });
    checkbox.checked = selected.has(record.id);
    function onCheck(): void {
      if (checkbox.checked) selected.add(record.id);
      else selected.delete(record.id);
      updateButtons();
    }
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
        h('button', { type: 'button', class: 'row-delete danger', 'aria-label': t('browseDeleteRow', displayText(name, TITLE_CHARS)), onclick: () => void remove([record.id]) }, t('browseDelete')),
      ),
    );
  }

  async function refresh(): Promise<void> {
    const serial = ++querySerial;
    const [result, count] = await Promise.all([store.list(buildListQuery(state)), store.count()]);
    if (serial !== querySerial) return;
    // Deleting the last rows of the last page leaves it empty: show the page before instead.
    if (result.records.length === 0 && state.page > 0 && result.total > 0) {
      state = { ...state, page: pageCount(result.total) - 1 };
      return refresh();
    }
    total = result.total;
    corpusTotal = count;
    rows = result.records;
    if (rows.length === 0) {
      const empty = t(corpusTotal === 0 ? 'browseEmptyCorpus' : 'browseNoMatch');
      body.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'muted empty' }, empty)));
    } else {
      body.replaceChildren(...rows.map(row));
    }
    const range = rangeText(state.page, rows.length, total, PAGE_SIZE);
    const listing = total !== corpusTotal ? t('browseListingFiltered', range, tCount(corpusTotal, 'articlesOne', 'articlesMany')) : t('browseListing', range);
    status.textContent = notice ? `${notice} ${listing}` : listing;
    notice = '';
    updateButtons();
  }

  function setState(patch: Partial<BrowseState>): void {
    // A new filter starts from its first page with nothing selected (a selection hidden by a filter would be
    // deleted unseen).
    state = { ...state, page: 0, ...patch };
    selected.clear();
    void refresh();
  }

  async function remove(ids: readonly string[]): Promise<void> {
    if (busy || ids.length === 0) return;
    busy = true;
    updateButtons();
    try {
      const deleted = await store.deleteRecords(ids);
      for (const id of ids) selected.delete(id);
      notice = t('browseDeleted', tCount(deleted, 'articlesOne', 'articlesMany'));
      await opts.onChanged();
    } catch (e) {
      notice = t('browseDeleteFailed', e instanceof Error ? e.message : String(e));
    } finally {
      busy = false;
    }
    await refresh();
  }

  let debounce: ReturnType<typeof setTimeout> | null = null;
  search.addEventListener('input', () => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => setState({ search: search.value }), SEARCH_DEBOUNCE_MS);
  });
  // Enter in the search box runs the query at once instead of submitting the form.
  byId<HTMLFormElement>('browse-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    if (debounce) clearTimeout(debounce);
    setState({ search: search.value });
  });
  outletSelect.addEventListener('change', () => setState({ outlet: outletSelect.value }));
  from.addEventListener('change', () => setState({ from: from.value }));
  to.addEventListener('change', () => setState({ to: to.value }));
  sort.addEventListener('change', () => {
    if (isSortOrder(sort.value)) setState({ sort: sort.value });
  });
  prev.addEventListener('click', () => {
    state = { ...state, page: Math.max(0, state.page - 1) };
    void refresh();
  });
  next.addEventListener('click', () => {
    state = { ...state, page: state.page + 1 };
    void refresh();
  });
  selectPage.addEventListener('change', () => {
    for (const r of rows) {
      if (selectPage.checked) selected.add(r.id);
      else selected.delete(r.id);
    }
    for (const box of body.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) box.checked = selectPage.checked;
    updateButtons();
  });
  deleteSelected.addEventListener('click', () => void remove([...selected]));

  exportButton.addEventListener('click', () => {
    exportButton.disabled = true;
    status.textContent = t('browseExporting');
    void exportBlob(store)
      .then((blob) => {
        downloadBlob(blob, exportFileName());
        status.textContent = t('browseExported', tCount(corpusTotal, 'articlesOne', 'articlesMany'));
      })
      .catch((e: unknown) => {
        status.textContent = t('browseExportFailed', e instanceof Error ? e.message : String(e));
      })
      .finally(updateButtons);
  });

  clearButton.addEventListener('click', () => {
    dialogText.textContent = t('browseClearText', tCount(corpusTotal, 'articlesOne', 'articlesMany'));
    dialog.showModal();
    byId<HTMLButtonElement>('clear-cancel').focus();
  });
  byId('clear-cancel').addEventListener('click', () => dialog.close());
  byId('clear-confirm').addEventListener('click', () => {
    dialog.close();
    if (busy) return;
    busy = true;
    updateButtons();
    void store
      .clear()
      .then(async () => {
        selected.clear();
        notice = t('browseCleared');
        await opts.onChanged();
      })
      .catch((e: unknown) => {
        notice = t('browseClearFailed', e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        busy = false;
        void refresh();
      });
  });

  return {
    refresh,
    setOutlets(outlets) {
      const current = outletSelect.value;
      outletSelect.replaceChildren(
        h('option', { value: '' }, t('browseAllOutlets')),
        ...outlets.map((o) => h('option', { value: o.outlet }, `${displayText(o.outlet, OUTLET_CHARS)} (${formatNumber(o.count)})`)),
      );
      // Keep the chosen outlet while it still exists; otherwise back to all.
      if (outlets.some((o) => o.outlet === current)) outletSelect.value = current;
      else if (current) setState({ outlet: '' });
    },
    setBusy(value) {
      busy = value;
      updateButtons();
    },
  };
}
