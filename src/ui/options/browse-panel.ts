/**
 * Browse and search: the records table with filters, sort, pages, selection and deletion, plus
 * "Export JSONL" and "Clear all" (behind a confirmation dialog). The rows are drawn by browse-rows.ts.
 */
import type { CorpusStore, RecordSummary } from '../../store/api';
import { byId, displayText, h } from '../shared/dom';
import { t, tCount, type MessageKey } from '../shared/i18n';
import { buildListQuery, INITIAL_BROWSE_STATE, isSortOrder, pageCount, PAGE_SIZE, rangeText, SORT_LABEL_KEYS, type BrowseState } from './browse-query';
import { emptyRow, OUTLET_CHARS, recordRow } from './browse-rows';
import { confirmDialog } from './confirm-dialog';
import { downloadBlob, exportBlob, exportFileName } from './export-jsonl';
import { formatNumber } from './progress-text';

/** Typing in the search box waits this long for the next key before querying. */
export const SEARCH_DEBOUNCE_MS = 250;

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
  const list = new RecordList(opts);
  wireFilters(list);
  wireCorpusActions(list);
  return list;
}

const articles = (n: number): string => tCount(n, 'articlesOne', 'articlesMany');
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The table, its pages and its selection; the filters and the corpus actions below drive it. */
class RecordList implements BrowsePanel {
  state: BrowseState = { ...INITIAL_BROWSE_STATE };
  /** Articles in the corpus, whatever the filters. */
  corpusTotal = 0;
  /** An import, a restore or a deletion runs: deleting and clearing wait. */
  busy = false;
  /** Articles the filters match. */
  private total = 0;
  private rows: RecordSummary[] = [];
  private readonly selected = new Set<string>();
  /** The outcome of the last action, shown with the next listing ("Deleted 2 articles."). */
  private notice = '';
  /** Only the newest query's answer is drawn (answers can come back out of order while typing). */
  private querySerial = 0;
  readonly status = byId('browse-status');
  private readonly body = byId<HTMLTableSectionElement>('records-body');
  private readonly pager = { prev: byId<HTMLButtonElement>('page-prev'), next: byId<HTMLButtonElement>('page-next'), info: byId('page-info') };
  private readonly selectPage = byId<HTMLInputElement>('select-page');
  private readonly deleteSelected = byId<HTMLButtonElement>('delete-selected');

  constructor(readonly opts: BrowsePanelOptions) {
    this.pager.prev.addEventListener('click', () => this.turnTo(Math.max(0, this.state.page - 1)));
    this.pager.next.addEventListener('click', () => this.turnTo(this.state.page + 1));
    this.selectPage.addEventListener('change', () => this.selectAllOnPage(this.selectPage.checked));
    this.deleteSelected.addEventListener('click', () => void this.remove([...this.selected]));
  }

  async refresh(): Promise<void> {
    const serial = ++this.querySerial;
    const { store } = this.opts;
    const [result, count] = await Promise.all([store.list(buildListQuery(this.state)), store.count()]);
    if (serial !== this.querySerial) return;
    // Deleting the last rows of the last page leaves it empty: show the page before instead.
    if (result.records.length === 0 && this.state.page > 0 && result.total > 0) {
      this.state = { ...this.state, page: pageCount(result.total) - 1 };
      return this.refresh();
    }
    this.total = result.total;
    this.corpusTotal = count;
    this.rows = result.records;
    this.drawRows();
    const range = rangeText(this.state.page, this.rows.length, this.total, PAGE_SIZE);
    const listing = this.total !== this.corpusTotal ? t('browseListingFiltered', range, articles(this.corpusTotal)) : t('browseListing', range);
    this.status.textContent = this.notice ? `${this.notice} ${listing}` : listing;
    this.notice = '';
    this.updateButtons();
  }

  /** A new filter starts from its first page with nothing selected (a selection hidden by a filter would be deleted unseen). */
  setState(patch: Partial<BrowseState>): void {
    this.state = { ...this.state, page: 0, ...patch };
    this.selected.clear();
    void this.refresh();
  }

  setOutlets(outlets: readonly { outlet: string; count: number }[]): void {
    const select = byId<HTMLSelectElement>('browse-outlet');
    const current = select.value;
    select.replaceChildren(
      h('option', { value: '' }, t('browseAllOutlets')),
      ...outlets.map((o) => h('option', { value: o.outlet }, `${displayText(o.outlet, OUTLET_CHARS)} (${formatNumber(o.count)})`)),
    );
    // Keep the chosen outlet while it still exists; otherwise back to all.
    if (outlets.some((o) => o.outlet === current)) select.value = current;
    else if (current) this.setState({ outlet: '' });
  }

  setBusy(value: boolean): void {
    this.busy = value;
    this.updateButtons();
  }

  /**
   * Changes the corpus with deleting and clearing locked: `run` does it and says what it did; the page is
   * told, and the outcome (or `failed` with the error) shows with the listing drawn next.
   */
  async change(run: () => Promise<string>, failed: MessageKey): Promise<void> {
    if (this.busy) return;
    this.setBusy(true);
    try {
      this.notice = await run();
      await this.opts.onChanged();
    } catch (e) {
      this.notice = t(failed, errorText(e));
    } finally {
      this.busy = false;
    }
    await this.refresh();
  }

  /** Everything selected is forgotten (after "Clear all"). */
  unselectAll(): void {
    this.selected.clear();
  }

  updateButtons(): void {
    const { busy, selected, rows } = this;
    this.deleteSelected.disabled = busy || selected.size === 0;
    this.deleteSelected.textContent = selected.size > 0 ? t('browseDeleteSelectedCount', formatNumber(selected.size)) : t('browseDeleteSelected');
    byId<HTMLButtonElement>('export-jsonl').disabled = this.corpusTotal === 0;
    byId<HTMLButtonElement>('clear-all').disabled = busy || this.corpusTotal === 0;
    const pages = pageCount(this.total);
    this.pager.prev.disabled = this.state.page === 0;
    this.pager.next.disabled = this.state.page + 1 >= pages;
    this.pager.info.textContent = t('browsePageInfo', formatNumber(this.state.page + 1), formatNumber(pages));
    const onPage = rows.filter((r) => selected.has(r.id)).length;
    this.selectPage.checked = rows.length > 0 && onPage === rows.length;
    this.selectPage.indeterminate = onPage > 0 && onPage < rows.length;
    this.selectPage.disabled = rows.length === 0;
    for (const button of this.body.querySelectorAll<HTMLButtonElement>('button.row-delete')) button.disabled = busy;
  }

  private drawRows(): void {
    if (this.rows.length === 0) {
      this.body.replaceChildren(emptyRow(this.corpusTotal === 0));
      return;
    }
    const actions = {
      isSelected: (id: string) => this.selected.has(id),
      select: (id: string, on: boolean) => this.select([id], on),
      remove: (id: string) => void this.remove([id]),
    };
    this.body.replaceChildren(...this.rows.map((r) => recordRow(r, actions)));
  }

  private select(ids: readonly string[], on: boolean): void {
    for (const id of ids) {
      if (on) this.selected.add(id);
      else this.selected.delete(id);
    }
    this.updateButtons();
  }

  private selectAllOnPage(on: boolean): void {
    for (const box of this.body.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) box.checked = on;
    this.select(
      this.rows.map((r) => r.id),
      on,
    );
  }

  private turnTo(page: number): void {
    this.state = { ...this.state, page };
    void this.refresh();
  }

  private async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.change(async () => {
      const deleted = await this.opts.store.deleteRecords(ids);
      for (const id of ids) this.selected.delete(id);
      return t('browseDeleted', articles(deleted));
    }, 'browseDeleteFailed');
  }
}

/** Search (as you type, or at once on Enter), outlet, dates and sort. */
function wireFilters(list: RecordList): void {
  const search = byId<HTMLInputElement>('browse-search');
  let debounce: ReturnType<typeof setTimeout> | null = null;
  search.addEventListener('input', () => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => list.setState({ search: search.value }), SEARCH_DEBOUNCE_MS);
  });
  // Enter in the search box runs the query at once instead of submitting the form.
  byId<HTMLFormElement>('browse-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    if (debounce) clearTimeout(debounce);
    list.setState({ search: search.value });
  });
  for (const [id, key] of [['browse-outlet', 'outlet'], ['browse-from', 'from'], ['browse-to', 'to']] as const) {
    const field = byId<HTMLInputElement | HTMLSelectElement>(id);
    field.addEventListener('change', () => list.setState({ [key]: field.value }));
  }
  const sort = byId<HTMLSelectElement>('browse-sort');
  sort.replaceChildren(...Object.entries(SORT_LABEL_KEYS).map(([value, key]) => h('option', { value }, t(key))));
  sort.value = list.state.sort;
  sort.addEventListener('change', () => {
    if (isSortOrder(sort.value)) list.setState({ sort: sort.value });
  });
}

/** "Export JSONL" and "Clear all…" (after its confirmation). */
function wireCorpusActions(list: RecordList): void {
  const { store } = list.opts;
  const exportButton = byId<HTMLButtonElement>('export-jsonl');
  exportButton.addEventListener('click', () => {
    exportButton.disabled = true;
    list.status.textContent = t('browseExporting');
    void exportBlob(store)
      .then((blob) => {
        downloadBlob(blob, exportFileName());
        list.status.textContent = t('browseExported', articles(list.corpusTotal));
      })
      .catch((e: unknown) => {
        list.status.textContent = t('browseExportFailed', errorText(e));
      })
      .finally(() => list.updateButtons());
  });

  const clearAll = async (): Promise<string> => {
    await store.clear();
    list.unselectAll();
    return t('browseCleared');
  };
  const dialog = confirmDialog({
    name: 'clear',
    section: 'browse',
    title: 'browseClearTitle',
    confirm: 'browseDeleteAll',
    onConfirm: () => void list.change(clearAll, 'browseClearFailed'),
  });
  byId('clear-all').addEventListener('click', () => dialog.ask(t('browseClearText', articles(list.corpusTotal))));
}
