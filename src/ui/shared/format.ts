/**
 * Small formatting helpers shared by the popup and the compare page: dates, percentages, the
 * "earlier / later than this page" hint, and host names. Pure: no DOM, so tests call them directly.
 */

/** A leading calendar date as written (YYYY-MM-DD), before any time or zone. */
const DAY_RE = /^(\d{4}-\d{2}-\d{2})/;
/** A time component after the date: "T09:00" or " 09:00". */
const HAS_TIME_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** A value, not display text: its first word is the CSS class stem (hint-earlier…); source-list.ts shows it localised. */
export type DateHint = 'earlier than this page' | 'later than this page' | 'same day';

/** The calendar date of an ISO date or date-time as its author wrote it (their own day, not UTC's). */
export function dayOf(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const m = DAY_RE.exec(iso.trim());
  return m ? m[1] : null;
}

/**
 * How a source's date relates to the page's. Times are compared when both dates carry one; when either is a
 * bare date, only the days are (a date-only "2021-08-18" says nothing about the hour). Null when either is
 * unknown or unreadable.
 */
export function dateHint(pageDate: string | null | undefined, sourceDate: string | null | undefined): DateHint | null {
  const pd = dayOf(pageDate);
  const sd = dayOf(sourceDate);
  if (!pd || !sd || !pageDate || !sourceDate) return null;
  if (HAS_TIME_RE.test(pageDate.trim()) && HAS_TIME_RE.test(sourceDate.trim())) {
    const p = Date.parse(pageDate);
    const s = Date.parse(sourceDate);
    if (!Number.isNaN(p) && !Number.isNaN(s) && p !== s) return s < p ? 'earlier than this page' : 'later than this page';
    if (!Number.isNaN(p) && !Number.isNaN(s)) return 'same day';
  }
  if (sd === pd) return 'same day';
  return sd < pd ? 'earlier than this page' : 'later than this page';
}

/** "17 Aug 2021" for a date, the date only for a date-time; the raw string when unreadable; "" when null. */
export function formatDate(iso: string | null | undefined): string {
  const day = dayOf(iso);
  if (!day) return iso ? iso.slice(0, 40) : '';
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== m - 1) return day;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A share 0..1 as a whole percentage; "<1" for a small non-zero share, so that a real match never reads "0". */
export function percentNumber(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0';
  const p = Math.round(Math.min(1, share) * 100);
  return p === 0 ? '<1' : String(p);
}

/** "42 %" (the brief's style: a thin gap between the number and the sign). */
export function percentLabel(share: number): string {
  return `${percentNumber(share)} %`;
}

/** The host of an http(s) URL without "www.", or null. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** Parts of "when a captured page was read", in the reader's own time zone (see `seenWhen`). */
export type SeenWhen = { day: 'today' | 'yesterday'; time: string } | { day: 'earlier'; date: string; time: string };

/**
 * When a page was read, relative to `now` in the local time zone: today, yesterday, or the date. Null for
 * an unreadable time.
 */
export function seenWhen(iso: string, now: Date = new Date()): SeenWhen | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const dayStart = (d: Date): number => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((dayStart(now) - dayStart(at)) / 86_400_000);
  if (days === 0) return { day: 'today', time };
  if (days === 1) return { day: 'yesterday', time };
  return { day: 'earlier', date: at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }), time };
}
