/**
 * The toolbar badge of a tab: how many sources, coloured by the page's reuse level. The level and the share
 * in the title are the scan's page facts (src/core/facts.ts: the union of every source's words), the same
 * facts the popup and the reading history show: the badge computes nothing of its own.
 */
import browser from 'webextension-polyfill';
import type { PageReport, ReuseLevel } from '@wiretrace/engine';

/**
 * Badge colours with their text colours, chosen for contrast (WCAG AA, ≥ 4.5:1): white on blue-grey
 * (5.6:1), black on amber (11:1), white on red (5.6:1).
 */
export const BADGE_COLOURS = {
  low: { background: '#546E7A', text: '#FFFFFF' },
  medium: { background: '#FFB300', text: '#000000' },
  high: { background: '#C62828', text: '#FFFFFF' },
} as const;

/** The colour of each level with sources ('none' shows no badge). */
export const LEVEL_COLOURS: Readonly<Record<Exclude<ReuseLevel, 'none'>, (typeof BADGE_COLOURS)[keyof typeof BADGE_COLOURS]>> = {
  some: BADGE_COLOURS.low,
  recycled: BADGE_COLOURS.medium,
  mostly: BADGE_COLOURS.high,
};

/**
 * The toolbar icon: the plain logo, or the logo with a red dot when the page has matches, so the state is
 * visible even where the badge text is hidden (a narrow toolbar, the overflow menu). Paths are relative to
 * the extension root; icons/ is built by scripts/make-icons.mjs.
 */
export const ICONS = {
  idle: { 16: '/icons/icon-16.png', 32: '/icons/icon-32.png' },
  active: { 16: '/icons/icon-active-16.png', 32: '/icons/icon-active-32.png' },
} as const;

export interface BadgeLook {
  icon: (typeof ICONS)[keyof typeof ICONS];
  text: string;
  background: string;
  textColor: string;
  title: string;
}

/** What the badge reads of a report: the source count and the page facts. */
export type BadgeInput = Pick<PageReport, 'sourceCount' | 'facts'>;

export function defaultTitle(): string {
  return browser.i18n.getMessage('actionTitle') || 'WireTrace';
}

/** The badge for a checked page; blank (default title) when nothing was found. */
export function badgeFor(report: BadgeInput | null): BadgeLook {
  const level = report?.facts.level ?? 'none';
  if (!report || level === 'none') {
    return { icon: ICONS.idle, text: '', background: BADGE_COLOURS.low.background, textColor: BADGE_COLOURS.low.text, title: defaultTitle() };
  }
  const colours = LEVEL_COLOURS[level];
  const share = report.facts.share;
  const n = report.sourceCount;
  return {
    icon: ICONS.active,
    text: String(n),
    background: colours.background,
    textColor: colours.text,
    title: `WireTrace: ${n} ${n === 1 ? 'source' : 'sources'}, ${Math.round(share * 100)} % of this article`,
  };
}

/** Sets the tab's badge; a tab that closed meanwhile is not an error. */
export async function showBadge(tabId: number, report: BadgeInput | null): Promise<void> {
  const look = badgeFor(report);
  const action = browser.action;
  try {
    await Promise.all([
      action.setBadgeText({ tabId, text: look.text }),
      action.setBadgeBackgroundColor({ tabId, color: look.background }),
      // setBadgeTextColor: Chrome 110+, Firefox 63+; older ones pick a colour themselves.
      typeof action.setBadgeTextColor === 'function' ? action.setBadgeTextColor({ tabId, color: look.textColor }) : undefined,
      action.setTitle({ tabId, title: look.title }),
      action.setIcon({ tabId, path: { ...look.icon } }),
    ]);
  } catch {
    // the tab is gone
  }
}

export function resetBadge(tabId: number): Promise<void> {
  return showBadge(tabId, null);
}
