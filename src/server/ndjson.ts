/** Splits an NDJSON ingest body into checked records and line-numbered issues. Blank lines are skipped. */
import type { CorpusRecord } from '@wiretrace/engine';
import type { IngestIssue } from './api';
import { checkRecord } from './record-check';

export interface ParsedBody {
  records: CorpusRecord[];
  /** Body line of each record (1-based), parallel to `records`. */
  lines: number[];
  issues: IngestIssue[];
}

export function parseNdjson(body: string): ParsedBody {
  const out: ParsedBody = { records: [], lines: [], issues: [] };
  const rows = body.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i].replace(/\r$/, '');
    if (row.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch (e) {
      out.issues.push({ line: i + 1, reason: `not valid JSON (${(e as Error).message})` });
      continue;
    }
    const checked = checkRecord(value);
    if (typeof checked === 'string') out.issues.push({ line: i + 1, reason: checked });
    else {
      out.records.push(checked);
      out.lines.push(i + 1);
    }
  }
  return out;
}
