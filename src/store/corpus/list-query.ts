/** Filtering and sorting of record listings (the options page's corpus table). */
import type { ListQuery, RecordSummary } from '../api';
import { outletKey } from '../idb/record-rows';
import type { RecordRow } from '../idb/schema';

/** Rows per page when the caller gives no limit: one screenful of the table. */
export const DEFAULT_LIST_LIMIT = 50;

/** A predicate for the query's filters (an empty outlet or search means no filter). */
export function rowFilter(query: ListQuery): (row: RecordRow) => boolean {
  const search = query.search?.trim().toLowerCase() ?? '';
  const outlet = outletKey(query.outlet);
  const from = query.from?.trim() || null;
  const to = query.to?.trim() || null;
  return (row) => {
    if (outlet !== null && row.outletKey !== outlet) return false;
    if (search && ![row.title, row.outlet, row.url].some((f) => f?.toLowerCase().includes(search))) return false;
    if (from !== null || to !== null) {
      const p = row.published;
      if (!p) return false;
      if (from !== null && p < from) return false;
      // `to` is inclusive at its own precision: to "2021-08-17" keeps "2021-08-17T23:00:00Z".
      if (to !== null && p.slice(0, to.length) > to) return false;
    }
    return true;
  };
}

const byText = (a: string | null, b: string | null): number => {
  if (a === b) return 0;
  if (a === null) return 1; // unknown last, whatever the direction
  if (b === null) return -1;
  return a < b ? -1 : 1;
};

export function compareSummaries(sort: NonNullable<ListQuery['sort']>): (a: RecordSummary, b: RecordSummary) => number {
  const tie = (a: RecordSummary, b: RecordSummary): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  switch (sort) {
    case 'published-asc':
      return (a, b) => byText(a.published, b.published) || tie(a, b);
    case 'title':
      return (a, b) => (a.title ?? '').localeCompare(b.title ?? '') || tie(a, b);
    case 'added-desc':
      return (a, b) => byText(b.addedAt, a.addedAt) || tie(a, b);
    case 'published-desc':
      return (a, b) => {
        if (a.published === null || b.published === null) return byText(a.published, b.published) || tie(a, b);
        return byText(b.published, a.published) || tie(a, b);
      };
  }
}
