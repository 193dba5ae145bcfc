/** The popup's addresses: the `?tab=<id>` it may be opened with, and the compare page it opens. */
import browser from 'webextension-polyfill';

export const COMPARE_PAGE = 'src/ui/compare/index.html';

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
