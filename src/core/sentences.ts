/**
 * Sentence boundaries with offsets, mapped onto token ranges. Used for reworded-passage detection and
 * for the passage signatures of the index.
 */
import { quoteRegions } from './quotes';
import type { Tokens } from './tokenize';

export interface Sentence {
  /** Token range [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
}

/**
 * Sentence-ending punctuation (Latin, CJK full stops, Arabic question mark, Devanagari danda), optionally
 * followed by closing quotes or brackets, then whitespace or the end of the text; CJK full stops also
 * where no space follows (Chinese and Japanese put none); or a line break.
 */
const BOUNDARY_RE = /[.!?…。！？؟।]+["'”’»)\]]*(?=\s|$)|[。！？]+["'”’»)\]」』）]*|\n+/g;

/** Words that end with a period without ending the sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'sgt', 'capt', 'st', 'jr', 'sr',
  'inc', 'corp', 'co', 'ltd', 'no', 'vs', 'etc', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep',
  'sept', 'oct', 'nov', 'dec', 'approx', 'dept', 'est', 'fig', 'mt', 'ft',
]);

/**
 * A sentence is also cut where a quotation starts or ends, when both pieces keep at least this many
 * words: "After the meeting, he told reporters, “What we have seen …”" holds two statements, and a
 * rewrite often keeps only one of them.
 */
const MIN_CLAUSE_WORDS = 4;

/** Split `tokens.text` into sentences (and quoted clauses); each holds at least one token. */
export function splitSentences(tokens: Tokens): Sentence[] {
  const out: Sentence[] = [];
  const edges = quoteRegions(tokens.text).flat();
  let e = 0;
  for (const s of splitAtPunctuation(tokens)) {
    let start = s.tokenStart;
    while (e < edges.length && edges[e] <= tokens.starts[s.tokenStart]) e++;
    for (let t = s.tokenStart + 1; t < s.tokenEnd; t++) {
      let cut = false;
      while (e < edges.length && edges[e] <= tokens.starts[t]) {
        cut = true;
        e++;
      }
      if (cut && t - start >= MIN_CLAUSE_WORDS && s.tokenEnd - t >= MIN_CLAUSE_WORDS) {
        out.push({ tokenStart: start, tokenEnd: t });
        start = t;
      }
    }
    out.push({ tokenStart: start, tokenEnd: s.tokenEnd });
  }
  return out;
}

function splitAtPunctuation(tokens: Tokens): Sentence[] {
  const text = tokens.text;
  const breaks: number[] = [];
  BOUNDARY_RE.lastIndex = 0;
  for (let m = BOUNDARY_RE.exec(text); m !== null; m = BOUNDARY_RE.exec(text)) {
    if (m[0][0] === '.') {
      // "Mr. Smith", "J. Smith", "5 p.m. today": an abbreviation, an initial or the last letter of a
      // dotted acronym does not end a sentence.
      const before = /((?:\p{L}\.)*)([\p{L}]+)$/u.exec(text.slice(Math.max(0, m.index - 12), m.index));
      const word = before ? before[2] : '';
      const acronym = before !== null && before[1].length > 0 && word.length === 1;
      if (ABBREVIATIONS.has(word.toLowerCase()) || (word.length === 1 && /\p{Lu}/u.test(word)) || acronym) continue;
    }
    breaks.push(m.index + m[0].length);
  }
  const sentences: Sentence[] = [];
  let t = 0;
  for (const b of breaks) {
    const start = t;
    while (t < tokens.length && tokens.starts[t] < b) t++;
    if (t > start) sentences.push({ tokenStart: start, tokenEnd: t });
  }
  if (t < tokens.length) sentences.push({ tokenStart: t, tokenEnd: tokens.length });
  return sentences;
}
