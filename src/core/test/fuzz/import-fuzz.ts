/**
 * Shared setup of the importer fuzz tests (import-*.fuzz.test.ts): running an import to the
 * end, the invariants every import keeps, and the small generators (words, chunk cuts, encodings). The
 * generated files of known-good records among garbage are in import-fuzz-files.ts.
 */
import fc from 'fast-check';
import { chunksSource, importSources, type ExtractHtml, type ImportEvent, type ImportSource } from '../../formats/import';
import type { CorpusRecord } from '../../types';
import { enc, splitAt, utf16be, utf16le } from '../import/helpers';
import { WORDS } from '../support/text-gen';

/** A stand-in HTML extractor: the text of the <p> elements; throws on a marker so failures are exercised too. */
export const extractHtml: ExtractHtml = (html, url) => {
  if (html.includes('THROW')) throw new Error('extractor failed');
  const paragraphs = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1].replace(/<[^>]*>/g, '').trim());
  if (paragraphs.length === 0) return null;
  return { title: null, text: paragraphs.join('\n\n'), published: null, outlet: null, url };
};

export interface Collected {
  records: Array<{ record: CorpusRecord; file: string; line: number | null }>;
  issues: Array<{ file: string; line: number | null; reason: string }>;
}

/** Runs an import to the end; any exception fails the property (the importer must never throw). */
export async function run(sources: ImportSource[]): Promise<Collected> {
  const out: Collected = { records: [], issues: [] };
  for await (const e of importSources(sources, { extractHtml }) as AsyncGenerator<ImportEvent>) {
    if (e.type === 'record') out.records.push(e);
    else if (e.type === 'issue') out.issues.push(e.issue);
  }
  return out;
}

/** Invariants that hold for every import; `lines`: the file's line count when known (a top-level text file). */
export function checkCommon(c: Collected, lines: Map<string, number>): void {
  for (const { record, file, line } of c.records) {
    if (typeof record.id !== 'string' || record.id.trim() === '') throw new Error(`record without id in ${file}`);
    if (typeof record.text !== 'string' || record.text.trim() === '') throw new Error(`record ${record.id} without text`);
    const n = lines.get(file);
    if (line !== null && (line < 1 || (n !== undefined && line > n))) throw new Error(`record line ${line} outside ${file} (${n} lines)`);
  }
  for (const issue of c.issues) {
    if (typeof issue.reason !== 'string' || issue.reason === '') throw new Error('issue without reason');
    const n = lines.get(issue.file);
    if (issue.line !== null) {
      if (!Number.isInteger(issue.line) || issue.line < 1 || (n !== undefined && issue.line > n)) {
        throw new Error(`issue line ${issue.line} outside ${issue.file} (${n} lines): ${issue.reason}`);
      }
      if (!issue.reason.startsWith(`line ${issue.line}: `)) throw new Error(`issue reason lacks its line prefix: ${issue.reason}`);
    }
  }
  // Fallback ids (`file:LINE`, `file:LINE#k`) never repeat.
  const fallback = c.records.map((r) => r.record.id).filter((id) => /:\d+(?:#\d+)?$/.test(id));
  expect(new Set(fallback).size).toBe(fallback.length);
}

export const wordsArb = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...WORDS, 'naïve', 'Zürich', 'Москва', '東京', '😀', 'l’été', '"quoted"', 'a,b', 'semi;colon', 'tab\there', 'x|y'), {
    minLength: min,
    maxLength: max,
  }).map((ws) => ws.join(' '));

/** Chunk cut points for a byte length (0–6 cuts anywhere, including inside a multi-byte character). */
export const cutsArb = fc.array(fc.nat(), { maxLength: 6 });

/** An encoding of a text file: UTF-8 (with or without BOM) or UTF-16 with a BOM. */
export type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';
export const encodingArb = fc.constantFrom<Encoding>('utf8', 'utf8', 'utf8-bom', 'utf16le', 'utf16be');
export function encode(text: string, e: Encoding): Uint8Array {
  if (e === 'utf8') return enc(text);
  if (e === 'utf8-bom') return enc('\uFEFF' + text);
  return e === 'utf16le' ? utf16le(text, true) : utf16be(text, true);
}

export function source(path: string, bytes: Uint8Array, cuts: number[]): ImportSource {
  return chunksSource(path, splitAt(bytes, cuts.map((c) => c % (bytes.length + 1))));
}

export interface Good {
  id: string;
  text: string;
}

export interface MixedFile {
  text: string;
  goods: Array<Good & { line: number }>;
}

/** Checks that every known-good record came out exactly once, with its text and line. */
export function checkGoods(c: Collected, goods: MixedFile['goods']): void {
  const byId = new Map<string, Array<{ record: CorpusRecord; line: number | null }>>();
  for (const r of c.records) {
    const list = byId.get(r.record.id) ?? [];
    list.push(r);
    byId.set(r.record.id, list);
  }
  for (const g of goods) {
    const found = byId.get(g.id);
    if (!found || found.length !== 1) {
      throw new Error(`good record ${g.id} (line ${g.line}) came out ${found?.length ?? 0} times; issues: ${JSON.stringify(c.issues.slice(0, 5))}`);
    }
    expect(found[0].record.text).toBe(g.text);
    expect(found[0].line).toBe(g.line);
  }
}
