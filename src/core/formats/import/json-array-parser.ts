/**
 * A streamed JSON array of objects. A small splitter follows strings, escapes and bracket depth across
 * chunks and hands each top-level element to `JSON.parse` on its own, so a 1 GB array never becomes one
 * string. An element's line is the line where it starts. A bad element is reported and skipped; brackets
 * that do not match stop the file (records read so far are kept).
 */
import { buildRecord, objectLookup } from './record-fields';
import type { FileContext } from './file-context';
import { formatSize, MAX_RECORD_CHARS } from './limits';
import { invalidJson, isPlainObject, JSON_CHARS, notAnObject } from './json-nesting';
import { isWhitespaceCode } from './text-normalise';
import type { TextSink } from './types';

const { QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET } = JSON_CHARS;
const COMMA = 44;
const NEWLINE = 10;

type Phase = 'before' | 'inside' | 'after' | 'stopped';

export class JsonArrayParser implements TextSink {
  private phase: Phase = 'before';
  private line = 1;
  /** Brackets open inside the current element (the array's own bracket is not on it). */
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  private inElement = false;
  private elementLine = 0;
  private parts: string[] = [];
  private partsChars = 0;
  private oversized = false;

  constructor(private readonly ctx: FileContext) {}

  push(text: string): void {
    let segStart = this.inElement ? 0 : -1; // where the current element's text starts in this chunk
    for (let i = 0; i < text.length; i++) {
      if (this.phase === 'stopped') return;
      const c = text.charCodeAt(i);
      if (c === NEWLINE) this.line++;

      if (this.phase === 'before') {
        if (c === OPEN_BRACKET) this.phase = 'inside';
        else if (!isWhitespaceCode(c)) this.stop('expected a JSON array');
        continue;
      }
      if (this.phase === 'after') {
        if (!isWhitespaceCode(c)) {
          this.ctx.lineIssue(this.line, 'unexpected content after the end of the JSON array, ignored');
          this.phase = 'stopped';
        }
        continue;
      }

      if (!this.inElement) {
        if (isWhitespaceCode(c) || c === COMMA) continue;
        if (c === CLOSE_BRACKET) {
          this.phase = 'after';
          continue;
        }
        this.inElement = true;
        this.elementLine = this.line;
        segStart = i;
      }

      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) {
        this.inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.stack.push(c);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.stack.length === 0) {
          if (c === CLOSE_BRACE) {
            this.stop('malformed JSON (a "}" without its "{"); stopped reading this file');
            return;
          }
          this.finishElement(text.slice(segStart, i)); // a scalar element right before the closing "]"
          segStart = -1;
          this.phase = 'after';
          continue;
        }
        const open = this.stack.pop();
        if (open !== (c === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) {
          this.stop('malformed JSON (brackets do not match); stopped reading this file');
          return;
        }
      } else if (c === COMMA && this.stack.length === 0) {
        this.finishElement(text.slice(segStart, i));
        segStart = -1;
      }
    }
    if (this.inElement) this.keep(text.slice(segStart));
  }

  end(): void {
    if (this.phase === 'stopped' || this.phase === 'after') return;
    if (this.phase === 'before') {
      this.stop('expected a JSON array');
      return;
    }
    if (this.inElement) {
      const startLine = this.elementLine;
      const text = this.takeElement('');
      if (text === null) {
        this.ctx.lineIssue(startLine, `array element larger than ${formatSize(MAX_RECORD_CHARS)}, skipped`);
      } else {
        let value: unknown;
        try {
          value = JSON.parse(text);
          this.onElement(value, startLine);
        } catch (e) {
          this.ctx.lineIssue(startLine, invalidJson(e));
        }
      }
    }
    this.ctx.lineIssue(this.line, 'unexpected end of file: the JSON array is not closed (is the file truncated?)');
  }

  private keep(piece: string): void {
    if (this.oversized) return;
    this.partsChars += piece.length;
    if (this.partsChars > MAX_RECORD_CHARS) {
      this.oversized = true;
      this.parts = [];
      return;
    }
    this.parts.push(piece);
  }

  /** Ends the current element, returning its text or null when it was too big to keep. */
  private takeElement(lastPiece: string): string | null {
    const oversized = this.oversized || this.partsChars + lastPiece.length > MAX_RECORD_CHARS;
    const text = oversized ? null : this.parts.length === 0 ? lastPiece : this.parts.join('') + lastPiece;
    this.parts = [];
    this.partsChars = 0;
    this.oversized = false;
    this.inElement = false;
    this.stack.length = 0;
    this.inString = false;
    this.escaped = false;
    return text;
  }

  private finishElement(lastPiece: string): void {
    const startLine = this.elementLine;
    const text = this.takeElement(lastPiece);
    if (text === null) {
      this.ctx.lineIssue(startLine, `array element larger than ${formatSize(MAX_RECORD_CHARS)}, skipped`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.ctx.lineIssue(startLine, invalidJson(e));
      return;
    }
    this.onElement(value, startLine);
  }

  private onElement(value: unknown, line: number): void {
    if (!isPlainObject(value)) {
      this.ctx.lineIssue(line, notAnObject(value));
      return;
    }
    const result = buildRecord(objectLookup(value), this.ctx.lineId(line), this.ctx.options.extractHtml);
    if ('record' in result) this.ctx.record(result.record, line);
    else this.ctx.lineIssue(line, result.error);
  }

  private stop(reason: string): void {
    this.ctx.lineIssue(this.line, reason);
    this.phase = 'stopped';
    this.ctx.done = true;
  }
}
