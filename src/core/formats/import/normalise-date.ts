/**
 * Publication dates to ISO 8601: `YYYY-MM-DD` when only a date was given, `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC)
 * when there was a time. Times without a zone are taken as UTC so results never depend on the machine's
 * time zone. Anything unreadable gives null; it is never an error.
 */

/** Numbers at or above this are epoch values; smaller ones (a bare year, a count) are not dates. */
const MIN_EPOCH_SECONDS = 1e8; // 1973-03-03
/** Epoch values below this are seconds, from here on milliseconds (1e11 s would be the year 5138). */
const EPOCH_MILLIS_FROM = 1e11;
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

const MONTH_NAME = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b/i;
const TIME_OF_DAY = /\d{1,2}:\d{2}/;
const ZONE = /(?:\b(?:z|gmt|utc|ut|[ecmp][sd]t)\b|[+-]\d{2}:?\d{2}\s*$)/i;

export function normalisePublished(value: unknown): string | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (s === '') return null;

  if (/^\d{9,13}(?:\.\d+)?$/.test(s)) return fromEpoch(Number(s));

  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s) ?? /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return isoDate(+m[1], +m[2], +m[3]);

  m = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i.exec(s);
  if (m) {
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    return isoDateTime(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, ms, zoneOffsetMinutes(m[8]));
  }

  m = /^(\d{1,2})([./])(\d{1,2})\2(\d{4})$/.exec(s);
  if (m) return dayMonthYear(+m[1], +m[3], +m[4], m[2]);

  if (MONTH_NAME.test(s)) return fromNamedMonth(s);
  return null;
}

function fromEpoch(n: number): string | null {
  if (!Number.isFinite(n) || Math.abs(n) < MIN_EPOCH_SECONDS) return null;
  const date = new Date(Math.abs(n) < EPOCH_MILLIS_FROM ? n * 1000 : n);
  return validIso(date);
}

function validIso(date: Date): string | null {
  const t = date.getTime();
  if (Number.isNaN(t)) return null;
  const year = date.getUTCFullYear();
  return year < MIN_YEAR || year > MAX_YEAR ? null : date.toISOString();
}

function isoDate(year: number, month: number, day: number): string | null {
  if (!validYmd(year, month, day)) return null;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function isoDateTime(
  year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number,
  offsetMinutes: number | null,
): string | null {
  if (!validYmd(year, month, day) || hour > 24 || minute > 59 || second > 60 || offsetMinutes === null) return null;
  return validIso(new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000));
}

/** Minutes east of UTC for `Z`, `+02:00`, `-0500`, `+01`; 0 when there is no zone; null when malformed. */
function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const minutes = +m[2] * 60 + (m[3] ? +m[3] : 0);
  return minutes > 18 * 60 ? null : (m[1] === '-' ? -minutes : minutes);
}

/**
 * `01.03.2024` (dots: day first), `13/03/2024`, `03/13/2024`. With slashes and both parts ≤ 12 the order is
 * ambiguous (day/month in most of the world, month/day in the US), so the result is null.
 */
function dayMonthYear(a: number, b: number, year: number, separator: string): string | null {
  if (separator === '.') return isoDate(year, b, a);
  if (a > 12 && b <= 12) return isoDate(year, b, a);
  if (b > 12 && a <= 12) return isoDate(year, a, b);
  return null;
}

/** RFC 2822 (`Fri, 01 Mar 2024 12:00:00 GMT`, RSS `pubDate`), `March 1, 2024`, `1 Mar 2024 10:00 +0100`… */
function fromNamedMonth(s: string): string | null {
  const parsed = new Date(s);
  if (Number.isNaN(parsed.getTime())) return null;
  // Without a zone the engine read the string in local time: take the local fields as they were written.
  if (!TIME_OF_DAY.test(s)) return isoDate(parsed.getFullYear(), parsed.getMonth() + 1, parsed.getDate());
  if (ZONE.test(s)) return validIso(parsed);
  return validIso(new Date(Date.UTC(
    parsed.getFullYear(), parsed.getMonth(), parsed.getDate(),
    parsed.getHours(), parsed.getMinutes(), parsed.getSeconds(), parsed.getMilliseconds(),
  )));
}

function validYmd(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
