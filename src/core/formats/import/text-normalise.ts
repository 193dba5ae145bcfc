/** Normalisation of the text and metadata values of a record. */

/**
 * Article text as stored: line endings become `\n`, runs of three or more newlines become two, and the
 * whole is trimmed. Nothing else changes (result offsets index into this string).
 */
export function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A one-line value (title, outlet): whitespace runs become one space, then trimmed; empty → null. */
export function normaliseLine(value: string): string | null {
  const v = value.replace(/\s+/g, ' ').trim();
  return v === '' ? null : v;
}

/** True for the characters that `String.prototype.trim` removes. */
export function isWhitespaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Index of the first non-whitespace character at or after `from`, or -1. */
export function firstNonWhitespace(text: string, from = 0): number {
  for (let i = from; i < text.length; i++) if (!isWhitespaceCode(text.charCodeAt(i))) return i;
  return -1;
}
