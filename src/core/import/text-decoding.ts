/**
 * Text encodings: detection from the first bytes of a file and streaming decoders that survive chunk
 * boundaries in the middle of a character.
 */
import { SNIFF_BYTES, UTF16_SNIFF_BYTES } from './limits';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** A streaming decoder: `decode` may hold back an incomplete character until the next chunk, `flush` ends. */
export interface StreamDecoder {
  decode(bytes: Uint8Array): string;
  flush(): string;
}

/** Share of NUL bytes at the odd (or even) positions of UTF-16 text that is mostly ASCII. */
const UTF16_NUL_SHARE = 0.3;
/** …while the other positions must be almost free of NULs. */
const UTF16_OTHER_NUL_SHARE = 0.05;

/**
 * Guesses the encoding from the first bytes (only the first `SNIFF_BYTES` are looked at):
 * a byte-order mark wins; then the NUL pattern of UTF-16 without BOM; then UTF-8 if those bytes are valid
 * UTF-8 (an incomplete character at the very end is fine); otherwise Windows-1252 (a superset of Latin-1).
 */
export function detectEncoding(firstBytes: Uint8Array): TextEncodingName {
  const b = firstBytes.length > SNIFF_BYTES ? firstBytes.subarray(0, SNIFF_BYTES) : firstBytes;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  const utf16 = guessUtf16WithoutBom(b);
  if (utf16) return utf16;
  return isValidUtf8Prefix(b) ? 'utf-8' : 'windows-1252';
}

function guessUtf16WithoutBom(b: Uint8Array): TextEncodingName | null {
  const n = Math.min(b.length, UTF16_SNIFF_BYTES) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul / pairs >= UTF16_NUL_SHARE && evenNul / pairs <= UTF16_OTHER_NUL_SHARE) return 'utf-16le';
  if (evenNul / pairs >= UTF16_NUL_SHARE && oddNul / pairs <= UTF16_OTHER_NUL_SHARE) return 'utf-16be';
  return null;
}

/** True when the bytes are valid UTF-8, allowing a character cut off at the end. */
export function isValidUtf8Prefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * A streaming decoder for the encoding. A byte-order mark at the start is dropped. Invalid sequences later in
 * the file become U+FFFD instead of failing.
 */
export function createDecoder(encoding: TextEncodingName): StreamDecoder {
  if (encoding === 'windows-1252') return new Windows1252Decoder();
  const decoder = new TextDecoder(encoding);
  return {
    decode: (bytes) => decoder.decode(bytes, { stream: true }),
    flush: () => decoder.decode(),
  };
}

/** Decodes a whole file held in memory, with the encoding `detectEncoding` picks (BOM dropped). */
export function decodeText(bytes: Uint8Array): string {
  const decoder = createDecoder(detectEncoding(bytes));
  return decoder.decode(bytes) + decoder.flush();
}

/** Decodes the first bytes for sniffing, without failing on a cut-off character. */
export function decodeHead(bytes: Uint8Array, encoding: TextEncodingName): string {
  return createDecoder(encoding).decode(bytes);
}

/** Windows-1252 code points for bytes 0x80–0x9F (the rest equals Latin-1). Undefined bytes map to themselves. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
  0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x9d, 0x017e, 0x0178,
];

/** Hand-written so it works without ICU data; one byte is one character, so no state is needed. */
class Windows1252Decoder implements StreamDecoder {
  decode(bytes: Uint8Array): string {
    let out = '';
    const STEP = 8192;
    for (let start = 0; start < bytes.length; start += STEP) {
      const end = Math.min(bytes.length, start + STEP);
      const codes = new Array<number>(end - start);
      for (let i = start; i < end; i++) {
        const c = bytes[i];
        codes[i - start] = c >= 0x80 && c <= 0x9f ? CP1252_HIGH[c - 0x80] : c;
      }
      out += String.fromCharCode.apply(null, codes);
    }
    return out;
  }

  flush(): string {
    return '';
  }
}
