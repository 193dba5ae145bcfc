/**
 * The popup's site controls: the footer's "Check articles on this site" switch (the settings' site lists)
 * and, in the per-site build, "Check this site automatically" (a host permission for the site).
 */
import browser from 'webextension-polyfill';
import { sendToBackground } from '../../shared/send';
import { isSiteDisabled, loadSettings, saveSettings, siteSwitchPatch } from '../../shared/settings';
import { sitePattern, type SiteAccessMode } from '../../shared/site-access';
import { byId, displayText } from '../shared/dom';
import { hostOf } from '../shared/format';
import { t } from '../shared/i18n';

export interface PermissionsLike {
  contains(p: { origins: string[] }): Promise<boolean>;
  request(p: { origins: string[] }): Promise<boolean>;
  remove(p: { origins: string[] }): Promise<boolean>;
}

function permissionsApi(): PermissionsLike | null {
  return (browser as unknown as { permissions?: PermissionsLike }).permissions ?? null;
}

/** The footer switch: off adds the page's site to the deny list, on takes it off (and allows it in allow-list mode). */
export class SiteSwitch {
  private readonly row = byId<HTMLElement>('site-row');
  private readonly toggle = byId<HTMLInputElement>('site-toggle');
  private readonly label = byId<HTMLSpanElement>('site-toggle-label');

  /** `pageUrl` gives the page shown; `switched` follows a change made here (the settings are saved by then). */
  constructor(
    private readonly pageUrl: () => string | null,
    private readonly switched: (enabled: boolean, host: string) => Promise<void>,
  ) {
    this.toggle.addEventListener('change', () => void this.set(this.toggle.checked));
  }

  async render(): Promise<void> {
    const url = this.pageUrl();
    const host = hostOf(url);
    if (!url || !host) {
      this.row.hidden = true;
      return;
    }
    const settings = await loadSettings();
    this.row.hidden = false;
    this.toggle.checked = !isSiteDisabled(settings, url);
    this.label.textContent = t('popupSiteToggleHost', displayText(host, 100));
  }

  async set(enabled: boolean): Promise<void> {
    const host = hostOf(this.pageUrl());
    if (!host) return;
    // Off: the site joins the deny list (the content script is no longer registered for it); on: it leaves
    // it, and joins the allow list in allow-list mode.
    await saveSettings(siteSwitchPatch(await loadSettings(), host, enabled));
    this.toggle.checked = enabled;
    try {
      await sendToBackground('settings-changed', {});
    } catch {
      // The settings are saved; the background re-reads them when it next checks a page.
    }
    await this.switched(enabled, host);
  }
}

/** Per-site build: the "check this site automatically" box, checked when the site is granted. */
export class SiteAutoCheck {
  private readonly section = byId<HTMLElement>('site-access');
  private readonly box = byId<HTMLInputElement>('site-auto');
  private readonly label = byId<HTMLSpanElement>('site-auto-label');
  private readonly status = byId<HTMLParagraphElement>('site-auto-status');
  /** The match pattern the box grants, known once the page is. */
  private pattern: string | null = null;

  constructor(
    private readonly mode: SiteAccessMode,
    private readonly pageUrl: () => string | null,
  ) {
    // permissions.request must be called in the click's own task (a user gesture): no await before it.
    this.box.addEventListener('change', () => void this.set(this.box.checked));
  }

  async render(): Promise<void> {
    const permissions = permissionsApi();
    this.pattern = this.mode === 'per-site' ? sitePattern(this.pageUrl()) : null;
    if (!this.pattern || !permissions) {
      this.section.hidden = true;
      return;
    }
    this.section.hidden = false;
    // The exact host granted (www. included), not the site switch's shortened one: the grant covers no more.
    const host = this.pattern.replace(/^https?:\/\//, '').replace(/\/\*$/, '');
    this.label.textContent = t('popupSiteAutoHost', displayText(host, 100));
    try {
      this.box.checked = await permissions.contains({ origins: [this.pattern] });
    } catch {
      this.box.checked = false;
    }
    this.status.textContent = this.box.checked ? '' : t('popupSiteAutoHelp');
  }

  /**
   * Grants or revokes the site. The background follows the grant (permissions.onAdded / onRemoved) and
   * registers or unregisters the content script for it (src/background/site-access.ts).
   */
  private async set(on: boolean): Promise<void> {
    const permissions = permissionsApi();
    const pattern = this.pattern;
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
    this.box.checked = granted;
    this.status.textContent = on && !granted ? t('popupSiteAutoRefused') : granted ? '' : t('popupSiteAutoHelp');
  }
}
