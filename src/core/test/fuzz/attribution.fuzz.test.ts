/**
 * Property test of attribution (src/core/holders.ts through MemoryCorpus.scan): random corpora whose sources
 * share sentences (wire copies, with dates or without), and pages spliced from several sources mid-paragraph
 * and across paragraph breaks. Every reported verbatim span's normalised words occur in its named source and
 * in each source of its `others`.
 *
 * Generated cases in this file: 400.
 */
import fc from 'fast-check';
import { MemoryCorpus } from '../../corpus';
import { tokenize } from '../../tokenize';
import { WORDS } from '../support/text-gen';
import { fuzzParams } from '../support/fuzz-config';

const FUNCTION_WORDS = ['the', 'of', 'and', 'to', 'in', 'a', 'said', 'on', 'for', 'was'];
const half = Math.floor(WORDS.length / 2);

/**
 * 6–14 words, no word twice in a sentence (function words aside): a sentence is always longer than the
 * largest edit the aligner bridges (MAX_GAP_WORDS), so spliced sentences are never taken for an edit.
 */
const sentenceArb = (vocab: readonly string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.uniqueArray(fc.constantFrom(...vocab), { minLength: 6, maxLength: 14 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...FUNCTION_WORDS)), { maxLength: 4 }))
    .map(([ws, fill]) => {
      for (const [at, w] of fill) ws.splice(1 + (at % ws.length), 0, w);
      return ws[0][0].toUpperCase() + ws.join(' ').slice(1) + '.';
    });

/** A text: sentence indices into the shared pool (≥ 0) or own sentences (−1 − i), with paragraph breaks. */
const layoutArb = fc.array(fc.record({ sentence: fc.integer({ min: -6, max: 11 }), breakAfter: fc.boolean() }), { minLength: 2, maxLength: 14 });

const caseArb = fc.record({
  /** Sentences the sources share (and their own ones, −1 − i), from one vocabulary. */
  pool: fc.array(sentenceArb(WORDS.slice(0, half)), { minLength: 12, maxLength: 12 }),
  own: fc.array(sentenceArb(WORDS.slice(0, half)), { minLength: 6, maxLength: 6 }),
  /** The page's own sentences, from another vocabulary. */
  pageOwn: fc.array(sentenceArb(WORDS.slice(half)), { minLength: 6, maxLength: 6 }),
  sources: fc.array(fc.record({ layout: layoutArb, day: fc.option(fc.integer({ min: 1, max: 3 })) }), { minLength: 2, maxLength: 4 }),
  /** The page: stretches of consecutive sentences cut from the sources, and own sentences. */
  splices: fc.array(
    fc.record({ source: fc.integer({ min: -1, max: 3 }), at: fc.nat(), count: fc.integer({ min: 1, max: 5 }), breakAfter: fc.boolean() }),
    { minLength: 2, maxLength: 5 },
  ),
});

type Layout = Array<{ sentence: number; breakAfter: boolean }>;

function render(layout: Layout, pool: string[], own: string[]): string {
  return layout
    .map((s, i) => (s.sentence >= 0 ? pool[s.sentence] : own[-1 - s.sentence]) + (i === layout.length - 1 ? '' : s.breakAfter ? '\n\n' : ' '))
    .join('');
}

const joined = (text: string): string => ` ${tokenize(text).words.join(' ')} `;

describe('attribution property', () => {
  test('every verbatim span is held by its named source and by each of its others (400 cases)', () => {
    let spans = 0;
    let withOthers = 0;
    let stitched = 0;
    fc.assert(
      fc.property(caseArb, ({ pool, own, pageOwn, sources, splices }) => {
        const corpus = new MemoryCorpus();
        const texts = new Map<string, string>();
        const layouts = sources.map((s) => s.layout);
        sources.forEach((s, i) => {
          const text = render(s.layout, pool, own);
          texts.set(`s${i}`, joined(text));
          corpus.add({ id: `s${i}`, title: null, outlet: null, url: null, published: s.day === null ? null : `2025-08-0${s.day}`, text });
        });
        const pageLayout: Layout = [];
        for (const sp of splices) {
          // Source −1: one of the page's own sentences (−7 − i: they follow the sources' six own ones).
          const layout = sp.source < 0 ? [{ sentence: -7 - (sp.at % pageOwn.length), breakAfter: false }] : layouts[sp.source % layouts.length];
          const at = sp.at % layout.length;
          pageLayout.push(...layout.slice(at, at + sp.count));
          pageLayout[pageLayout.length - 1] = { ...pageLayout[pageLayout.length - 1], breakAfter: sp.breakAfter };
        }
        const page = render(pageLayout, pool, [...own, ...pageOwn]);
        const result = corpus.scan(page);
        const sourcesOfPage = new Set<string>();
        for (const m of result.matches) {
          for (const s of m.spans) {
            if (s.kind !== 'verbatim') continue;
            spans++;
            sourcesOfPage.add(m.source.id);
            const w = joined(page.slice(s.start, s.end));
            if (!texts.get(m.source.id)!.includes(w)) throw new Error(`${m.source.id} does not hold ${JSON.stringify(page.slice(s.start, s.end))}`);
            for (const o of s.others) {
              withOthers++;
              if (!texts.get(o)!.includes(w)) throw new Error(`${o} (in others of ${m.source.id}) does not hold ${JSON.stringify(page.slice(s.start, s.end))}`);
            }
          }
        }
        if (sourcesOfPage.size > 1) stitched++;
      }),
      fuzzParams(400, 21),
    );
    // The generator is not vacuous: spans, shared spans and pages drawn from several sources are common.
    expect(spans).toBeGreaterThan(400);
    expect(withOthers).toBeGreaterThan(100);
    expect(stitched).toBeGreaterThan(50);
  });
});
