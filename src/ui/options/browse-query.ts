/** The browse table's filter state and the store query it gives (pure). */
import type { ListQuery } from '../../store/api';
import { formatCount, t, type MessageKey } from '../shared/i18n';

export const PAGE_SIZE = 50;

export type SortOrder = NonNullable<ListQuery['sort']>;

/** Each sort order's label (a message key, so that the menu is localised). */
export const SORT_LABEL_KEYS: Readonly<Record<SortOrder, MessageKey>> = {
  'published-desc': 'sortNewest',
  'published-asc': 'sortOldest',
  title: 'sortTitle',
  'added-desc': 'sortAdded',
};

export const DEFAULT_SORT: SortOrder = 'published-desc';

export interface BrowseState {
  search: string;
  /** '' for every outlet. */
  outlet: string;
  /** `YYYY-MM-DD` from `<input type=date>`, or ''. */
  from: string;
  to: string;
  sort: SortOrder;
  /** 0-based. */
  page: number;
}

export const INITIAL_BROWSE_STATE: Readonly<BrowseState> = Object.freeze({
  search: '',
  outlet: '',
  from: '',
  to: '',
  sort: DEFAULT_SORT,
  page: 0,
});

export function isSortOrder(value: string): value is SortOrder {
  return Object.hasOwn(SORT_LABEL_KEYS, value);
}

export function buildListQuery(state: BrowseState, pageSize = PAGE_SIZE): ListQuery {
  const query: ListQuery = { sort: state.sort, offset: state.page * pageSize, limit: pageSize };
  const search = state.search.trim();
  if (search) query.search = search;
  if (state.outlet) query.outlet = state.outlet;
  if (state.from) query.from = state.from;
  // Both ends are inclusive at the day's precision in the store: to "2024-03-01" keeps "2024-03-01T18:00Z".
  if (state.to) query.to = state.to;
  return query;
}

/** Number of pages for `total` records (at least one, so "page 1 of 1" shows for an empty corpus). */
export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** "1–50 of 2,345" (or "0 of 0"). */
export function rangeText(page: number, shown: number, total: number, pageSize = PAGE_SIZE): string {
  if (shown === 0) return t('browseRangeEmpty', formatCount(total));
  const first = page * pageSize + 1;
  return t('browseRange', formatCount(first), formatCount(first + shown - 1), formatCount(total));
}

/** The day part of an ISO date for the table ("2024-03-01T12:00:00.000Z" → "2024-03-01"). */
export function displayDate(published: string | null): string {
  return published ? published.slice(0, 10) : '';
}
