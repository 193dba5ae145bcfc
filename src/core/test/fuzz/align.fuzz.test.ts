/**
 * Fuzz / property tests of the aligner (src/core/align.ts) and of the whole scan (src/core/match.ts through
 * MemoryCorpus.scan): pages and sources built from shared and unrelated sentences of real-looking words, with
 * small edits, plus random garbage.
 *
 * Generated cases in this file: 500 + 400 + 500 = 1,400.
 */
import fc from 'fast-check';
import { analyze, analyzeText } from '../../analysis';
import { alignVerbatim, DEFAULT_MIN_WORDS } from '../../align';
import { MemoryCorpus } from '../../corpus';
import { tokenize, type Tokens } from '../../tokenize';
import type { ScanResult } from '../../types';
import { WORDS } from '../helpers';
import { fuzzParams } from '../support/fuzz-config';

// ---- Generators -------------------------------------------------------------------------------------------

const half = Math.floor(WORDS.length / 2);
/** Two disjoint vocabularies: shared/copied text uses the first, unrelated text the second. */
const SHARED_WORDS = WORDS.slice(0, half);
const OTHER_WORDS = WORDS.slice(half);
const FUNCTION_WORDS = ['the', 'of', 'and', 'to', 'in', 'a', 'said', 'on', 'for', 'was'];

const sentenceArb = (vocab: readonly string[], min = 4, max = 22): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...vocab) }, { weight: 1, arbitrary: fc.constantFrom(...FUNCTION_WORDS) }), {
      minLength: min,
      maxLength: max,
    })
    .chain((ws) =>
      fc.constantFrom('.', '.', '!', '?', ',', ';', '”', '."').map((end) => ws[0][0].toUpperCase() + ws.join(' ').slice(1) + end),
    );

/** Junk: punctuation, other scripts, numbers, quotes. */
const garbageArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', '“', '”', '"', '1', ',', '中', 'ก', '\n', '—', 'U.S.', "'"), maxLength: 80 }),
);

/** A small edit of a sentence: drop, change or insert one word (or leave it). */
const editArb = (s: string): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('keep', 'keep', 'drop', 'change', 'insert'), fc.nat(), fc.constantFrom(...OTHER_WORDS)).map(([op, at, w]) => {
    const ws = s.split(' ');
    const i = at % ws.length;
    if (op === 'drop' && ws.length > 1) ws.splice(i, 1);
    else if (op === 'change') ws[i] = w;
    else if (op === 'insert') ws.splice(i, 0, w);
    return ws.join(' ');
  });

interface Pair {
  page: string;
  source: string;
}

/** A page and a source sharing some sentences (possibly edited, reordered, repeated) among unrelated ones. */
const pairArb: fc.Arbitrary<Pair> = fc
  .record({
    shared: fc.array(sentenceArb(SHARED_WORDS), { maxLength: 6 }),
    pageOwn: fc.array(fc.oneof({ weight: 4, arbitrary: sentenceArb(OTHER_WORDS) }, { weight: 1, arbitrary: garbageArb }), { maxLength: 6 }),
    sourceOwn: fc.array(fc.oneof({ weight: 4, arbitrary: sentenceArb(OTHER_WORDS) }, { weight: 1, arbitrary: garbageArb }), { maxLength: 6 }),
    order: fc.array(fc.nat(), { maxLength: 12 }),
    joiner: fc.constantFrom(' ', '\n\n', ' “', '” '),
  })
  .chain(({ shared, pageOwn, sourceOwn, order, joiner }) =>
    fc.tuple(fc.tuple(...shared.map(editArb)), fc.constant({ shared, pageOwn, sourceOwn, order, joiner })),
  )
  .map(([edited, { shared, pageOwn, sourceOwn, order, joiner }]) => {
    const pageParts = [...pageOwn];
    for (let i = 0; i < edited.length; i++) pageParts.splice((order[i] ?? i) % (pageParts.length + 1), 0, edited[i]);
    if (order.length > edited.length && edited.length > 0) pageParts.push(edited[order[edited.length] % edited.length]); // a repeat
    const sourceParts = [...sourceOwn];
    for (let i = 0; i < shared.length; i++) sourceParts.splice((order[order.length - 1 - i] ?? i) % (sourceParts.length + 1), 0, shared[i]);
    return { page: pageParts.join(joiner), source: sourceParts.join(joiner) };
  });

/** Arbitrary text pairs (no shared structure at all). */
const garbagePairArb: fc.Arbitrary<Pair> = fc.record({
  page: fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), garbageArb),
  source: fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), garbageArb),
});

// ---- Checks -----------------------------------------------------------------------------------------------

function boundaries(t: Tokens): { starts: Set<number>; ends: Set<number> } {
  return { starts: new Set(t.starts), ends: new Set(t.ends) };
}

/** Invariants of a scan report against its page and sources. */
function checkScan(result: ScanResult, pageText: string, sources: Map<string, string>): void {
  const page = tokenize(pageText);
  const pb = boundaries(page);
  expect(result.words).toBe(page.length);
  const allSpans: Array<[number, number]> = [];
  for (const m of result.matches) {
    const src = sources.get(m.source.id);
    expect(src).toBeDefined();
    const sb = boundaries(tokenize(src!));
    expect(m.coverage).toBeGreaterThanOrEqual(0);
    expect(m.coverage).toBeLessThanOrEqual(1);
    expect(m.sharedWords).toBeLessThanOrEqual(result.words);
    expect(m.spans.length).toBeGreaterThan(0);
    let prevEnd = 0;
    for (const s of m.spans) {
      if (!(s.start >= 0 && s.start < s.end && s.end <= pageText.length)) throw new Error(`page span [${s.start}, ${s.end}) out of range`);
      if (!(s.sourceStart >= 0 && s.sourceStart < s.sourceEnd && s.sourceEnd <= src!.length)) {
        throw new Error(`source span [${s.sourceStart}, ${s.sourceEnd}) out of range`);
      }
      if (!pb.starts.has(s.start) || !pb.ends.has(s.end)) throw new Error(`page span [${s.start}, ${s.end}) not on token boundaries`);
      if (!sb.starts.has(s.sourceStart) || !sb.ends.has(s.sourceEnd)) throw new Error(`source span [${s.sourceStart}, ${s.sourceEnd}) not on token boundaries`);
      // Spans of one match are sorted and do not overlap on the page.
      if (s.start < prevEnd) throw new Error(`spans overlap: ${s.start} < ${prevEnd}`);
      prevEnd = s.end;
      allSpans.push([s.start, s.end]);
    }
  }
  // Each page word has one owner: no overlap across matches either.
  allSpans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < allSpans.length; i++) if (allSpans[i][0] < allSpans[i - 1][1]) throw new Error('spans of two matches overlap');
}

/** Invariants of alignVerbatim's passages (token ranges). */
function checkPassages(pageText: string, sourceText: string): void {
  const page = analyzeText(pageText);
  const source = analyzeText(sourceText);
  const passages = alignVerbatim(page, source);
  let prevEnd = 0;
  for (const p of passages) {
    expect(p.pStart).toBeGreaterThanOrEqual(prevEnd); // page order, each page word once
    expect(p.pStart).toBeLessThan(p.pEnd);
    expect(p.pEnd).toBeLessThanOrEqual(page.tokens.length);
    expect(p.sStart).toBeGreaterThanOrEqual(0);
    expect(p.sStart).toBeLessThan(p.sEnd);
    expect(p.sEnd).toBeLessThanOrEqual(source.tokens.length);
    expect(p.anchor).toBeGreaterThanOrEqual(DEFAULT_MIN_WORDS);
    prevEnd = p.pEnd;
    let runEnd = p.pStart;
    for (const r of p.runs) {
      expect(r.p).toBeGreaterThanOrEqual(runEnd);
      expect(r.len).toBeGreaterThan(0);
      expect(r.p + r.len).toBeLessThanOrEqual(p.pEnd);
      expect(r.s).toBeGreaterThanOrEqual(p.sStart);
      expect(r.s + r.len).toBeLessThanOrEqual(p.sEnd);
      // A run is an exact match, word by word.
      for (let k = 0; k < r.len; k++) expect(page.tokens.words[r.p + k]).toBe(source.tokens.words[r.s + k]);
      runEnd = r.p + r.len;
    }
  }
}

function scanPair(pair: Pair, extra: string[] = []): ScanResult {
  const corpus = new MemoryCorpus();
  const texts = new Map<string, string>([['src', pair.source]]);
  corpus.add({ id: 'src', title: null, outlet: null, url: null, published: null, text: pair.source });
  extra.forEach((text, i) => {
    texts.set(`x${i}`, text);
    corpus.add({ id: `x${i}`, title: null, outlet: null, url: null, published: null, text });
  });
  const result = corpus.scan(analyze(pair.page));
  checkScan(result, pair.page, texts);
  return result;
}

describe('aligner fuzz', () => {
  test('alignVerbatim passages and scan spans keep their invariants on generated pairs (500 cases)', () => {
    let matched = 0;
    fc.assert(
      fc.property(pairArb, fc.array(sentenceArb(SHARED_WORDS), { maxLength: 3 }), (pair, extra) => {
        checkPassages(pair.page, pair.source);
        // A second source sharing sentences too: attribution between sources must keep spans disjoint.
        const result = scanPair(pair, extra.length > 0 ? [extra.join(' ') + ' ' + pair.source.slice(0, pair.source.length >> 1)] : []);
        if (result.matches.length > 0) matched++;
      }),
      fuzzParams(500, 11),
    );
    // The generator is not vacuous: a good share of the pairs do match.
    expect(matched).toBeGreaterThan(100);
  });

  test('garbage pairs never crash and keep the invariants (400 cases)', () => {
    fc.assert(
      fc.property(fc.oneof(garbagePairArb, pairArb), (pair) => {
        checkPassages(pair.page, pair.source);
        checkPassages(pair.page, pair.page);
        scanPair(pair);
        scanPair({ page: pair.page, source: pair.page });
      }),
      fuzzParams(400, 12),
    );
  });

  test('a verbatim copied passage of >= 12 words is found, wherever it sits (500 cases)', () => {
    const passageArb = fc.uniqueArray(fc.constantFrom(...SHARED_WORDS), { minLength: DEFAULT_MIN_WORDS, maxLength: 40 }).map((ws) => ws.join(' '));
    const ownArb = fc.array(sentenceArb(OTHER_WORDS), { maxLength: 5 }).map((s) => s.join(' '));
    fc.assert(
      fc.property(passageArb, ownArb, ownArb, ownArb, ownArb, fc.constantFrom(' ', '\n\n', '. '), (passage, pb, pa, sb, sa, sep) => {
        const pair = { page: [pb, passage, pa].filter(Boolean).join(sep), source: [sb, passage, sa].filter(Boolean).join(sep) };
        const result = scanPair(pair);
        const m = result.matches.find((x) => x.source.id === 'src');
        expect(m).toBeDefined();
        // Every page word of the passage lies inside a verbatim span of the source.
        const at = pair.page.indexOf(passage);
        const t = tokenize(pair.page);
        for (let i = 0; i < t.length; i++) {
          if (t.starts[i] < at || t.ends[i] > at + passage.length) continue;
          const covered = m!.spans.some((s) => s.kind === 'verbatim' && s.start <= t.starts[i] && t.ends[i] <= s.end);
          if (!covered) throw new Error(`word ${JSON.stringify(t.words[i])} of the copied passage is not in a span`);
        }
      }),
      fuzzParams(500, 13),
    );
  });
});
