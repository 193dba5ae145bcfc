/** Bracket and string tracking for JSON text that arrives in pieces. */

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }
const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]

export const JSON_CHARS = { QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET } as const;

/** Follows nesting across calls; `scan` stops where the outermost value closes. */
export class JsonNesting {
  private readonly stack: number[] = [];
  /** Inside a string literal at the end of the last scan. */
  inString = false;
  private escaped = false;
  /** A closing bracket did not match its opening one. */
  broken = false;

  get depth(): number {
    return this.stack.length;
  }

  /** Scans `text`; returns the index just after the bracket that closed the outermost value, or -1. */
  scan(text: string, from = 0): number {
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) {
        this.inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.stack.push(c);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        const open = this.stack.pop();
        if (open !== (c === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) {
          this.broken = true;
          return -1;
        }
        if (this.stack.length === 0) return i + 1;
      }
    }
    return -1;
  }
}

/** `invalid JSON (…)` with the parser's message, kept short. */
export function invalidJson(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `invalid JSON (${message.length > 160 ? `${message.slice(0, 157)}...` : message})`;
}

/** The message for a JSON value that is not an object. */
export function notAnObject(value: unknown): string {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return `not a JSON object (found ${kind})`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
