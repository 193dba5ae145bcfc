/**
 * Normalise and tokenise text while keeping every token's [start, end) in the ORIGINAL string, so that
 * matches can be reported (and highlighted) exactly where they are.
 *
 * - Words are runs of letters, marks and digits. Apostrophes inside a word (’ ' ʼ ‘) and digit group
 *   separators (1,000 / 3.5) stay in the token; dotted acronyms (U.S., U.N.) are one token.
 * - Everything else (punctuation, quotes, dashes, every kind of space) separates tokens and is dropped.
 * - Each token's comparison form is NFKC, lower-cased (with final sigma and sharp s folded), with
 *   apostrophes, acronym dots and digit separators removed, and Arabic tatweel/harakat and Hebrew points
 *   stripped. So “Afghanistan’s” and "AFGHANISTAN'S" compare equal.
 * - Scripts written without spaces (Han, Kana, Thai, Lao, Khmer, Myanmar) are split into words with
 *   `Intl.Segmenter`, in short pieces: V8's segmenter is quadratic in the string's length.
 */
import { hashString } from './hash';

export interface Tokens {
  /** The original text. */
  readonly text: string;
  /** Comparison form of each token. */
  readonly words: string[];
  /** UTF-16 offset where each token starts in `text`. */
  readonly starts: Uint32Array;
  /** UTF-16 offset just after each token ends in `text`. */
  readonly ends: Uint32Array;
  /** 32-bit hash of each comparison form. */
  readonly hashes: Uint32Array;
  readonly length: number;
}

/**
 * A candidate word: an acronym such as U.S., or a run of letters/marks/digits with inner apostrophes and
 * digit separators.
 */
const WORD_RE = /(?:\p{L}\.){2,}(?!\p{L})|[\p{L}\p{M}\p{N}]+(?:['’ʼ‘][\p{L}\p{M}\p{N}]+|(?<=\p{N})[.,](?=\p{N})\p{N}+)*/gu;

/** Scripts that do not separate words with spaces: these runs go through Intl.Segmenter. */
const SEGMENTED_SCRIPT_RE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;

/**
 * Longest piece handed to Intl.Segmenter at once. The segmenter's cost grows with the square of the input
 * length in V8 (20k chars: 26 ms, 322k chars: 66 s), and a few hundred characters hold several sentences.
 */
const SEGMENT_PIECE_CHARS = 256;

/** Characters removed from a word's comparison form: apostrophes, acronym dots, digit separators. */
const STRIP_RE = /['’ʼ‘.,]/g;
/** Arabic tatweel and harakat, Hebrew points: optional marks that copies often add or drop. */
// eslint-disable-next-line no-misleading-character-class -- a class of lone combining marks, on purpose
const OPTIONAL_MARKS_RE = /[\u0640\u064B-\u065F\u0670\u0591-\u05C7]/g;

let segmenter: Intl.Segmenter | null = null;
function getSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  return segmenter;
}

/** The comparison form of one raw token. */
export function normalizeWord(raw: string): string {
  // Fast path for the common case: ASCII letters and digits only.
  let ascii = true;
  let strip = false;
  let upper = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c > 0x7f) {
      ascii = false;
      break;
    }
    if (c === 0x27 || c === 0x2e || c === 0x2c) strip = true; // ' . ,
    else if (c >= 0x41 && c <= 0x5a) upper = true;
  }
  if (ascii) {
    const lower = upper ? raw.toLowerCase() : raw;
    return strip ? lower.replace(STRIP_RE, '') : lower;
  }
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(STRIP_RE, '')
    .replace(OPTIONAL_MARKS_RE, '')
    // NFKC turns isolated Arabic marks (U+FE70…U+FE7F, U+FC5E…) into a space plus the mark.
    .replace(/\s+/gu, '')
    .replace(/ς/g, 'σ')
    .replace(/ß/g, 'ss')
    .replace(GREEK_ACCENTED_RE, stripGreekAccents);
}

/** Greek letters with tonos or dialytika: capitals are written without them, so fold them away. */
const GREEK_ACCENTED_RE = /[\u0386-\u038F\u0390\u03AA-\u03B0\u03CA-\u03CE]/g;
function stripGreekAccents(c: string): string {
  return c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

class TokenBuffer {
  words: string[] = [];
  starts: number[] = [];
  ends: number[] = [];

  push(raw: string, start: number, end: number): void {
    const word = normalizeWord(raw);
    if (word.length === 0) return;
    this.words.push(word);
    this.starts.push(start);
    this.ends.push(end);
  }
}

function pushSegmented(buf: TokenBuffer, run: string, offset: number): void {
  const seg = getSegmenter();
  for (let p = 0; p < run.length; p += SEGMENT_PIECE_CHARS) {
    let pieceEnd = Math.min(run.length, p + SEGMENT_PIECE_CHARS);
    // Do not cut a surrogate pair in two.
    const c = run.charCodeAt(pieceEnd - 1);
    if (pieceEnd < run.length && c >= 0xd800 && c <= 0xdbff) pieceEnd++;
    const piece = run.slice(p, pieceEnd);
    for (const s of seg.segment(piece)) {
      if (!s.isWordLike) continue;
      const start = offset + p + s.index;
      buf.push(s.segment, start, start + s.segment.length);
    }
    p = pieceEnd - SEGMENT_PIECE_CHARS;
  }
}

/** Cheap pre-test: the segmented scripts all lie at or above U+0E00 (Thai). */
function mayNeedSegmenter(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) >= 0x0e00) return true;
  return false;
}

/** Tokenise `text`. Offsets are UTF-16 code unit offsets into `text`. */
export function tokenize(text: string): Tokens {
  const buf = new TokenBuffer();
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
    const raw = m[0];
    if (mayNeedSegmenter(raw) && SEGMENTED_SCRIPT_RE.test(raw)) pushSegmented(buf, raw, m.index);
    else buf.push(raw, m.index, m.index + raw.length);
  }
  const n = buf.words.length;
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = hashString(buf.words[i]);
  return {
    text,
    words: buf.words,
    starts: Uint32Array.from(buf.starts),
    ends: Uint32Array.from(buf.ends),
    hashes,
    length: n,
  };
}

/** Number of words in `text`, as the engine counts them. */
export function countWords(text: string): number {
  return tokenize(text).length;
}
