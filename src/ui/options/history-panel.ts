/**
 * "Reading history": the pages checked (newest first, by default only those where reuse was found), the
 * outlet report built from all of them, both exportable as CSV, and "Clear history" behind a confirmation.
 * The switch itself is a setting (settings-panel.ts); the rows are drawn by history-rows.ts.
 */
import type { CorpusStore } from '../../store/api';
import { HISTORY_LIMIT, type HistoryEntry } from '../../store/history/history-entry';
import { byId } from '../shared/dom';
import { downloadBlob } from '../shared/download';
import { percentLabel } from '../shared/format';
import { formatCount, t, tCount } from '../shared/i18n';
import { confirmDialog, type ConfirmDialog } from './confirm-dialog';
import { hasReuse, historyCsv, historyFileName, outletCsv, outletReport, RECYCLED_SHARE } from './history-report';
import { entryRow, outletRow } from './history-rows';

/** Rows shown at first and added by each "Show more": enough to scan, few enough to draw at once. */
export const HISTORY_PAGE_SIZE = 100;

export interface HistoryPanel {
  /** Reads the history again (on return to the page, after clearing). */
  refresh(): Promise<void>;
}

export function setupHistoryPanel(store: CorpusStore, doc: Document = document): HistoryPanel {
  byId('history-limit').textContent = t('historyLimitHint', formatCount(HISTORY_LIMIT));
  byId('outlet-hint').textContent = t('outletHint', percentLabel(RECYCLED_SHARE));
  const history = new HistoryList(store);
  wireExports(history, doc);
  // Pages are recorded while this page sits in another tab: read again when it is shown.
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') void history.refresh();
  });
  return history;
}

/** The pages checked and the outlet report, with "Only pages with reuse", "Show more" and "Clear history…". */
class HistoryList implements HistoryPanel {
  entries: HistoryEntry[] = [];
  private shown = HISTORY_PAGE_SIZE;
  private readonly status = byId('history-status');
  private readonly reuseOnly = byId<HTMLInputElement>('history-reuse-only');
  private readonly more = byId<HTMLButtonElement>('history-more');
  private readonly clear = byId<HTMLButtonElement>('history-clear');
  private readonly dialog: ConfirmDialog;

  constructor(private readonly store: CorpusStore) {
    this.reuseOnly.addEventListener('change', () => this.showFirst());
    this.more.addEventListener('click', () => {
      this.shown += HISTORY_PAGE_SIZE;
      this.render();
    });
    this.dialog = confirmDialog({ name: 'history', section: 'history', title: 'historyClearTitle', confirm: 'historyConfirmClear', onConfirm: () => void this.clearAll() });
    this.clear.addEventListener('click', () => this.dialog.ask(t('historyClearText', this.pagesText(this.entries.length))));
  }

  /** The entries the table lists (all of them, not only the rows shown so far). */
  listed(): HistoryEntry[] {
    return this.reuseOnly.checked ? this.entries.filter(hasReuse) : this.entries;
  }

  async refresh(): Promise<void> {
    try {
      this.entries = await this.store.listHistory();
    } catch (e) {
      this.entries = [];
      this.render();
      this.status.textContent = t('historyReadFailed', e instanceof Error ? e.message : String(e));
      return;
    }
    this.render();
  }

  private showFirst(): void {
    this.shown = HISTORY_PAGE_SIZE;
    this.render();
  }

  private render(): void {
    const list = this.listed();
    const { entries } = this;
    byId('history-rows').replaceChildren(...list.slice(0, this.shown).map(entryRow));
    this.more.hidden = list.length <= this.shown;
    this.status.textContent =
      entries.length === 0 ? t('historyEmpty') : t('historyCounts', this.pagesText(entries.length), formatCount(entries.filter(hasReuse).length));
    byId<HTMLButtonElement>('history-export').disabled = list.length === 0;
    this.clear.disabled = entries.length === 0;
    const report = outletReport(entries);
    byId('outlet-rows').replaceChildren(...report.map(outletRow));
    byId<HTMLButtonElement>('outlet-export').disabled = report.length === 0;
  }

  private pagesText(n: number): string {
    return tCount(n, 'historyPagesOne', 'historyPagesMany');
  }

  private async clearAll(): Promise<void> {
    this.clear.disabled = true;
    try {
      const n = await this.store.clearHistory();
      await this.refresh();
      this.status.textContent = t('historyCleared', this.pagesText(n));
    } catch (e) {
      await this.refresh();
      this.status.textContent = t('historyReadFailed', e instanceof Error ? e.message : String(e));
    }
  }
}

/** "Export CSV" of the pages listed and of the outlet report. */
function wireExports(history: HistoryList, doc: Document): void {
  const save = (content: string, kind: 'history' | 'outlets'): void =>
    downloadBlob(new Blob([content], { type: 'text/csv;charset=utf-8' }), historyFileName(kind), doc);
  byId('history-export').addEventListener('click', () => save(historyCsv(history.listed()), 'history'));
  byId('outlet-export').addEventListener('click', () => save(outletCsv(outletReport(history.entries)), 'outlets'));
}
