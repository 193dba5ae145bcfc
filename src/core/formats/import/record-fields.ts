/**
 * Field mapping: from a JSON object or a CSV row to a `CorpusRecord`. Field names are matched
 * case-insensitively; for each field the first candidate with a non-empty value wins.
 */
import type { CorpusRecord } from '../../types';
import { normalisePublished } from './normalise-date';
import { normaliseLine, normaliseText } from './text-normalise';
import type { ExtractHtml } from './types';

/** Candidate names, lower case, in order of preference. */
export const ID_FIELDS = ['id', 'guid', 'uuid', '_id'];
export const URL_FIELDS = ['url', 'link', 'href', 'canonical_url'];
export const TITLE_FIELDS = ['title', 'headline', 'name'];
export const OUTLET_FIELDS = ['outlet', 'source', 'publisher', 'site', 'site_name', 'domain'];
export const PUBLISHED_FIELDS = [
  'published', 'date', 'pubdate', 'published_at', 'publishedat', 'datepublished', 'scrape_time', 'timestamp',
];
export const BYLINE_FIELDS = ['byline'];
export const TEXT_FIELDS = ['text', 'body', 'content', 'article', 'articlebody', 'maintext'];
/** Used through `extractHtml` when none of the text fields has a value. */
export const HTML_FIELD = 'html';

/** The message for a record without text (spelled with the names as users write them). */
export const NO_TEXT_REASON = 'no text field (looked for text, body, content, article, articleBody, maintext, html)';

/** Returns the raw value stored under a lower-case field name, or undefined. */
export type FieldLookup = (lowerName: string) => unknown;

export type RecordResult = { record: CorpusRecord } | { error: string };

/** Lookup over a parsed JSON object; when two keys differ only in case, the first one in the object wins. */
export function objectLookup(obj: Record<string, unknown>): FieldLookup {
  const byLower = new Map<string, unknown>();
  for (const key of Object.keys(obj)) {
    const lower = key.toLowerCase();
    const existing = byLower.get(lower);
    if (existing === undefined || isBlank(existing)) byLower.set(lower, obj[key]);
  }
  return (name) => byLower.get(name);
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** Strings as they are, finite numbers as their decimal form; anything else is no value. */
function scalarString(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function pickLine(get: FieldLookup, names: string[], allowNamedObject: boolean): string | null {
  for (const name of names) {
    let v = get(name);
    if (allowNamedObject && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      v = (v as Record<string, unknown>).name; // e.g. NewsAPI / schema.org: "source": {"name": "AP"}
    }
    const s = scalarString(v);
    const line = s === null ? null : normaliseLine(s);
    if (line !== null) return line;
  }
  return null;
}

/**
 * The record's own id. Numbers become strings, except integers beyond 2^53: JSON.parse has already rounded
 * them, and two different articles could end up with the same id, so such ids are ignored.
 */
function pickId(get: FieldLookup): string | null {
  for (const name of ID_FIELDS) {
    const v = get(name);
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) continue;
    const s = scalarString(v);
    if (s !== null && s.trim() !== '') return s.trim();
  }
  return null;
}

/** First candidate that reads as a date; unreadable values are passed over, none readable gives null. */
function pickPublished(get: FieldLookup): string | null {
  for (const name of PUBLISHED_FIELDS) {
    const iso = normalisePublished(get(name));
    if (iso !== null) return iso;
  }
  return null;
}

/** A text value: a string, or an array of strings (paragraphs) joined by blank lines. */
function textValue(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length > 0 && v.every((p) => typeof p === 'string')) return v.join('\n\n');
  return null;
}

function pickText(get: FieldLookup): string | null {
  for (const name of TEXT_FIELDS) {
    const raw = textValue(get(name));
    if (raw === null) continue;
    const text = normaliseText(raw);
    if (text !== '') return text;
  }
  return null;
}

/** True when the names (lower case) include a text or html field: used to reject a CSV header early. */
export function hasTextFieldName(lowerNames: Iterable<string>): boolean {
  for (const n of lowerNames) if (n === HTML_FIELD || TEXT_FIELDS.includes(n)) return true;
  return false;
}

/**
 * Builds a record. `fallbackId` is used when the record has no id of its own. Errors are reasons without the
 * `line N:` prefix, which the caller adds.
 */
export function buildRecord(get: FieldLookup, fallbackId: string, extractHtml: ExtractHtml | undefined): RecordResult {
  const id = pickId(get) ?? fallbackId;
  let url = pickLine(get, URL_FIELDS, false);
  let title = pickLine(get, TITLE_FIELDS, false);
  let outlet = pickLine(get, OUTLET_FIELDS, true);
  let published = pickPublished(get);
  let text = pickText(get);
  const byline = pickLine(get, BYLINE_FIELDS, false);

  if (text === null) {
    const html = get(HTML_FIELD);
    if (typeof html !== 'string' || html.trim() === '') return { error: NO_TEXT_REASON };
    if (!extractHtml) return { error: 'HTML import needs an extractor (the record has only an html field)' };
    const extracted = runExtractor(extractHtml, html, url);
    if ('error' in extracted) return extracted;
    text = extracted.text;
    title ??= extracted.title;
    outlet ??= extracted.outlet;
    url ??= extracted.url;
    published ??= extracted.published;
  }
  const record: CorpusRecord = { id, title, outlet, url, published, text };
  if (byline !== null) record.byline = byline;
  return { record };
}

export interface ExtractedFields {
  text: string;
  title: string | null;
  outlet: string | null;
  url: string | null;
  published: string | null;
}

/** Runs the injected extractor and normalises what it returns; an empty result counts as "no article". */
export function runExtractor(
  extractHtml: ExtractHtml, html: string, url: string | null,
): ExtractedFields | { error: string } {
  let found;
  try {
    found = extractHtml(html, url);
  } catch (e) {
    return { error: `HTML extraction failed (${e instanceof Error ? e.message : String(e)})` };
  }
  const text = found && typeof found.text === 'string' ? normaliseText(found.text) : '';
  if (!found || text === '') return { error: 'no article found' };
  return {
    text,
    title: typeof found.title === 'string' ? normaliseLine(found.title) : null,
    outlet: typeof found.outlet === 'string' ? normaliseLine(found.outlet) : null,
    url: typeof found.url === 'string' ? normaliseLine(found.url) : null,
    published: normalisePublished(found.published),
  };
}
