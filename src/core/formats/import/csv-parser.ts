/**
 * CSV / TSV with a header row, parsed with papaparse. The text is handed to papaparse in pieces cut after a
 * newline that lies outside quotes, so quoted fields may hold newlines, delimiters and `""` escapes, and no
 * piece holds more than one chunk's worth of rows (plus one unfinished row).
 *
 * Ragged rows: a row with fewer fields than the header is kept when it still has its text (missing trailing
 * columns are empty). A row with more fields is kept only when the extra fields are empty (trailing
 * delimiters); otherwise its columns are shifted (an unquoted delimiter), so it is skipped with an issue.
 */
import Papa, { type ParseError } from 'papaparse';
import { buildRecord, hasTextFieldName, NO_TEXT_REASON, type FieldLookup } from './record-fields';
import type { FileContext } from './file-context';
import { formatSize, MAX_RECORD_CHARS } from './limits';
import type { TextSink } from './types';

/** Delimiters tried on the header line of a `.csv`, in order of preference when counts tie. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'];

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;

/** Quote states, mirroring papaparse's rules so both agree on where rows end. */
const enum Q {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: a second quote escapes it, a delimiter or newline closes the field. */
  AfterQuote,
  /** Spaces after such a quote: papaparse still accepts a delimiter or newline here. */
  AfterQuoteSpaces,
}

interface Header {
  width: number;
  /** Lower-case column name → column indexes (a name may repeat). */
  columns: Map<string, number[]>;
}

export class CsvParser implements TextSink {
  private buf = '';
  private scanPos = 0;
  /** While the delimiter is not known yet: whether the scanned part of the header line ends inside quotes. */
  private headerInQuotes = false;
  private quoteState = Q.FieldStart;
  /** Index in `buf` of the last newline that ends a row, or -1. */
  private lastRowEnd = -1;
  /** Line number of `buf[0]`. */
  private bufLine = 1;
  private delimiter: string | null;
  private delimiterCode = 0;
  private header: Header | null = null;
  private rows = 0;
  private stopped = false;

  /** @param delimiter the delimiter, or null to pick one from the header line */
  constructor(private readonly ctx: FileContext, delimiter: string | null) {
    this.delimiter = delimiter;
    if (delimiter !== null) this.delimiterCode = delimiter.charCodeAt(0);
  }

  push(text: string): void {
    if (this.stopped || text === '') return;
    if (this.delimiter === null) {
      // The delimiter is picked from the whole header line: wait for its end, however the text was chunked.
      this.buf += text;
      if (!this.firstLineComplete()) {
        if (this.buf.length > MAX_RECORD_CHARS) {
          this.ctx.lineIssue(1, `header row larger than ${formatSize(MAX_RECORD_CHARS)}; stopped reading this file`);
          this.stop();
        }
        return;
      }
      this.delimiter = detectDelimiter(this.buf);
      this.delimiterCode = this.delimiter.charCodeAt(0);
      text = this.buf;
      this.buf = '';
    }
    this.buf += text;
    this.scan();
    if (this.lastRowEnd >= 0) {
      const piece = this.buf.slice(0, this.lastRowEnd + 1);
      this.buf = this.buf.slice(this.lastRowEnd + 1);
      this.scanPos = this.buf.length;
      this.lastRowEnd = -1;
      this.parsePiece(piece);
    } else if (this.buf.length > MAX_RECORD_CHARS) {
      this.ctx.lineIssue(
        this.bufLine,
        `row larger than ${formatSize(MAX_RECORD_CHARS)} (a quote that is never closed?); stopped reading this file`,
      );
      this.stop();
    }
  }

  end(): void {
    if (this.stopped) return;
    if (this.delimiter === null) {
      if (this.buf.trim() === '') return;
      this.delimiter = detectDelimiter(this.buf);
      this.delimiterCode = this.delimiter.charCodeAt(0);
    }
    if (this.buf.trim() !== '') this.parsePiece(this.buf);
    this.buf = '';
    if (this.header && this.rows === 0 && !this.stopped) this.ctx.fileIssue('no rows after the header row');
  }

  /**
   * Whether `buf` holds a newline outside quotes (as `detectDelimiter` reads them), so the header line is complete.
   * Incremental: the part of `buf` scanned before is not scanned again.
   */
  private firstLineComplete(): boolean {
    const buf = this.buf;
    let inQuotes = this.headerInQuotes;
    for (let i = this.scanPos; i < buf.length; i++) {
      const ch = buf.charCodeAt(i);
      if (ch === QUOTE) inQuotes = !inQuotes;
      else if (!inQuotes && ch === NEWLINE) {
        this.scanPos = 0;
        return true;
      }
    }
    this.headerInQuotes = inQuotes;
    this.scanPos = buf.length;
    return false;
  }

  private stop(): void {
    this.stopped = true;
    this.buf = '';
    this.ctx.done = true;
  }

  private scan(): void {
    const buf = this.buf;
    const delim = this.delimiterCode;
    let state = this.quoteState;
    for (let i = this.scanPos; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      switch (state) {
        case Q.FieldStart:
        case Q.Unquoted:
          if (c === NEWLINE) {
            this.lastRowEnd = i;
            state = Q.FieldStart;
          } else if (c === delim) state = Q.FieldStart;
          else if (state === Q.FieldStart) state = c === QUOTE ? Q.Quoted : Q.Unquoted;
          break;
        case Q.Quoted:
          if (c === QUOTE) state = Q.AfterQuote;
          break;
        case Q.AfterQuote:
        case Q.AfterQuoteSpaces:
          if (c === delim) state = Q.FieldStart;
          else if (c === NEWLINE) {
            this.lastRowEnd = i;
            state = Q.FieldStart;
          } else if (c === QUOTE) state = state === Q.AfterQuote ? Q.Quoted : Q.AfterQuote;
          else if (c === 32 || c === 9 || c === CARRIAGE_RETURN || c === 12 || c === 11) state = Q.AfterQuoteSpaces;
          else state = Q.Quoted;
          break;
      }
    }
    this.quoteState = state;
    this.scanPos = buf.length;
  }

  private parsePiece(raw: string): void {
    const piece = raw.indexOf('\r') >= 0 ? raw.replace(/\r\n/g, '\n') : raw;
    let line = this.bufLine;
    let countedTo = 0;
    let rowStart = 0;
    Papa.parse<string[]>(piece, {
      delimiter: this.delimiter ?? ',',
      newline: '\n',
      quoteChar: '"',
      escapeChar: '"',
      header: false,
      dynamicTyping: false,
      skipEmptyLines: false,
      step: (result, parser) => {
        line += countNewlines(piece, countedTo, rowStart);
        countedTo = rowStart;
        rowStart = result.meta.cursor;
        this.onRow(result.data, result.errors, line);
        if (this.stopped) parser.abort();
      },
    });
    this.bufLine = line + countNewlines(piece, countedTo, piece.length);
  }

  private onRow(fields: string[], errors: ParseError[], line: number): void {
    if (this.stopped || fields.every((f) => f.trim() === '')) return;
    const header = this.header;
    if (!header) {
      this.setHeader(fields, line);
      return;
    }
    this.rows++;
    if (errors.some((e) => e.code === 'MissingQuotes')) {
      this.ctx.lineIssue(line, 'a quoted field is never closed; row skipped');
      return;
    }
    if (fields.length > header.width && fields.slice(header.width).some((f) => f.trim() !== '')) {
      this.ctx.lineIssue(
        line,
        `row has ${fields.length} fields but the header has ${header.width}; skipped (a delimiter inside an unquoted field?)`,
      );
      return;
    }
    const lookup: FieldLookup = (name) => {
      const cols = header.columns.get(name);
      if (!cols) return undefined;
      for (const col of cols) {
        const v = fields[col];
        if (v !== undefined && v.trim() !== '') return v;
      }
      return undefined;
    };
    const result = buildRecord(lookup, this.ctx.lineId(line), this.ctx.options.extractHtml);
    if ('record' in result) {
      this.ctx.record(result.record, line);
    } else if (result.error === NO_TEXT_REASON && fields.length < header.width) {
      this.ctx.lineIssue(line, `row has ${fields.length} fields but the header has ${header.width}; no text`);
    } else {
      this.ctx.lineIssue(line, result.error);
    }
  }

  private setHeader(fields: string[], line: number): void {
    const columns = new Map<string, number[]>();
    fields.forEach((f, i) => {
      const name = f.trim().toLowerCase();
      if (name === '') return;
      const cols = columns.get(name);
      if (cols) cols.push(i);
      else columns.set(name, [i]);
    });
    this.header = { width: fields.length, columns };
    if (!hasTextFieldName(columns.keys())) {
      const delimiterName = this.delimiter === '\t' ? 'tab' : `"${this.delimiter}"`;
      this.ctx.lineIssue(
        line,
        `no text column in the header row (looked for text, body, content, article, articleBody, maintext, html; delimiter ${delimiterName})`,
      );
      this.stop();
    }
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The candidate delimiter found most often outside quotes on the first line; `,` when none occurs. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n') break;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const d of CSV_DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}
