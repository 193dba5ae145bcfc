/**
 * Checks one ingest line: a JSON object in the importer's `CorpusRecord` shape. Strings PostgreSQL cannot
 * store as they are (NUL characters) or UTF-8 cannot carry (lone surrogates) are refused, not altered.
 */
import type { CorpusRecord } from '@wiretrace/engine';

/** Longest id accepted: ids are indexed, and a btree entry must stay well under 2,700 bytes. */
export const MAX_ID_CHARS = 512;
/** Longest title, outlet, url, byline or published value. */
export const MAX_FIELD_CHARS = 8192;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const OPTIONAL = ['title', 'outlet', 'url', 'published', 'byline'] as const;

export function badString(field: string, v: string, max: number): string | null {
  if (v.length > max) return `${field} is longer than ${max} characters`;
  if (v.includes('\u0000')) return `${field} contains a NUL character`;
  if (LONE_SURROGATE.test(v)) return `${field} contains a lone UTF-16 surrogate (not valid Unicode)`;
  return null;
}

/** The record, or the reason it is refused. */
export function checkRecord(value: unknown): CorpusRecord | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const o = value as Record<string, unknown>;
  if (typeof o.id !== 'string' || o.id.trim() === '') return 'no "id" (a non-empty string)';
  if (typeof o.text !== 'string' || o.text.trim() === '') return 'no "text" (a non-empty string)';
  const why = badString('id', o.id, MAX_ID_CHARS) ?? badString('text', o.text, Infinity);
  if (why) return why;
  const record: CorpusRecord = { id: o.id, title: null, outlet: null, url: null, published: null, text: o.text };
  for (const f of OPTIONAL) {
    const v = o[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return `"${f}" must be a string or null`;
    const bad = badString(f, v, MAX_FIELD_CHARS);
    if (bad) return bad;
    record[f] = v;
  }
  if (o.published !== undefined && o.published !== null && Number.isNaN(Date.parse(o.published as string))) {
    return `"published" is not an ISO 8601 date: ${JSON.stringify(o.published).slice(0, 80)}`;
  }
  return record;
}
