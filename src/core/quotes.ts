/**
 * Where the quotation marks are. Two outlets quoting the same press conference is not the same as one
 * copying the other's prose, so every span says whether it lies inside quotation marks.
 *
 * Recognises “ ” „ « » ‹ › 「 」 『 』 and straight double quotes, and single ‘ ’ ' when they are not
 * apostrophes. A quote still open at the end of a paragraph closes there: the convention for a quotation
 * running over several paragraphs is to reopen it at the start of each.
 */

/** Opening → accepted closing marks. */
const PAIRS: Record<string, string> = {
  '“': '”“', // “…” (English) and “…“ (rare)
  '„': '“”', // „…“ (German, Czech) and „…” (Polish)
  '«': '»',
  '»': '«', // »…« (German, Danish)
  '‹': '›',
  '「': '」',
  '『': '』',
  '"': '"',
  '‘': '’',
  "'": "'",
};

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Two digits and an s ending a word, as in "’90s". */
const DECADE_RE = /^\d0s(?![\p{L}\p{N}])/u;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && LETTER_OR_DIGIT.test(c);
}

/** Every character quoteRegions() looks at. */
const MARK_RE = /["'“”„«»‹›「」『』‘’\n]/g;

/**
 * Quoted regions of `text` as sorted, non-overlapping [start, end) character ranges (the marks included).
 */
export function quoteRegions(text: string): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  let open = -1;
  let closers = '';
  let single = false;
  // Only quotation marks and line breaks matter: jump from one to the next.
  MARK_RE.lastIndex = 0;
  for (let m = MARK_RE.exec(text); m !== null; m = MARK_RE.exec(text)) {
    const i = m.index;
    const c = m[0];
    if (c === '\n') {
      if (open >= 0) {
        regions.push([open, i]);
        open = -1;
      }
      continue;
    }
    const prev = text[i - 1];
    const next = text[i + 1];
    const isSingle = c === '‘' || c === '’' || c === "'";
    // Apostrophes: between letters (don’t), or after a letter at a word's end (Afghans’).
    if (isSingle && isWordChar(prev) && (isWordChar(next) || c !== '‘')) {
      if (!(open >= 0 && single && closers.includes(c) && !isWordChar(next))) continue;
    }
    if (open >= 0) {
      if (closers.includes(c) && (single === isSingle)) {
        // A straight quote closes only when it does not look like an opening one.
        if ((c === '"' || c === "'") && !isWordChar(prev) && isWordChar(next) && !/[.,!?;:]/.test(prev ?? '')) continue;
        regions.push([open, i + 1]);
        open = -1;
      }
      continue;
    }
    if (c in PAIRS && c !== '’' && c !== '”' && c !== '›' && c !== '」' && c !== '』') {
      if (isSingle && isWordChar(prev)) continue;
      // An elided century ("the '90s", "the ‘60s") is an apostrophe, not an opening quote.
      if (isSingle && DECADE_RE.test(text.slice(i + 1, i + 5))) continue;
      open = i;
      closers = PAIRS[c];
      single = isSingle;
    }
  }
  if (open >= 0) regions.push([open, text.length]);
  return regions;
}

/** For each token, 1 when its start lies inside a quoted region. */
export function quotedTokenMask(starts: Uint32Array, regions: Array<[number, number]>): Uint8Array {
  const mask = new Uint8Array(starts.length);
  let r = 0;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i];
    while (r < regions.length && regions[r][1] <= s) r++;
    if (r < regions.length && regions[r][0] <= s) mask[i] = 1;
  }
  return mask;
}
