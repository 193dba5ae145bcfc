import fc from 'fast-check';
import { alignVerbatim, chainRuns, DEFAULT_MIN_WORDS, exactRuns, MAX_GAP_WORDS, mapToSource, type Passage, selectRuns } from '../align';
import { analyze } from '../analysis';
import { SHINGLE_WORDS } from '../shingle';
import { filler, rng } from './helpers';

/** All maximal exact shared runs of at least `min` words, by brute force over every (i, j) pair. */
function bruteRuns(p: string[], s: string[], min: number): Array<{ i: number; j: number; len: number }> {
  const out: Array<{ i: number; j: number; len: number }> = [];
  for (let i = 0; i < p.length; i++) {
    for (let j = 0; j < s.length; j++) {
      if (p[i] !== s[j]) continue;
      if (i > 0 && j > 0 && p[i - 1] === s[j - 1]) continue; // not maximal to the left
      let len = 0;
      while (i + len < p.length && j + len < s.length && p[i + len] === s[j + len]) len++;
      if (len >= min) out.push({ i, j, len });
    }
  }
  return out;
}

function checkPassages(passages: Passage[], pw: string[], sw: string[], minWords: number): void {
  let prevEnd = 0;
  for (const ps of passages) {
    // Sorted and non-overlapping on the page.
    expect(ps.pStart).toBeGreaterThanOrEqual(prevEnd);
    expect(ps.pEnd).toBeGreaterThan(ps.pStart);
    prevEnd = ps.pEnd;
    expect(ps.anchor).toBeGreaterThanOrEqual(minWords);
    // The anchor is the longest exact run, counted before selection cut it (`full`).
    expect(ps.anchor).toBe(Math.max(...ps.runs.map((r) => r.full ?? r.len)));
    for (const r of ps.runs) if (r.full !== undefined) expect(r.full).toBeGreaterThan(r.len);
    expect(ps.pStart).toBe(ps.runs[0].p);
    expect(ps.sStart).toBe(ps.runs[0].s);
    const last = ps.runs[ps.runs.length - 1];
    expect(ps.pEnd).toBe(last.p + last.len);
    expect(ps.sEnd).toBe(last.s + last.len);
    for (let k = 0; k < ps.runs.length; k++) {
      const r = ps.runs[k];
      // Every run really is equal words.
      expect(pw.slice(r.p, r.p + r.len)).toEqual(sw.slice(r.s, r.s + r.len));
      if (k > 0) {
        const q = ps.runs[k - 1];
        // Chained runs move forward in both texts with gaps of at most MAX_GAP_WORDS.
        expect(r.p - (q.p + q.len)).toBeGreaterThanOrEqual(0);
        expect(r.p - (q.p + q.len)).toBeLessThanOrEqual(MAX_GAP_WORDS);
        expect(r.s - (q.s + q.len)).toBeGreaterThanOrEqual(0);
        expect(r.s - (q.s + q.len)).toBeLessThanOrEqual(MAX_GAP_WORDS);
      }
    }
  }
}

/** Text from a small vocabulary, so repeated words and repeated shingles are common. */
const VOCAB = ['red', 'blue', 'green', 'gold', 'gray', 'pink'];

describe('alignVerbatim vs brute force', () => {
  test('every exact shared run of ≥ minWords words is covered on the page; passages are sound', () => {
    const wordArb = fc.constantFrom(...VOCAB);
    const pieceArb = fc.oneof(
      fc.array(wordArb, { minLength: 1, maxLength: 8 }).map((ws) => ({ copy: false as const, ws })),
      fc.record({ copy: fc.constant(true as const), from: fc.nat(), len: fc.integer({ min: 5, max: 30 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(wordArb, { minLength: 20, maxLength: 120 }),
        fc.array(pieceArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: SHINGLE_WORDS, max: 14 }),
        (source, pieces, minWords) => {
          // The page: random words and pieces copied from the source, in any order.
          const page: string[] = [];
          for (const piece of pieces) {
            if (!piece.copy) page.push(...piece.ws);
            else {
              const from = piece.from % source.length;
              page.push(...source.slice(from, from + piece.len));
            }
          }
          const pa = analyze(page.join(' '));
          const sa = analyze(source.join(' '));
          expect(pa.tokens.words).toEqual(page);
          const passages = alignVerbatim(pa, sa, minWords);
          checkPassages(passages, page, source, minWords);
          const covered = new Uint8Array(page.length);
          for (const ps of passages) covered.fill(1, ps.pStart, ps.pEnd);
          for (const run of bruteRuns(page, source, minWords)) {
            for (let t = run.i; t < run.i + run.len; t++) {
              if (!covered[t]) {
                throw new Error(
                  `page word ${t} of the shared run page[${run.i}..${run.i + run.len}) = source[${run.j}..) is in no passage` +
                    `\npage:   ${page.join(' ')}\nsource: ${source.join(' ')}\npassages: ${JSON.stringify(passages.map((q) => [q.pStart, q.pEnd, q.sStart, q.sEnd]))}`,
                );
              }
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('on random English texts with copied sentences, passages equal the brute-force runs of ≥ 12 words', () => {
    const rand = rng(5);
    for (let trial = 0; trial < 30; trial++) {
      const source = filler(rand, 150);
      const sw = analyze(source).tokens.words;
      const parts: string[] = [filler(rand, 40)];
      for (let c = 0; c < 3; c++) {
        const from = Math.floor(rand() * (sw.length - 20));
        const len = 8 + Math.floor(rand() * 20);
        parts.push(sw.slice(from, from + len).join(' '), filler(rand, 20));
      }
      const pa = analyze(parts.join(' '));
      const sa = analyze(source);
      const passages = alignVerbatim(pa, sa);
      checkPassages(passages, pa.tokens.words, sw, DEFAULT_MIN_WORDS);
      const runs = bruteRuns(pa.tokens.words, sw, DEFAULT_MIN_WORDS);
      // With a 300-word vocabulary, runs are the copied pieces: one passage per brute-force run.
      expect(passages.map((q) => [q.pStart, q.pEnd, q.sStart, q.sEnd])).toEqual(
        runs.sort((a, b) => a.i - b.i).map((r) => [r.i, r.i + r.len, r.j, r.j + r.len]),
      );
    }
  });
});

describe('alignVerbatim: behaviour', () => {
  const rand = rng(11);
  const para = (): string => filler(rand, 60);

  test('an edited word inside a long copied passage keeps one passage', () => {
    const copied = 'The minister said on Tuesday that the new railway line across the northern valley would open next spring after years of delays and rising costs that angered local voters';
    const edited = copied.replace('rising', 'soaring');
    const source = analyze(`${para()} ${copied}. ${para()}`);
    const page = analyze(`${para()} ${edited}. ${para()}`);
    const passages = alignVerbatim(page, source);
    expect(passages).toHaveLength(1);
    expect(passages[0].runs.length).toBe(2);
    const words = page.tokens.words.slice(passages[0].pStart, passages[0].pEnd);
    expect(words).toEqual(analyze(edited).tokens.words);
  });

  test('an edit of more than MAX_GAP_WORDS words splits the passage', () => {
    const a = 'the minister said on tuesday that the new railway line across the northern valley would open';
    const b = 'next spring after years of delays and rising costs that angered local voters in the region';
    const gap = 'one two three four five six';
    const source = analyze(`${para()} ${a} ${b}. ${para()}`);
    const page = analyze(`${para()} ${a} ${gap} ${b}. ${para()}`);
    expect(alignVerbatim(page, source)).toHaveLength(2);
  });

  test('reordered paragraphs are both found', () => {
    const p1 = para();
    const p2 = para();
    const source = analyze(`${p1}\n\n${p2}\n\n${para()}`);
    const page = analyze(`${para()}\n\n${p2}\n\n${p1}`);
    const passages = alignVerbatim(page, source);
    expect(passages).toHaveLength(2);
    const n1 = analyze(p1).tokens.length;
    const n2 = analyze(p2).tokens.length;
    expect(passages.map((q) => q.pEnd - q.pStart)).toEqual([n2, n1]);
    // Page order is p2 then p1: the source side goes backwards.
    expect(passages[0].sStart).toBeGreaterThan(passages[1].sStart);
  });

  test('a page that holds the same passage twice matches it twice', () => {
    const p1 = para();
    const source = analyze(`${para()} ${p1} ${para()}`);
    const page = analyze(`${p1}\n\n${para()}\n\n${p1}`);
    const passages = alignVerbatim(page, source);
    expect(passages).toHaveLength(2);
    expect(passages[0].sStart).toBe(passages[1].sStart);
    expect(passages[0].sEnd).toBe(passages[1].sEnd);
  });

  test('a shared run shorter than minWords is not a passage; minWords is honoured', () => {
    const shared = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet'; // 10 words
    const source = analyze(`${para()} ${shared} ${para()}`);
    const page = analyze(`${para()} ${shared} ${para()}`);
    expect(alignVerbatim(page, source)).toHaveLength(0);
    expect(alignVerbatim(page, source, 10)).toHaveLength(1);
    expect(alignVerbatim(page, source, 11)).toHaveLength(0);
  });

  test('mapToSource follows the runs and clamps inside gaps', () => {
    const passage: Passage = {
      pStart: 10,
      pEnd: 32,
      sStart: 100,
      sEnd: 121,
      anchor: 12,
      runs: [
        { p: 10, s: 100, len: 12 },
        { p: 24, s: 113, len: 8 },
      ],
    };
    expect(mapToSource(passage, 10)).toBe(100);
    expect(mapToSource(passage, 21)).toBe(111);
    expect(mapToSource(passage, 22)).toBe(111); // gap: last word of the previous run
    expect(mapToSource(passage, 24)).toBe(113);
    expect(mapToSource(passage, 31)).toBe(120);
  });

  test('boilerplate mask: a run whose fingerprints are all common is dropped, one ordinary fingerprint keeps it', () => {
    const shared = filler(rand, 30);
    const source = analyze(`${para()} ${shared} ${para()}`);
    const page = analyze(`${para()} ${shared} ${para()}`);
    const runs = exactRuns(page, source);
    expect(runs.length).toBe(1);
    const allCommon = new Int8Array(page.shingles.length).fill(-1);
    for (const p of page.winnowPositions) allCommon[p] = 1;
    expect(exactRuns(page, source, allCommon)).toHaveLength(0);
    const oneOrdinary = allCommon.slice();
    const inside = Array.from(page.winnowPositions).find((p) => p >= runs[0].p && p + SHINGLE_WORDS <= runs[0].p + runs[0].len)!;
    oneOrdinary[inside] = 0;
    expect(exactRuns(page, source, oneOrdinary)).toHaveLength(1);
  });

  test('selectRuns gives each page word to at most one run, longest first, keeping cut pieces with their full length', () => {
    const runs = [
      { p: 0, s: 0, len: 10 },
      { p: 5, s: 50, len: 20 },
      { p: 22, s: 90, len: 6 },
    ];
    const chosen = selectRuns(runs, 40);
    expect(chosen).toEqual([
      { p: 0, s: 0, len: 5, full: 10 },
      { p: 5, s: 50, len: 20 },
      { p: 25, s: 93, len: 3, full: 6 },
    ]);
    expect(chainRuns(chosen, 12).map((q) => q.anchor)).toEqual([20]);
    expect(chainRuns(chosen, 10).map((q) => [q.pStart, q.pEnd, q.anchor])).toEqual([
      [0, 5, 10],
      [5, 25, 20],
    ]);
  });

  test('a copied run partly claimed by a longer run elsewhere in the source is still reported whole', () => {
    // Source: "X Y" once, and "W X" once elsewhere. The page has "W X Y": X Y is the longer run; W X
    // (12 words) is cut to W (6 words), which must still count as part of a 12-word copied run.
    const w = 'lorem ipsum dolor sit amet consectetur';
    const x = 'adipiscing elit sed do eiusmod tempor';
    const y = 'incididunt ut labore et dolore magna aliqua ut enim ad minim veniam';
    const source = analyze(`${x} ${y}. ${para()} ${w} ${x}. ${para()}`);
    const page = analyze(`${para()} ${w} ${x} ${y}. ${para()}`);
    const passages = alignVerbatim(page, source);
    const start = page.tokens.words.indexOf('lorem');
    const end = page.tokens.words.indexOf('veniam') + 1;
    const covered = passages.filter((q) => q.pStart < end && q.pEnd > start);
    expect(covered.map((q) => [q.pStart, q.pEnd])).toEqual([
      [start, start + 6],
      [start + 6, end],
    ]);
  });
});
