/**
 * "Export JSON" / "Export CSV": the results shown, as files the reader downloads. Built with a Blob and an
 * `<a download>`, so the extension needs no `downloads` permission.
 */
import Papa from 'papaparse';
import type { PageReport } from '@wiretrace/engine';
import { hostOf } from '../shared/format';
import { downloadBlob } from '../shared/download';

/** The JSON export: the CLI's report shape plus what the content script highlighted. */
export type ExportedReport = PageReport & { highlighted: string[] };

export const CSV_FIELDS = [
  'source_id',
  'outlet',
  'title',
  'url',
  'published',
  'kind',
  'quote',
  'page_start',
  'page_end',
  'source_start',
  'source_end',
  'others',
  'passage',
] as const;

export function reportJson(report: PageReport, highlighted: readonly string[]): string {
  const out: ExportedReport = { ...report, highlighted: [...highlighted] };
  return JSON.stringify(out, null, 2);
}

/** One row per span, in the report's order (matches ranked, spans by page position). */
export function reportCsv(report: PageReport): string {
  const rows: string[][] = [];
  for (const m of report.matches) {
    for (const s of m.spans) {
      rows.push([
        m.source.id,
        m.source.outlet ?? '',
        m.source.title ?? '',
        m.source.url ?? '',
        m.source.published ?? '',
        s.kind,
        s.quote ? 'true' : 'false',
        String(s.start),
        String(s.end),
        String(s.sourceStart),
        String(s.sourceEnd),
        s.others.join(' '),
        report.text.slice(s.start, s.end),
      ]);
    }
  }
  // escapeFormulae: the texts are untrusted, and a cell starting with = + - @ runs as a formula in
  // spreadsheet programs; Papa prefixes such cells with a quote. Papa quotes cells holding the delimiter,
  // quotes or line breaks, and doubles inner quotes (RFC 4180).
  return Papa.unparse({ fields: [...CSV_FIELDS], data: rows }, { escapeFormulae: true, newline: '\r\n' });
}

/** "wiretrace-example.com-2024-05-01.csv"; "wiretrace-text-…" for pasted text. */
export function exportFileName(report: Pick<PageReport, 'page' | 'url'>, ext: 'json' | 'csv', now = new Date()): string {
  const host = hostOf(report.url) ?? hostOf(report.page) ?? 'text';
  const safeHost = host.replace(/[^a-z0-9.-]/gi, '_');
  return `wiretrace-${safeHost}-${now.toISOString().slice(0, 10)}.${ext}`;
}

/** Hands a file to the browser's download flow. */
export function downloadFile(doc: Document, name: string, type: string, content: string): void {
  downloadBlob(new Blob([content], { type }), name, doc);
}
