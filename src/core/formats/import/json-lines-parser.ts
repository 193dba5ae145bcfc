/**
 * JSON Lines / NDJSON: one object per line, blank lines ignored, a bad line is reported and skipped.
 *
 * The same parser reads files of pretty-printed objects: a lone object spread over many lines
 * (`{` on line 1 that is not valid JSON on its own), or several of them one after another (`jq` output).
 * A multi-line value is collected until its brackets close; it is given up (reported at its first line) when
 * a string runs across a line break, brackets do not match, or a line that starts at column 0 with `{` and is
 * a complete object by itself shows that a new record has begun. Once the first record of the file was a
 * single line the file counts as strict JSON Lines and multi-line values are no longer tried.
 */
import { buildRecord, NO_TEXT_REASON, objectLookup } from './record-fields';
import type { FileContext } from './file-context';
import { formatSize, MAX_RECORD_CHARS } from './limits';
import { invalidJson, isPlainObject, JsonNesting, notAnObject } from './json-nesting';
import type { TextSink } from './types';
import { BACKUP_REFUSED, isBackupEnd, isBackupHeader, isBackupHistory } from '../backup/backup-format';

type Layout = 'unknown' | 'lines' | 'pretty';

interface MultiLineValue {
  startLine: number;
  lines: string[];
  chars: number;
  nesting: JsonNesting;
  /** Over the size limit: still followed to find its end, but no longer stored. */
  skipping: boolean;
}

const OPEN_BRACE = 123;

export class JsonLinesParser implements TextSink {
  private partial = '';
  private partialTooLong = false;
  private lineNo = 0;
  private layout: Layout = 'unknown';
  private multi: MultiLineValue | null = null;
  private values = 0;
  /** Set when the first line is a backup header: read as records (the CLI) or refused (the extension's import). */
  private backup: 'reading' | 'refused' | null = null;
  /** The first object, held back until we know whether it is the only one (then its id is the bare path). */
  private held: { value: Record<string, unknown>; line: number } | null = null;

  /**
   * @param loneObjectIsFile when the file holds exactly one object on one line, treat it as a single-record
   *   file (id = path). True for `.json`; false for `.jsonl`/`.ndjson`, whose one line still gets `path:1`.
   *   A lone multi-line object is always a single-record file.
   */
  constructor(private readonly ctx: FileContext, private readonly loneObjectIsFile: boolean) {}

  push(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) {
        this.appendPartial(text.slice(start));
        return;
      }
      const piece = text.slice(start, nl);
      start = nl + 1;
      this.lineNo++;
      if (this.partialTooLong || this.partial.length + piece.length > MAX_RECORD_CHARS) {
        this.partial = '';
        this.partialTooLong = false;
        this.issue(this.lineNo, `line longer than ${formatSize(MAX_RECORD_CHARS)}, skipped`);
        continue;
      }
      const line = this.partial === '' ? piece : this.partial + piece;
      this.partial = '';
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, this.lineNo);
    }
  }

  end(): void {
    if (this.partial !== '' || this.partialTooLong) this.push('\n');
    if (this.multi) {
      const m = this.multi;
      this.multi = null;
      this.giveUp(m, 'unexpected end of file');
    }
    this.flushHeld(this.values === 1 && this.ctx.issues === 0);
  }

  private appendPartial(rest: string): void {
    if (this.partialTooLong) return;
    if (this.partial.length + rest.length > MAX_RECORD_CHARS) {
      this.partial = '';
      this.partialTooLong = true;
    } else {
      this.partial += rest;
    }
  }

  private onLine(line: string, n: number): void {
    if (this.backup === 'refused') return;
    if (this.multi) this.continueMultiLine(this.multi, line, n);
    else this.topLevelLine(line, n);
  }

  private topLevelLine(line: string, n: number): void {
    const t = line.trim();
    if (t === '') return;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (e) {
      if (this.layout !== 'lines' && t.charCodeAt(0) === OPEN_BRACE) {
        const nesting = new JsonNesting();
        if (nesting.scan(t) < 0 && !nesting.broken && !nesting.inString && nesting.depth > 0) {
          this.multi = { startLine: n, lines: [t], chars: t.length, nesting, skipping: false };
          return;
        }
      }
      this.issue(n, invalidJson(e));
      return;
    }
    this.onValue(value, n, false);
  }

  private continueMultiLine(m: MultiLineValue, line: string, n: number): void {
    if (line.charCodeAt(0) === OPEN_BRACE && startsNewRecord(line)) {
      this.multi = null;
      this.giveUp(m, `unexpected end of the value: a new record starts on line ${n}`);
      this.topLevelLine(line, n);
      return;
    }
    const end = m.nesting.scan(line);
    if (m.nesting.broken) {
      this.multi = null;
      this.giveUp(m, `brackets do not match on line ${n}`);
      return;
    }
    if (end < 0) {
      if (m.nesting.inString) {
        this.multi = null;
        this.giveUp(m, `line break inside a string on line ${n}`);
        return;
      }
      this.store(m, line);
      return;
    }
    this.multi = null;
    this.store(m, line.slice(0, end));
    if (!m.skipping) {
      let value: unknown;
      try {
        value = JSON.parse(m.lines.join('\n'));
      } catch (e) {
        this.issue(m.startLine, invalidJson(e));
        value = undefined;
      }
      if (value !== undefined) this.onValue(value, m.startLine, true);
    }
    const rest = line.slice(end);
    if (rest.trim() !== '') this.topLevelLine(rest, n);
  }

  private store(m: MultiLineValue, line: string): void {
    if (m.skipping) return;
    m.chars += line.length + 1;
    if (m.chars > MAX_RECORD_CHARS) {
      m.skipping = true;
      m.lines = [];
      this.issue(m.startLine, `JSON value larger than ${formatSize(MAX_RECORD_CHARS)}, skipped`);
      return;
    }
    m.lines.push(line);
  }

  private giveUp(m: MultiLineValue, why: string): void {
    if (!m.skipping) this.issue(m.startLine, `invalid JSON (${why})`);
  }

  private onValue(value: unknown, line: number, multiLine: boolean): void {
    if (this.backup === 'refused') return;
    if (this.values === 0 && isBackupHeader(value)) {
      // A WireTrace backup: its settings and metadata would be lost as plain articles (see backup-format.ts).
      if (this.ctx.options.readBackups) {
        this.backup = 'reading';
      } else {
        this.backup = 'refused';
        this.ctx.fileIssue(BACKUP_REFUSED);
        this.ctx.done = true;
      }
      return;
    }
    // The end line and (version 2) the reading-history lines are not articles.
    if (this.backup === 'reading' && (isBackupEnd(value) || isBackupHistory(value))) return;
    if (!isPlainObject(value)) {
      this.issue(line, notAnObject(value));
      return;
    }
    if (this.layout === 'unknown') this.layout = multiLine ? 'pretty' : 'lines';
    this.values++;
    if (this.values === 1 && (multiLine || this.loneObjectIsFile)) {
      this.held = { value, line };
      return;
    }
    this.flushHeld(false);
    this.emit(value, line, false);
  }

  private flushHeld(onlyRecord: boolean): void {
    const held = this.held;
    if (!held) return;
    this.held = null;
    this.emit(held.value, held.line, onlyRecord);
  }

  private emit(obj: Record<string, unknown>, line: number, onlyRecord: boolean): void {
    const fallbackId = onlyRecord ? this.ctx.path : this.ctx.lineId(line);
    const result = buildRecord(objectLookup(obj), fallbackId, this.ctx.options.extractHtml);
    if ('record' in result) this.ctx.record(result.record, line);
    else this.ctx.lineIssue(line, onlyRecord && result.error === NO_TEXT_REASON ? withListHint(obj, result.error) : result.error);
  }

  private issue(line: number, reason: string): void {
    this.flushHeld(false);
    this.ctx.lineIssue(line, reason);
  }
}

/** A line that is a complete JSON object by itself. */
function startsNewRecord(line: string): boolean {
  const t = line.trim();
  if (t.charCodeAt(t.length - 1) !== 125) return false;
  try {
    return isPlainObject(JSON.parse(t));
  } catch {
    return false;
  }
}

/**
 * A lone object without text is often an API response wrapping the articles (`{"articles": [...]}`); say so.
 */
function withListHint(obj: Record<string, unknown>, reason: string): string {
  const key = Object.keys(obj).find((k) => {
    const v = obj[k];
    return Array.isArray(v) && v.length > 0 && v.every(isPlainObject);
  });
  if (key === undefined) return reason;
  return `${reason}; the file is one object whose "${key}" list may hold the articles: save that list as a JSON array or JSON Lines`;
}
