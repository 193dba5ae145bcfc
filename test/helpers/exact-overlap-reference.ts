/**
 * An independent, brute-force reference for shared passages, written without any engine code: words are
 * found with a plain regex, and every run of at least `minRun` identical words shared by two texts is
 * listed by hashing all `minRun`-grams. Used to check the engine on real pages.
 */

export interface RefWord {
  w: string;
  start: number;
  end: number;
}

/** Letters/digits with inner apostrophes, lower-cased, apostrophes removed (like the engine's words). */
export function refWords(text: string): RefWord[] {
  const out: RefWord[] = [];
  for (const m of text.matchAll(/(?:\p{L}\.){2,}(?!\p{L})|[\p{L}\p{M}\p{N}]+(?:['’ʼ‘][\p{L}\p{M}\p{N}]+|(?<=\p{N})[.,](?=\p{N})\p{N}+)*/gu)) {
    out.push({ w: m[0].normalize('NFKC').toLowerCase().replace(/['’ʼ‘.,]/g, ''), start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

export interface SharedRun {
  a: string;
  b: string;
  /** Character range in a's text. */
  start: number;
  end: number;
  words: number;
}

/** All maximal runs of ≥ minRun identical words between every pair of distinct documents (a's side). */
export function sharedRuns(docs: Array<{ id: string; text: string }>, minRun: number): SharedRun[] {
  const words = docs.map((d) => refWords(d.text));
  const grams = new Map<string, Array<[number, number]>>();
  words.forEach((ws, di) => {
    for (let i = 0; i + minRun <= ws.length; i++) {
      const key = ws.slice(i, i + minRun).map((x) => x.w).join(' ');
      const list = grams.get(key);
      if (list) list.push([di, i]);
      else grams.set(key, [[di, i]]);
    }
  });
  // For each ordered pair (a, b): positions in a whose gram also occurs in b.
  const hits = new Map<string, Set<number>>();
  for (const list of grams.values()) {
    const docsIn = new Set(list.map(([d]) => d));
    if (docsIn.size < 2) continue;
    for (const [da, ia] of list) {
      for (const db of docsIn) {
        if (db === da) continue;
        const k = `${da}|${db}`;
        let s = hits.get(k);
        if (!s) hits.set(k, (s = new Set()));
        s.add(ia);
      }
    }
  }
  const runs: SharedRun[] = [];
  for (const [k, set] of hits) {
    const [da, db] = k.split('|').map(Number);
    const pos = [...set].sort((x, y) => x - y);
    let from = pos[0];
    let last = pos[0];
    const close = (): void => {
      const ws = words[da];
      runs.push({ a: docs[da].id, b: docs[db].id, start: ws[from].start, end: ws[last + minRun - 1].end, words: last - from + minRun });
    };
    for (let i = 1; i < pos.length; i++) {
      if (pos[i] === last + 1) last = pos[i];
      else {
        close();
        from = last = pos[i];
      }
    }
    close();
  }
  return runs;
}

/** Sentences (plain split on . ! ? and newlines) as sets of words of 4+ letters. */
function sentenceSets(text: string): Array<Set<string>> {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => new Set(refWords(s).map((x) => x.w).filter((w) => w.length >= 4)))
    .filter((s) => s.size >= 4);
}

/**
 * True when two texts share sentence-level content: a sentence pair sharing at least 4 words of 4+ letters
 * and at least 40% of the smaller sentence's such words.
 */
export function shareSentenceContent(a: string, b: string): boolean {
  const sa = sentenceSets(a);
  const sb = sentenceSets(b);
  for (const x of sa) {
    for (const y of sb) {
      let n = 0;
      for (const w of x) if (y.has(w)) n++;
      if (n >= 4 && n >= 0.4 * Math.min(x.size, y.size)) return true;
    }
  }
  return false;
}
