/** Shared helpers for the importer tests (not a test file itself). */
import {
  bytesSource,
  chunksSource,
  collectImport,
  importSources,
  type CollectOptions,
  type ExtractHtml,
  type ImportEvent,
  type ImportOptions,
  type ImportSource,
} from '../../formats/import';
import type { CorpusRecord } from '../../types';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Runs an import and returns all events except progress. */
export async function events(sources: ImportSource[], opts?: ImportOptions): Promise<ImportEvent[]> {
  const out: ImportEvent[] = [];
  for await (const e of importSources(sources, opts)) if (e.type !== 'progress') out.push(e);
  return out;
}

export async function importOne(
  path: string,
  data: string | Uint8Array,
  opts: CollectOptions & { chunkSize?: number } = {},
): Promise<Awaited<ReturnType<typeof collectImport>>> {
  return collectImport([bytesSource(path, data, opts.chunkSize)], opts);
}

/** Splits bytes at the given offsets into chunks. */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(bytes.length, c))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    chunks.push(bytes.slice(prev, p));
    prev = p;
  }
  chunks.push(bytes.slice(prev));
  return chunks;
}

export function chunked(path: string, bytes: Uint8Array, cuts: number[]): ImportSource {
  return chunksSource(path, splitAt(bytes, cuts));
}

export function texts(records: CorpusRecord[]): string[] {
  return records.map((r) => r.text);
}

export function reasons(summary: { issues: { reason: string }[] }): string[] {
  return summary.issues.map((i) => i.reason);
}

/** UTF-16 encoders (TextEncoder only does UTF-8). */
export function utf16le(s: string, bom: boolean): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  let at = 0;
  if (bom) {
    out[0] = 0xff;
    out[1] = 0xfe;
    at = 2;
  }
  for (let i = 0; i < s.length; i++, at += 2) {
    const c = s.charCodeAt(i);
    out[at] = c & 0xff;
    out[at + 1] = c >> 8;
  }
  return out;
}

export function utf16be(s: string, bom: boolean): Uint8Array {
  const le = utf16le(s, bom);
  const out = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1];
    out[i + 1] = le[i];
  }
  return out;
}

/** Latin-1 bytes of a string whose characters are all ≤ U+00FF. */
export function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

/** A fake extractor: takes the <title> and the text of <p> elements. */
export const fakeExtractor: ExtractHtml = (html, url) => {
  const paragraphs = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1].trim());
  if (paragraphs.length === 0) return null;
  const title = /<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? null;
  const published = /<time datetime="([^"]+)"/.exec(html)?.[1] ?? null;
  return { title, text: paragraphs.join('\n\n'), published, outlet: 'Fake Outlet', url };
};
