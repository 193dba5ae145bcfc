/**
 * The toolbar badge of a tab: how many sources, coloured by how much of the article is recycled.
 *
 * The share is the UNION of the matches: page words covered by any source, Σ sharedWords ÷ words. The
 * engine attributes each page word to one source, so the matches' words never overlap and their sum is the
 * union (capped at 100 % against rounding). The union, not the largest single coverage, because an article
 * stitched from three wires at 30 % each is 90 % recycled, which is what the colour should say.
 */
import browser from 'webextension-polyfill';
import type { PageReport } from '@wiretrace/engine';
import { AMBER_SHARE, RED_SHARE } from '../shared/reuse-share';

// The colour thresholds live in src/shared/reuse-share.ts: the reading history's outlet report uses them too.
export { AMBER_SHARE, RED_SHARE };

/**
 * Badge colours with their text colours, chosen for contrast (WCAG AA, ≥ 4.5:1): white on blue-grey
 * (5.6:1), black on amber (11:1), white on red (5.6:1).
 */
export const BADGE_COLOURS = {
  low: { background: '#546E7A', text: '#FFFFFF' },
  medium: { background: '#FFB300', text: '#000000' },
  high: { background: '#C62828', text: '#FFFFFF' },
} as const;

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

export function recycledShare(report: Pick<PageReport, 'words' | 'matches'>): number {
  if (report.words <= 0) return 0;
  const shared = report.matches.reduce((sum, m) => sum + m.sharedWords, 0);
  return Math.min(1, shared / report.words);
}

export function defaultTitle(): string {
  return browser.i18n.getMessage('actionTitle') || 'WireTrace';
}

/** The badge for a checked page; blank (default title) when nothing was found. */
export function badgeFor(report: Pick<PageReport, 'words' | 'matches' | 'sourceCount'> | null): BadgeLook {
  if (!report || report.sourceCount <= 0) {
    return { icon: ICONS.idle, text: '', background: BADGE_COLOURS.low.background, textColor: BADGE_COLOURS.low.text, title: defaultTitle() };
  }
  const share = recycledShare(report);
  const colours = share >= RED_SHARE ? BADGE_COLOURS.high : share >= AMBER_SHARE ? BADGE_COLOURS.medium : BADGE_COLOURS.low;
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
export async function showBadge(tabId: number, report: Pick<PageReport, 'words' | 'matches' | 'sourceCount'> | null): Promise<void> {
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
