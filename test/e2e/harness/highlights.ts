/**
 * Checks the strings the content script says it highlighted (TabResults.highlighted) against the report:
 *   - each highlighted string is page text and lies inside the report's flagged spans (nothing else drawn);
 *   - every span is drawn (its letters and digits are covered by the highlighted strings).
 * Whitespace is ignored throughout: a DOM Range's text and Readability's text differ in the whitespace
 * between blocks, never in the words.
 */
export interface SpanLike {
  start: number;
  end: number;
}

/** `text` without whitespace, with the original index of each kept character. */
export function squeeze(text: string): { s: string; pos: number[] } {
  let s = '';
  const pos: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/\s/u.test(c)) continue;
    s += c;
    pos.push(i);
  }
  return { s, pos };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

export interface HighlightCheck {
  /** Highlighted strings not found in the page's text. */
  notInPage: string[];
  /** Highlighted strings (or empty ones) that are not inside the flagged spans of the report's text. */
  outsideSpans: string[];
  /** Per span (in the order given): the share of its letters and digits covered by highlighted strings. */
  spanCoverage: number[];
  /** The share of all flagged letters and digits that were drawn. */
  totalCoverage: number;
}

export function checkHighlights(reportText: string, spans: SpanLike[], highlighted: string[], pageText: string): HighlightCheck {
  const r = squeeze(reportText);
  const flagged = new Uint8Array(r.s.length);
  for (let i = 0; i < r.s.length; i++) if (spans.some((sp) => r.pos[i] >= sp.start && r.pos[i] < sp.end)) flagged[i] = 1;
  const drawn = new Uint8Array(r.s.length);
  const page = squeeze(pageText).s;
  const notInPage: string[] = [];
  const outsideSpans: string[] = [];
  for (const h of highlighted) {
    const needle = squeeze(h).s;
    if (!needle) {
      outsideSpans.push(h);
      continue;
    }
    if (!page.includes(needle)) notInPage.push(h);
    // The first occurrence whose letters and digits are all flagged.
    let at = -1;
    for (let from = r.s.indexOf(needle); from >= 0; from = r.s.indexOf(needle, from + 1)) {
      let inside = true;
      for (let i = from; i < from + needle.length && inside; i++) if (!flagged[i] && WORD_CHAR.test(r.s[i])) inside = false;
      if (inside) {
        at = from;
        break;
      }
    }
    if (at < 0) outsideSpans.push(h);
    else drawn.fill(1, at, at + needle.length);
  }
  let all = 0;
  let allDrawn = 0;
  const spanCoverage = spans.map((sp) => {
    let n = 0;
    let d = 0;
    for (let i = 0; i < r.s.length; i++) {
      if (r.pos[i] < sp.start || r.pos[i] >= sp.end || !WORD_CHAR.test(r.s[i])) continue;
      n++;
      if (drawn[i]) d++;
    }
    all += n;
    allDrawn += d;
    return n === 0 ? 1 : d / n;
  });
  return { notInPage, outsideSpans, spanCoverage, totalCoverage: all === 0 ? 1 : allDrawn / all };
}

/** Word n-grams (lower case) of a text, to tell whether another string reveals any of it. */
export function wordGrams(text: string, n: number): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  return out;
}

/** The n-grams of `grams` that occur in `text`. */
export function revealed(text: string, grams: Set<string>, n: number): string[] {
  return [...wordGrams(text, n)].filter((g) => grams.has(g));
}
