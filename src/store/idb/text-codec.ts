/**
 * Record texts are stored deflated (schema version 2): about 45 % of their UTF-8 size on news text
 * (3,315 → 1,532 bytes on a seed article). fflate, synchronous, because the alternatives measured worse
 * where it matters: `CompressionStream`/`DecompressionStream` cost ≈1 ms per stream in Chromium 156
 * (46 parallel decompressions, one check's candidates: 29 ms), while fflate inflates a 3.3 KB text in
 * ≈46 µs when it is given an output buffer of the right size (≈146 µs without one: hence `textBytes`).
 * Rows written by schema version 1 hold the plain `text` and are read as they are.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

/** The stored form of a text. */
export interface PackedText {
  /** Raw deflate of the UTF-8 bytes. */
  textZ: Uint8Array;
  /** Length of the UTF-8 bytes (the inflated size), so inflating allocates once. */
  textBytes: number;
}

export function packText(text: string): PackedText {
  const bytes = strToU8(text);
  return { textZ: deflateSync(bytes, { level: 6 }), textBytes: bytes.length };
}

/** The text of a stored row: inflated (version 2), or as stored (version 1). */
export function unpackText(row: { text?: string; textZ?: Uint8Array; textBytes?: number }): string {
  if (typeof row.text === 'string') return row.text;
  if (!row.textZ) return '';
  if (typeof row.textBytes === 'number' && row.textBytes >= 0) {
    // One spare byte: fflate stops silently when `out` is full, so a longer text shows as a full buffer.
    const out = new Uint8Array(row.textBytes + 1);
    const bytes = inflateSync(row.textZ, { out });
    // A size field that disagrees with the data (a damaged row): inflate again without it.
    if (bytes.length === row.textBytes) return strFromU8(bytes);
  }
  return strFromU8(inflateSync(row.textZ));
}
