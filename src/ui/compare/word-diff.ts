/**
 * Word-level differences inside one aligned pair of passages, with the `diff` library. Tokens are words and
 * single punctuation marks with their offsets, diffed with `diffArrays`: the offsets come back exactly (a
 * string diff re-joins whitespace), and typographic variants (curly vs straight quotes, dash kinds, NFKC
 * forms) compare equal, because a change of quote style is not a change of words.
 */
import { diffArrays } from 'diff';

export interface WordToken {
  start: number;
  end: number;
  /** The comparison form. */
  key: string;
}

export type Span = [start: number, end: number];

export interface PairDiff {
  /** Ranges (relative to the page passage) of words only in the page: shown as <ins>. */
  page: Span[];
  /** Ranges (relative to the source passage) of words only in the source: shown as <del>. */
  source: Span[];
}

/** Words (letters, marks, digits, inner apostrophes) or any single other visible character. */
const TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:['’ʼ‘][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;

/**
 * Beyond this many edited tokens a pair is too different to mark word by word (and the diff's cost, which
 * grows with the edit distance, stays bounded on long passages).
 */
export const MAX_EDIT_TOKENS = 600;

function foldKey(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[’‘ʼ`´]/g, "'")
    .replace(/[“”„«»]/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-');
}

export function wordTokens(text: string): WordToken[] {
  const out: WordToken[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const start = m.index;
    out.push({ start, end: start + m[0].length, key: foldKey(m[0]) });
  }
  return out;
}

/**
 * What differs between a source passage and its page counterpart. Null when the passages are too different
 * to mark (more than MAX_EDIT_TOKENS edits). Identical passages give no ranges.
 */
export function diffPair(pageText: string, sourceText: string): PairDiff | null {
  if (pageText === sourceText) return { page: [], source: [] };
  const oldTokens = wordTokens(sourceText);
  const newTokens = wordTokens(pageText);
  const changes = diffArrays(oldTokens, newTokens, { comparator: (a, b) => a.key === b.key, maxEditLength: MAX_EDIT_TOKENS });
  if (!changes) return null;
  const out: PairDiff = { page: [], source: [] };
  let oi = 0;
  let ni = 0;
  for (const c of changes) {
    if (c.count === 0) continue;
    if (c.removed) {
      out.source.push([oldTokens[oi].start, oldTokens[oi + c.count - 1].end]);
      oi += c.count;
    } else if (c.added) {
      out.page.push([newTokens[ni].start, newTokens[ni + c.count - 1].end]);
      ni += c.count;
    } else {
      oi += c.count;
      ni += c.count;
    }
  }
  return out;
}
