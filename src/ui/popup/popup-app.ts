/**
 * The popup (the toolbar badge's window): the tab's matched sources, why there are none, "Check text",
 * exports and the per-site switch. Opened with `?tab=<id>` (the e2e tests open it in a normal tab that way)
 * it shows that tab, else the active tab of the current window.
 */
import browser from 'webextension-polyfill';
import type { PageReport } from '@wiretrace/engine';
import { TAB_RESULTS_VERSION, type CorpusStatus, type TabResults } from '../../shared/messages';
import { sendToBackground } from '../../shared/send';
import { isSiteDisabled, loadSettings, saveSettings, siteSwitchPatch } from '../../shared/settings';
import { siteAccessMode, sitePattern, type SiteAccessMode } from '../../shared/site-access';
import { byId, displayText, h } from '../shared/dom';
import { hostOf, percentLabel } from '../shared/format';
import { t, tCount } from '../shared/i18n';
import { hideEmpty, renderEmpty, type EmptyReason } from './empty-state';
import { downloadFile, exportFileName, reportCsv, reportJson } from './export-report';
import { renderSources } from './source-list';

export const COMPARE_PAGE = 'src/ui/compare/index.html';

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

const TAB_ID_RE = /^\d+$/;

/** The `?tab=` id when given and well-formed, else null. */
export function tabIdFromSearch(search: string): number | null {
  const raw = new URLSearchParams(search).get('tab');
  if (!raw || !TAB_ID_RE.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

export function compareUrl(query: { tab: number } | { text: 'last' }, sourceId: string): string {
  const base = browser.runtime.getURL(COMPARE_PAGE);
  const first = 'tab' in query ? `tab=${query.tab}` : 'text=last';
  return `${base}?${first}&source=${encodeURIComponent(sourceId)}`;
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
  private readonly checkForm = byId<HTMLFormElement>('check-form');
  private readonly checkText = byId<HTMLTextAreaElement>('check-text');
  private readonly checkStatus = byId<HTMLParagraphElement>('check-status');
  private readonly siteToggle = byId<HTMLInputElement>('site-toggle');
  private readonly siteToggleLabel = byId<HTMLSpanElement>('site-toggle-label');
  private readonly siteRow = byId<HTMLElement>('site-row');
  private readonly storageWarning = byId<HTMLParagraphElement>('storage-warning');
  private readonly siteAccess = byId<HTMLElement>('site-access');
  private readonly siteAuto = byId<HTMLInputElement>('site-auto');
  private readonly siteAutoLabel = byId<HTMLSpanElement>('site-auto-label');
  private readonly siteAutoStatus = byId<HTMLParagraphElement>('site-auto-status');
  private readonly mode: SiteAccessMode;
  /** The match pattern the "check automatically" box grants (per-site build), known once the page is. */
  private autoPattern: string | null = null;

  constructor(private readonly options: PopupOptions) {
    this.fromQuery = tabIdFromSearch(options.search) !== null;
    this.pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
    this.pollLimitMs = options.pollLimitMs ?? POLL_LIMIT_MS;
    this.exportJson.addEventListener('click', () => this.export('json'));
    this.exportCsv.addEventListener('click', () => this.export('csv'));
    this.backButton.addEventListener('click', () => this.backToPage());
    this.checkForm.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.checkPasted();
    });
    this.siteToggle.addEventListener('change', () => void this.setSiteEnabled(this.siteToggle.checked));
    this.mode = siteAccessMode(browser.runtime.getManifest());
    // permissions.request must be called in the click's own task (a user gesture): no await before it.
    this.siteAuto.addEventListener('change', () => void this.setSiteAuto(this.siteAuto.checked));
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

  private async checkPasted(): Promise<void> {
    const text = this.checkText.value;
    if (!text.trim()) {
      this.checkStatus.textContent = t('popupPasteFirst');
      this.checkText.focus();
      return;
    }
    const button = this.checkForm.querySelector('button');
    if (button) button.disabled = true;
    this.checkStatus.textContent = t('popupCheckingText');
    try {
      const { report, error } = await sendToBackground('check-text', { text });
      if (error) {
        this.checkStatus.textContent = t('popupCheckFailed', displayText(error, 300));
        return;
      }
      this.checkStatus.textContent = '';
      this.view = { report, highlighted: [], pasted: true };
      this.render();
      this.heading.focus();
    } catch (e) {
      this.checkStatus.textContent = t('popupCheckFailed', displayText(errorText(e), 300));
    } finally {
      if (button) button.disabled = false;
    }
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
    await this.renderSiteAuto();
    const url = this.pageUrl();
    const host = this.host();
    if (!url || !host) {
      this.siteRow.hidden = true;
      return;
    }
    const settings = await loadSettings();
    this.siteRow.hidden = false;
    this.siteToggle.checked = !isSiteDisabled(settings, url);
    this.siteToggleLabel.textContent = t('popupSiteToggleHost', displayText(host, 100));
  }

  private async setSiteEnabled(enabled: boolean): Promise<void> {
    const host = this.host();
    if (!host) return;
    // Off: the site joins the deny list (the content script is no longer registered for it); on: it leaves
    // it, and joins the allow list in allow-list mode.
    await saveSettings(siteSwitchPatch(await loadSettings(), host, enabled));
    this.siteToggle.checked = enabled;
    try {
      await sendToBackground('settings-changed', {});
    } catch {
      // The settings are saved; the background re-reads them when it next checks a page.
    }
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

  /** Per-site build: the "check this site automatically" box, checked when the site is granted. */
  private async renderSiteAuto(): Promise<void> {
    const permissions = permissionsApi();
    this.autoPattern = this.mode === 'per-site' ? sitePattern(this.pageUrl()) : null;
    if (!this.autoPattern || !permissions) {
      this.siteAccess.hidden = true;
      return;
    }
    this.siteAccess.hidden = false;
    // The exact host granted (www. included), not the site switch's shortened one: the grant covers no more.
    const host = this.autoPattern.replace(/^https?:\/\//, '').replace(/\/\*$/, '');
    this.siteAutoLabel.textContent = t('popupSiteAutoHost', displayText(host, 100));
    try {
      this.siteAuto.checked = await permissions.contains({ origins: [this.autoPattern] });
    } catch {
      this.siteAuto.checked = false;
    }
    this.siteAutoStatus.textContent = this.siteAuto.checked ? '' : t('popupSiteAutoHelp');
  }

  /**
   * Grants or revokes the site. The background follows the grant (permissions.onAdded / onRemoved) and
   * registers or unregisters the content script for it (src/background/site-access.ts).
   */
  private async setSiteAuto(on: boolean): Promise<void> {
    const permissions = permissionsApi();
    const pattern = this.autoPattern;
    if (!permissions || !pattern) return;
    const origins = [pattern];
    let granted: boolean;
    try {
      granted = on ? await permissions.request({ origins }) : !(await permissions.remove({ origins }));
    } catch {
      granted = !on;
    }
    // A grant of all sites (in the browser's own settings) cannot be narrowed from here: show what holds.
    try {
      granted = await permissions.contains({ origins });
    } catch {
      // keep the answer of request/remove
    }
    this.siteAuto.checked = granted;
    this.siteAutoStatus.textContent = on && !granted ? t('popupSiteAutoRefused') : granted ? '' : t('popupSiteAutoHelp');
  }
}

export interface PermissionsLike {
  contains(p: { origins: string[] }): Promise<boolean>;
  request(p: { origins: string[] }): Promise<boolean>;
  remove(p: { origins: string[] }): Promise<boolean>;
}

function permissionsApi(): PermissionsLike | null {
  return (browser as unknown as { permissions?: PermissionsLike }).permissions ?? null;
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
