/**
 * The popup (the toolbar badge's window): the tab's matched sources, why there are none, "Check text",
 * exports and the per-site switch. Opened with `?tab=<id>` (the e2e tests open it in a normal tab that way)
 * it shows that tab, else the active tab of the current window. The site switch and the per-site grant are
 * in popup-site-controls.ts, the "Check text" form in popup-check-text.ts.
 */
import browser from 'webextension-polyfill';
import type { PageReport } from '@wiretrace/engine';
import { TAB_RESULTS_VERSION, type CorpusStatus, type TabResults } from '../../shared/messages';
import { sendToBackground } from '../../shared/send';
import { siteAccessMode, type SiteAccessMode } from '../../shared/site-access';
import { byId, displayText, h } from '../shared/dom';
import { hostOf, percentLabel } from '../shared/format';
import { t, tCount } from '../shared/i18n';
import { hideEmpty, renderEmpty, type EmptyReason } from './empty-state';
import { downloadFile, exportFileName, reportCsv, reportJson } from './export-report';
import { CheckTextForm } from './popup-check-text';
import { SiteAutoCheck, SiteSwitch } from './popup-site-controls';
import { compareUrl, tabIdFromSearch } from './popup-urls';
import { renderSources } from './source-list';

/** Re-ask a tab that is still being checked this often, for this long. */
export const POLL_INTERVAL_MS = 500;
export const POLL_LIMIT_MS = 10_000;

export interface PopupOptions {
  /** `location.search`. */
  search: string;
  pollIntervalMs?: number;
  pollLimitMs?: number;
}

interface View {
  /** The tab's report, or the pasted text's. */
  report: PageReport | null;
  highlighted: string[];
  pasted: boolean;
}

export class Popup {
  private tabId: number | null = null;
  private results: TabResults | null = null;
  private corpus: CorpusStatus | null = null;
  private view: View = { report: null, highlighted: [], pasted: false };
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  /** The current round of re-asking a tab that is being checked. */
  private polling: Promise<void> = Promise.resolve();
  private readonly fromQuery: boolean;
  private readonly pollIntervalMs: number;
  private readonly pollLimitMs: number;

  private readonly summary = byId<HTMLParagraphElement>('summary');
  private readonly empty = byId<HTMLParagraphElement>('empty');
  private readonly sources = byId<HTMLOListElement>('sources');
  private readonly heading = byId<HTMLHeadingElement>('results-heading');
  private readonly pageTitle = byId<HTMLParagraphElement>('page-title');
  private readonly backButton = byId<HTMLButtonElement>('back-to-page');
  private readonly exportJson = byId<HTMLButtonElement>('export-json');
  private readonly exportCsv = byId<HTMLButtonElement>('export-csv');
  private readonly storageWarning = byId<HTMLParagraphElement>('storage-warning');
  private readonly mode: SiteAccessMode;
  private readonly siteSwitch: SiteSwitch;
  private readonly siteAuto: SiteAutoCheck;

  constructor(private readonly options: PopupOptions) {
    this.fromQuery = tabIdFromSearch(options.search) !== null;
    this.pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
    this.pollLimitMs = options.pollLimitMs ?? POLL_LIMIT_MS;
    this.exportJson.addEventListener('click', () => this.export('json'));
    this.exportCsv.addEventListener('click', () => this.export('csv'));
    this.backButton.addEventListener('click', () => this.backToPage());
    // The form wires itself; its report is shown here.
    new CheckTextForm((report) => this.showPasted(report));
    this.mode = siteAccessMode(browser.runtime.getManifest());
    this.siteSwitch = new SiteSwitch(
      () => this.pageUrl(),
      (enabled, host) => this.siteSwitched(enabled, host),
    );
    this.siteAuto = new SiteAutoCheck(this.mode, () => this.pageUrl());
    byId<HTMLButtonElement>('open-options').addEventListener('click', () => this.openOptions());
  }

  /** Shows the tab's state; resolves once it is drawn (re-asking a tab being checked goes on: `settled`). */
  async start(): Promise<void> {
    this.tabId = tabIdFromSearch(this.options.search) ?? (await this.activeTabId());
    await Promise.all([this.loadResults(), this.loadCorpusStatus()]);
    // Per-site build: opening the popup (the toolbar click, which grants `activeTab`) is the request to check.
    if (this.mode === 'per-site' && this.results === null && this.tabId !== null && !this.fromQuery) await this.checkThisTab(this.tabId);
    this.render();
    await this.renderSiteToggle();
    if (this.results?.status === 'checking') this.polling = this.pollWhileChecking();
  }

  private async checkThisTab(tabId: number): Promise<void> {
    try {
      const { started } = await sendToBackground('check-tab', { tabId });
      // Not started: a page WireTrace may not read (the browser's own pages): the usual empty state says so.
      if (started) await this.loadResults();
    } catch {
      // the background refused or is gone: nothing changes
    }
  }

  /** Resolves when the tab is no longer being re-asked. */
  settled(): Promise<void> {
    return this.polling;
  }

  /** Stops polling (tests; the popup itself simply closes). */
  stop(): void {
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private async activeTabId(): Promise<number | null> {
    try {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      return tab?.id ?? null;
    } catch {
      return null;
    }
  }

  private async loadResults(): Promise<void> {
    if (this.tabId === null) {
      this.results = null;
      return;
    }
    try {
      this.results = (await sendToBackground('tab-results', { tabId: this.tabId })) ?? null;
    } catch (e) {
      this.results = { v: TAB_RESULTS_VERSION, tabId: this.tabId, status: 'error', page: null, report: null, highlighted: [], error: errorText(e), checkedAt: null };
    }
  }

  private async loadCorpusStatus(): Promise<void> {
    try {
      this.corpus = await sendToBackground('corpus-status', {});
    } catch (e) {
      this.corpus = { articles: 0, storageError: errorText(e) };
    }
  }

  /** Re-asks every `pollIntervalMs` until the tab is no longer being checked, or `pollLimitMs` passed. */
  private pollWhileChecking(): Promise<void> {
    this.stop();
    const deadline = Date.now() + this.pollLimitMs;
    return new Promise((resolve) => {
      const tick = async (): Promise<void> => {
        this.pollTimer = null;
        await this.loadResults();
        if (this.results?.status !== 'checking') {
          await this.loadCorpusStatus();
          this.render();
          await this.renderSiteToggle();
          resolve();
        } else if (Date.now() >= deadline) {
          this.render(true);
          resolve();
        } else {
          this.pollTimer = setTimeout(() => void tick(), this.pollIntervalMs);
        }
      };
      this.pollTimer = setTimeout(() => void tick(), this.pollIntervalMs);
    });
  }

  private pageUrl(): string | null {
    return this.results?.page?.url ?? this.results?.report?.url ?? this.results?.report?.page ?? null;
  }

  private host(): string | null {
    return hostOf(this.pageUrl());
  }

  private render(stillChecking = false): void {
    if (!this.view.pasted) {
      this.view = { report: this.results?.status === 'done' ? (this.results.report ?? null) : null, highlighted: this.results?.highlighted ?? [], pasted: false };
    }
    const { report, pasted } = this.view;
    this.backButton.hidden = !pasted;
    this.heading.textContent = t(pasted ? 'popupResultsHeadingPasted' : 'popupResultsHeading');
    const title = pasted ? t('popupPastedTitle') : (report?.title ?? this.results?.page?.title ?? null);
    this.pageTitle.textContent = title ? displayText(title, 200) : '';
    this.pageTitle.hidden = !title;

    const storageError = this.corpus?.storageError ?? null;
    const reason = this.emptyReason(stillChecking);
    // The empty state already explains a storage failure in full: the warning line would say it twice.
    const warn = storageError !== null && reason !== 'storage-error';
    this.storageWarning.hidden = !warn;
    this.storageWarning.textContent = warn ? t('popupStorageProblem', displayText(storageError, 300)) : '';

    const hasList = reason === null && report !== null;
    this.exportJson.disabled = report === null;
    this.exportCsv.disabled = report === null;
    if (!hasList || report === null) {
      this.sources.replaceChildren();
      this.sources.hidden = true;
      renderEmpty(this.empty, reason ?? 'done', {
        articles: this.corpus?.articles ?? null,
        host: this.host(),
        error: reason === 'storage-error' ? storageError : (this.results?.error ?? null),
        pasted,
        openOptions: () => this.openOptions(),
        enableSite: () => void this.setSiteEnabled(true),
      });
      this.summary.textContent = summaryForEmpty(reason ?? 'done', pasted);
      return;
    }
    hideEmpty(this.empty);
    this.sources.hidden = false;
    const tabId = this.tabId;
    renderSources(this.sources, report, {
      showInPage: pasted || tabId === null ? undefined : (id) => void this.showInPage(tabId, id),
      compare: (id) => void this.openCompare(id),
    });
    this.summary.textContent = summaryLine(report, pasted);
  }

  /** Why the list is empty, or null when there is a list to show. */
  private emptyReason(stillChecking: boolean): EmptyReason | null {
    const { report, pasted } = this.view;
    if (pasted) return report && report.matches.length > 0 ? null : 'done';
    const storageError = this.corpus?.storageError ?? null;
    const r = this.results;
    if (!r) return storageError ? 'storage-error' : 'not-checked';
    if (storageError && (r.status === 'no-corpus' || r.status === 'error')) return 'storage-error';
    if (r.status === 'checking') return stillChecking ? 'still-checking' : 'checking';
    if (r.status === 'done') return report && report.matches.length > 0 ? null : 'done';
    return r.status;
  }

  private async showInPage(tabId: number, sourceId: string): Promise<void> {
    try {
      const { shown } = await sendToBackground('show-in-page', { tabId, sourceId });
      if (shown === 0) {
        this.summary.textContent = t('popupNotFoundInPage');
        return;
      }
    } catch (e) {
      this.summary.textContent = t('popupShowFailed', displayText(errorText(e), 200));
      return;
    }
    // A real popup gets out of the way of the page; a popup opened in a tab (?tab=) stays.
    if (!this.fromQuery) window.close();
  }

  private async openCompare(sourceId: string): Promise<void> {
    const url = this.view.pasted || this.tabId === null ? compareUrl({ text: 'last' }, sourceId) : compareUrl({ tab: this.tabId }, sourceId);
    await browser.tabs.create({ url });
  }

  private openOptions(): void {
    void browser.runtime.openOptionsPage();
  }

  private showPasted(report: PageReport): void {
    this.view = { report, highlighted: [], pasted: true };
    this.render();
    this.heading.focus();
  }

  private backToPage(): void {
    this.view = { report: null, highlighted: [], pasted: false };
    this.render();
    this.heading.focus();
  }

  private export(kind: 'json' | 'csv'): void {
    const { report, highlighted } = this.view;
    if (!report) return;
    if (kind === 'json') downloadFile(document, exportFileName(report, 'json'), 'application/json', reportJson(report, highlighted));
    else downloadFile(document, exportFileName(report, 'csv'), 'text/csv', reportCsv(report));
  }

  private async renderSiteToggle(): Promise<void> {
    await this.siteAuto.render();
    await this.siteSwitch.render();
  }

  private setSiteEnabled(enabled: boolean): Promise<void> {
    return this.siteSwitch.set(enabled);
  }

  /** The site switch changed (settings saved): the page's state follows. */
  private async siteSwitched(enabled: boolean, host: string): Promise<void> {
    if (this.view.pasted) return;
    if (!enabled) {
      if (this.results) this.results = { ...this.results, status: 'disabled', report: null };
      this.render();
      this.summary.textContent = t('popupSiteNowOff', displayText(host, 100));
      return;
    }
    // The page is checked again: show "checking" until the background has the new result.
    if (this.results) this.results = { ...this.results, status: 'checking' };
    this.render();
    this.polling = this.pollWhileChecking();
    await this.polling;
  }
}

function summaryLine(report: PageReport, pasted: boolean): string {
  const sources = tCount(report.sourceCount, 'sourcesOne', 'sourcesMany');
  return t(pasted ? 'popupSummaryPasted' : 'popupSummaryPage', sources, percentLabel(report.facts.share));
}

function summaryForEmpty(reason: EmptyReason, pasted: boolean): string {
  if (reason === 'checking') return t('popupCheckingPage');
  if (reason === 'done') return t(pasted ? 'popupNoSourcesPasted' : 'popupNoSources');
  return t('popupNothingToShow');
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Builds the popup over the document's static skeleton (index.html) and starts it. */
export function startPopup(options: PopupOptions): Popup {
  const popup = new Popup(options);
  void popup.start().catch((e: unknown) => {
    const empty = byId<HTMLParagraphElement>('empty');
    empty.hidden = false;
    empty.dataset.reason = 'error';
    empty.replaceChildren(h('span', {}, t('popupFailed', displayText(errorText(e), 300))));
  });
  return popup;
}
