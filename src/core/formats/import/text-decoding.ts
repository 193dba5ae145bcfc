/**
 * Text encodings: detection from the first bytes of a file and streaming decoders that survive chunk
 * boundaries in the middle of a character.
 */
import { SNIFF_BYTES, UNDECIDED_HOLD_BYTES, UTF16_SNIFF_BYTES } from './limits';

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
 * A streaming decoder for the encoding. A byte-order mark at the start is dropped. For UTF-8, a file that
 * was plain ASCII up to its first invalid sequence is read as Windows-1252 from there on (see `Utf8Decoder`);
 * otherwise invalid sequences later in the file become U+FFFD instead of failing.
 */
export function createDecoder(encoding: TextEncodingName): StreamDecoder {
  if (encoding === 'windows-1252') return new Windows1252Decoder();
  if (encoding === 'utf-8') return new Utf8Decoder();
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

/**
 * Decodes the first bytes for sniffing, without failing on a cut-off character. UTF-8 leniently and at once:
 * the whole-file decision of `Utf8Decoder` would hold the text back, and a guess is all sniffing needs.
 */
export function decodeHead(bytes: Uint8Array, encoding: TextEncodingName): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes, { stream: true });
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

const NO_BYTES = new Uint8Array(0);

/**
 * UTF-8 as detected from the first bytes of a file, decided for the whole file, streaming, in bounded memory.
 *
 * The first `SNIFF_BYTES` cannot decide: a Latin-1 / Windows-1252 export often has 64 KB of plain ASCII before
 * its first accented letter, and a UTF-8 file may too. So the decoder goes through three states:
 *
 * - **ascii**: every byte so far was ASCII, which reads the same in both encodings: text passes on at once.
 * - **undecided**: from the first chunk holding a non-ASCII byte, the bytes are valid UTF-8 so far, but a
 *   Latin-1 file can start with a pair of letters that happens to be valid UTF-8 ("Ã©"). The decoded text is
 *   held, with the raw bytes it came from, until the evidence settles it as UTF-8: `UTF8_EVIDENCE` non-ASCII
 *   characters decoded, `UNDECIDED_HOLD_BYTES` read, or the end of the file; then the text passes on. An
 *   invalid sequence before that means the file is not UTF-8: the held bytes are decoded again as
 *   Windows-1252 and so is the rest, and nothing decoded the wrong way has reached the parser. (Latin-1 text
 *   breaks UTF-8 at its first accented letter followed by an ASCII one, i.e. almost at once; several valid
 *   multi-byte characters in a row are not a coincidence.)
 * - **utf-8**: decided (past the window, or a byte-order mark said so). An invalid sequence now is damage in a
 *   UTF-8 file: it becomes U+FFFD instead of failing the import.
 *
 * Memory: at most one window of bytes and its text, not the file; the source is read once.
 */
class Utf8Decoder implements StreamDecoder {
  private readonly strict = new TextDecoder('utf-8', { fatal: true });
  private lenient: TextDecoder | null = null;
  private windows1252: Windows1252Decoder | null = null;
  private state: 'ascii' | 'undecided' | 'utf-8' = 'ascii';
  /** Bytes read before the current state began (0: the held bytes start the file). */
  private offset = 0;
  /** Undecided: the raw bytes and the text decoded from them, held back. */
  private heldBytes: Uint8Array[] = [];
  private heldByteCount = 0;
  private heldText: string[] = [];
  /** Non-ASCII characters (UTF-16 code units) decoded while undecided. */
  private evidence = 0;
  /** The bytes of an unfinished character at the end of what the strict decoder was given (0–3 bytes). */
  private unfinished: Uint8Array = NO_BYTES;

  decode(bytes: Uint8Array): string {
    if (this.windows1252) return this.windows1252.decode(bytes);
    if (this.lenient) return this.lenient.decode(bytes, { stream: true });
    let text: string;
    try {
      text = this.strict.decode(bytes, { stream: true });
    } catch {
      return this.invalid(bytes);
    }
    // Valid UTF-8 gives as many code units as bytes only when every byte is ASCII (and no character is cut).
    if (this.state === 'ascii' && text.length !== bytes.length) {
      this.state = startsWithBom(bytes) && this.offset === 0 ? 'utf-8' : 'undecided';
    }
    if (this.state === 'ascii') {
      this.offset += bytes.length;
      return text;
    }
    this.unfinished = unfinishedTail(this.unfinished, bytes);
    if (this.state === 'utf-8') return text;
    this.heldBytes.push(bytes.slice());
    this.heldByteCount += bytes.length;
    this.heldText.push(text);
    this.evidence += nonAsciiCount(text);
    return this.heldByteCount >= UNDECIDED_HOLD_BYTES || this.evidence >= UTF8_EVIDENCE ? this.settleUtf8() : '';
  }

  flush(): string {
    if (this.windows1252) return '';
    if (this.lenient) return this.lenient.decode();
    const held = this.state === 'undecided' ? this.settleUtf8() : '';
    try {
      return held + this.strict.decode();
    } catch {
      return `${held}\uFFFD`; // the file ends inside a character
    }
  }

  /** The file is UTF-8: the held text passes on. */
  private settleUtf8(): string {
    this.state = 'utf-8';
    const text = this.heldText.join('');
    this.heldText = [];
    this.heldBytes = [];
    this.heldByteCount = 0;
    return text;
  }

  /** An invalid sequence in `bytes`: Windows-1252 while undecided (from the held bytes on), damage once decided. */
  private invalid(bytes: Uint8Array): string {
    // Held bytes that start the file with a byte-order mark were declared UTF-8 (a BOM cut across tiny chunks).
    if (this.state === 'undecided' && this.offset === 0 && startsWithBom(firstBytes(this.heldBytes, 3))) {
      return this.settleUtf8() + this.invalid(bytes);
    }
    if (this.state !== 'utf-8') {
      this.windows1252 = new Windows1252Decoder();
      const held = this.heldBytes.map((b) => this.windows1252!.decode(b)).join('');
      this.heldBytes = [];
      this.heldText = [];
      return held + this.windows1252.decode(bytes);
    }
    // The strict decoder dropped its unfinished character with the error: give it to the lenient one.
    this.lenient = new TextDecoder('utf-8', { ignoreBOM: true });
    return this.lenient.decode(concatBytes(this.unfinished, bytes), { stream: true });
  }
}

/** Non-ASCII code units decoded before a file that looks like UTF-8 is taken to be UTF-8 (see `Utf8Decoder`). */
const UTF8_EVIDENCE = 4;

function nonAsciiCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) n++;
  return n;
}

/** The first `n` bytes of the chunks together (fewer when they hold fewer). */
function firstBytes(chunks: readonly Uint8Array[], n: number): Uint8Array {
  const out: number[] = [];
  for (const c of chunks) {
    for (let i = 0; i < c.length && out.length < n; i++) out.push(c[i]);
    if (out.length >= n) break;
  }
  return Uint8Array.from(out);
}

function startsWithBom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/**
 * The bytes at the end of `before` + `bytes` (valid UTF-8 so far) that start a character not finished yet.
 * A character has at most 4 bytes, so with 3 or more new bytes its start is among them.
 */
function unfinishedTail(before: Uint8Array, bytes: Uint8Array): Uint8Array {
  const all = bytes.length >= 3 || before.length === 0 ? bytes : concatBytes(before, bytes);
  for (let back = 1; back <= Math.min(3, all.length); back++) {
    const b = all[all.length - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: the start is further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? all.slice(all.length - back) : NO_BYTES;
  }
  return NO_BYTES;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
