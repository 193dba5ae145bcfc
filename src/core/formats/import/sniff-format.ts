/**
 * Format recognition: by content first (magic numbers, the first non-blank character, HTML tags, binary
 * bytes), then by the file extension for CSV, TSV and plain text.
 */
import { BINARY_CONTROL_RATIO, SNIFF_BYTES } from './limits';
import { decodeHead, detectEncoding } from './text-decoding';
import { firstNonWhitespace } from './text-normalise';
import type { ImportFormat } from './types';

/** ASCII `WTC1` at offset 0: a WireTrace index file. */
export const WTC_MAGIC = [0x57, 0x54, 0x43, 0x31];

/** Extensions that decide the format when the content does not. */
const FORMAT_BY_EXTENSION: Record<string, ImportFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'jsonl',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  jsonlines: 'jsonl',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  txt: 'txt',
  text: 'txt',
};

/** Extensions imported as plain text; other text files (`.xml`, `.log`…) are reported as unsupported. */
export const PLAIN_TEXT_EXTENSIONS = new Set(['', 'txt', 'text', 'md', 'markdown']);

const HTML_START = /^<(?:!doctype\s+html|html|head|body|p|article|div|main|section|meta|title|h[1-6]|!--)[\s>/]/i;
const HTML_TAG_ANYWHERE = /<(?:html|body|article)[\s>]/i;

/** Lower-case extension of the last path segment, without the dot; '' when there is none. */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((b, i) => bytes[i] === b);
}

export function sniffFormat(firstBytes: Uint8Array, path: string): ImportFormat {
  const bytes = firstBytes.length > SNIFF_BYTES ? firstBytes.subarray(0, SNIFF_BYTES) : firstBytes;
  // Local file header, or the end record of an empty archive.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(bytes, WTC_MAGIC)) return 'wtc';

  const text = decodeHead(bytes, detectEncoding(bytes));
  if (looksBinary(text)) return 'binary';

  const ext = extensionOf(path);
  const byExtension = FORMAT_BY_EXTENSION[ext];
  const first = firstNonWhitespace(text);
  if (first >= 0) {
    const c = text[first];
    const next = text[firstNonWhitespace(text, first + 1)] ?? '';
    const jsonByName = byExtension === 'jsonl';
    // Only `.json` makes any `[` an array (docs/IMPORT-FORMATS.md): a `.jsonl` file whose first line is an array
    // such as `[1, 2]` is still JSON Lines, so that one bad line does not lose the whole file.
    if (c === '[' && (ext === 'json' || next === '' || next === '{' || next === '[' || next === ']')) return 'json-array';
    if (c === '{' && (jsonByName || next === '' || next === '"' || next === '}')) return 'jsonl';
    if (c === '<' && (byExtension === 'html' || HTML_START.test(text.slice(first)) || HTML_TAG_ANYWHERE.test(text))) {
      return 'html';
    }
  }
  return byExtension ?? 'txt';
}

/** NUL characters, or more than `BINARY_CONTROL_RATIO` control characters, mean binary data. */
export function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 27) || c === 127) controls++;
  }
  return text.length > 0 && controls / text.length > BINARY_CONTROL_RATIO;
}
