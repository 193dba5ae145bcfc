/**
 * @jest-environment jsdom
 *
 * Fuzz / property tests of the DOM mapper (src/content/dom-map.ts): random DOM trees (nested inline and block
 * elements, hidden elements, scripts, comments, whitespace, entities, words split by markup) whose visible text
 * holds a known passage; spans of the extracted text (articleText) and random, broken or unrelated spans are
 * mapped back onto the DOM.
 *
 * Invariants: mapSpans never throws; it returns at most one result per span, in input order; every Range lies
 * inside the document, starts and ends in indexed text nodes at offsets within them, and is not collapsed; the
 * live text a Range covers (whitespace squashed) is `MappedSpan.text`, and for a complete mapping its words are
 * the span's words; the known passage maps completely; the DOM is left untouched.
 *
 * Generated cases in this file: 700 + 300 = 1,000.
 */
import fc from 'fast-check';
import { indexLiveText, mapSpans, type LiveText, type MappedSpan } from '../../src/content/dom-map';
import { tokenize } from '@wiretrace/engine';
import { articleText } from '../../src/extract/extract-article';
import { WORDS } from '../../src/core/test/support/text-gen';
import { fuzzParams } from '../../src/core/test/support/fuzz-config';

const words = (s: string): string[] => tokenize(s).words;
const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// ---- Generators -------------------------------------------------------------------------------------------

const EXTRA_WORDS = ['NATO', 'Afghanistan’s', "don't", 'U.S.', '1,000', '3.5', 'élan', 'naïve', 'Москва', 'Αθήνα', 'القدس', '東京都', 'ภาษาไทย', 'AT&T', 'x<y'];
const wordArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.constantFrom(...EXTRA_WORDS) });
/** Whitespace and punctuation between words, as HTML (entities included). */
const gapArb = fc.constantFrom(' ', ' ', ' ', '&nbsp;', '\n  ', '\t', ', ', '. ', ' — ', ' “', '” ', '&#160;', ' &amp; ', ' (', ') ', '&#x2009;');

const INLINE = ['a', 'em', 'strong', 'span', 'b', 'i', 'small', 'mark'];
const BLOCK = ['p', 'div', 'section', 'li', 'h2', 'blockquote', 'article', 'figure'];
const HIDDEN = [
  '<script>var words = "hidden script words";</script>',
  '<style>p { content: "style words" }</style>',
  '<span hidden>hidden attribute words</span>',
  '<span aria-hidden="true">aria hidden words</span>',
  '<div style="display: none">display none words</div>',
  '<span style="visibility:hidden">invisible words</span>',
  '<template><p>template words</p></template>',
  '<noscript>noscript words</noscript>',
  '<textarea>textarea words</textarea>',
  '<!-- comment words -->',
  '<svg><text>svg words</text></svg>',
];

/** Inline HTML of a run of words, each plain, wrapped, split in two by a tag, or followed by a hidden element. */
const inlineRunArb = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.record({
        word: wordArb,
        how: fc.constantFrom('plain', 'plain', 'plain', 'wrap', 'split', 'hidden-after', 'br'),
        tag: fc.constantFrom(...INLINE),
        at: fc.nat(),
        gap: gapArb,
        hidden: fc.constantFrom(...HIDDEN),
      }),
      { minLength: min, maxLength: max },
    )
    .map((pieces) =>
      pieces
        .map((p, i) => {
          const w = escapeHtml(p.word);
          const k = 1 + (p.at % Math.max(1, p.word.length - 1));
          let html = w;
          if (p.how === 'wrap') html = `<${p.tag}>${w}</${p.tag}>`;
          else if (p.how === 'split' && p.word.length > 1 && !p.word.includes('&') && !p.word.includes('<')) {
            html = `${p.word.slice(0, k)}<${p.tag}>${p.word.slice(k)}</${p.tag}>`;
          } else if (p.how === 'hidden-after') html = `${w}${p.hidden}`;
          else if (p.how === 'br') html = `${w}<br>`;
          return i < pieces.length - 1 ? html + p.gap : html;
        })
        .join(''),
    );

/** A random tree of blocks holding inline runs and hidden elements, `depth` levels deep at most. */
const treeArb: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: inlineRunArb(1, 12) },
    { weight: 1, arbitrary: fc.constantFrom(...HIDDEN) },
    { weight: 1, arbitrary: fc.constantFrom('   ', '\n', '&nbsp;', '') },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...BLOCK, ...INLINE), fc.array(tie('node'), { maxLength: 4 }), fc.constantFrom('', '', ' hidden', ' class="x"', ' style="color:red"'))
        .map(([tag, kids, attr]) => `<${tag}${attr}>${kids.join('')}</${tag}>`),
    },
  ),
})).node;

interface Doc {
  html: string;
  passage: string[];
}

/** A page: random trees around a block holding the known passage (12–30 distinct words, random inline markup). */
const docArb: fc.Arbitrary<Doc> = fc
  .record({
    before: fc.array(treeArb, { maxLength: 4 }),
    after: fc.array(treeArb, { maxLength: 4 }),
    passage: fc.uniqueArray(fc.constantFrom(...WORDS), { minLength: 12, maxLength: 30 }),
    markup: fc.array(fc.record({ how: fc.constantFrom('plain', 'plain', 'wrap', 'split', 'hidden-after'), tag: fc.constantFrom(...INLINE), at: fc.nat(), gap: gapArb }), {
      minLength: 30,
      maxLength: 30,
    }),
    block: fc.constantFrom(...BLOCK),
    wrapper: fc.constantFrom('', 'div', 'main', 'article'),
  })
  .map(({ before, after, passage, markup, block, wrapper }) => {
    const inner = passage
      .map((w, i) => {
        const m = markup[i];
        const k = 1 + (m.at % Math.max(1, w.length - 1));
        let html = w;
        if (m.how === 'wrap') html = `<${m.tag}>${w}</${m.tag}>`;
        else if (m.how === 'split') html = `${w.slice(0, k)}<${m.tag}>${w.slice(k)}</${m.tag}>`;
        else if (m.how === 'hidden-after') html = `${w}<span hidden>zz</span>`;
        // Keep the passage's words apart: no punctuation-only joins that would glue two words.
        return i < passage.length - 1 ? html + (m.gap.trim() === '' || /\s/.test(m.gap) ? m.gap : ' ') : html;
      })
      .join('');
    const body = [...before, `<${block}>${inner}</${block}>`, ...after].join('');
    return { html: wrapper ? `<${wrapper}>${body}</${wrapper}>` : body, passage };
  });

/** Spans that mapSpans must skip or survive: broken objects, NaN, out of range, reversed, empty. */
const junkSpanArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, 42, 'span', {}, { start: NaN, end: 3 }, { start: 0, end: Infinity }, { start: -5, end: 2 }, { start: '0', end: '4' }),
  fc.record({ start: fc.integer({ min: -10, max: 5000 }), end: fc.integer({ min: -10, max: 5000 }) }),
  fc.record({ start: fc.double(), end: fc.double() }),
);

// ---- Checks -----------------------------------------------------------------------------------------------

/** The offset in `live.text` of a Range boundary (container must be an indexed text node). */
function liveOffset(live: LiveText, node: Node, offset: number): number {
  const i = live.nodes.indexOf(node as CharacterData);
  if (i < 0) throw new Error('a Range boundary is not in an indexed text node');
  if (offset < 0 || offset > (node as CharacterData).length) throw new Error(`Range offset ${offset} outside its node`);
  return live.nodeStarts[i] + offset;
}

/** Invariants of one mapping; returns the words the ranges cover. */
function checkMapped(live: LiveText, m: MappedSpan): string[] {
  const covered: string[] = [];
  const texts: string[] = [];
  for (const r of m.ranges) {
    if (!document.contains(r.startContainer) || !document.contains(r.endContainer)) throw new Error('Range outside the document');
    if (r.collapsed) throw new Error('collapsed Range');
    const from = liveOffset(live, r.startContainer, r.startOffset);
    const to = liveOffset(live, r.endContainer, r.endOffset);
    if (!(from < to)) throw new Error(`Range covers live text [${from}, ${to})`);
    const slice = live.text.slice(from, to);
    texts.push(slice.replace(/\s+/g, ' '));
    covered.push(...words(slice));
  }
  expect(m.text).toBe(texts.join(' … '));
  return covered;
}

/** Words of the article tokens a span overlaps (a span covers whole words). */
function spanWords(text: string, span: { start: number; end: number }): string[] {
  const t = tokenize(text);
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) if (t.ends[i] > span.start && t.starts[i] < span.end) out.push(t.words[i]);
  return out;
}

describe('dom-map fuzz', () => {
  test('random pages: the known passage and random token spans map with their own words (700 cases)', () => {
    fc.assert(
      fc.property(docArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }), fc.array(junkSpanArb, { maxLength: 4 }), (doc, picks, junk) => {
        document.body.innerHTML = doc.html;
        const before = document.body.innerHTML;
        const text = articleText(document.body);
        const t = tokenize(text);
        const want = doc.passage.map((w) => words(w)[0]);
        // The passage in the extracted text.
        let at = -1;
        for (let i = 0; i + want.length <= t.length && at < 0; i++) if (want.every((w, k) => t.words[i + k] === w)) at = i;
        if (at < 0) throw new Error(`passage not in the extracted text: ${JSON.stringify(text)}`);
        const spans: unknown[] = [{ start: t.starts[at], end: t.ends[at + want.length - 1] }];
        for (const [x, y] of picks) {
          const i = x % t.length;
          const j = i + (y % Math.min(40, t.length - i));
          spans.push({ start: t.starts[i], end: t.ends[j] });
        }
        spans.push(...junk);
        const live = indexLiveText(document.body);
        const mapped = mapSpans(live, text, spans as Array<{ start: number; end: number }>);
        expect(mapped.length).toBeLessThanOrEqual(spans.length);
        for (let k = 1; k < mapped.length; k++) expect(mapped[k].index).toBeGreaterThan(mapped[k - 1].index);
        for (const m of mapped) {
          const covered = checkMapped(live, m);
          const span = spans[m.index] as { start: number; end: number };
          if (m.complete) expect(covered).toEqual(spanWords(text, span));
        }
        expect(mapped[0].index).toBe(0);
        expect(mapped[0].complete).toBe(true);
        expect(checkMapped(live, mapped[0])).toEqual(want);
        expect(document.body.innerHTML).toBe(before);
      }),
      fuzzParams(700, 31),
    );
  });

  test('unrelated article text and arbitrary spans never throw and keep the Range invariants (300 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(treeArb, { maxLength: 5 }),
        fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), inlineRunArb(0, 40).map((h) => h.replace(/<[^>]*>/g, ' '))),
        fc.array(fc.oneof(fc.record({ start: fc.nat({ max: 300 }), end: fc.nat({ max: 300 }) }), junkSpanArb), { maxLength: 8 }),
        (trees, article, spans) => {
          document.body.innerHTML = trees.join('');
          const live = indexLiveText(document.body);
          const mapped = mapSpans(live, article, spans as Array<{ start: number; end: number }>);
          for (const m of mapped) {
            const covered = checkMapped(live, m);
            const span = spans[m.index] as { start: number; end: number };
            if (m.complete) expect(covered).toEqual(spanWords(article, span));
            else if (m.ranges.length > 0) expect(covered.length).toBeGreaterThan(0);
          }
        },
      ),
      fuzzParams(300, 32),
    );
  });
});
