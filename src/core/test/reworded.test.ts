import { analyze } from '../analysis';
import { contentStemHashes } from '../content-words';
import { findReworded, MIN_DICE, MIN_REWORDED_WORDS, MIN_SHARED_STEMS } from '../reworded';

const SOURCE_SENTENCE = 'This failure of the Afghan leadership led to the tragedy we are witnessing today.';
const PAGE_SENTENCE = 'Afghan leadership failure resulted in the tragedy we are witnessing today.';

const none = (n: number): Uint8Array => new Uint8Array(n);

/** Shared distinct content stems and Dice coefficient of two single-sentence texts. */
function overlap(a: string, b: string): { shared: number; dice: number } {
  const ta = analyze(a).tokens;
  const tb = analyze(b).tokens;
  const sa = new Set(contentStemHashes(ta, 0, ta.length));
  const sb = new Set(contentStemHashes(tb, 0, tb.length));
  const shared = [...sa].filter((h) => sb.has(h)).length;
  return { shared, dice: (2 * shared) / (sa.size + sb.size) };
}

describe('findReworded', () => {
  test('finds the seed example pair', () => {
    const page = analyze(PAGE_SENTENCE);
    const source = analyze(SOURCE_SENTENCE);
    const pairs = findReworded(page, source, none(page.tokens.length));
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ pStart: 0, pEnd: page.tokens.length, sStart: 0, sEnd: source.tokens.length });
    expect(pairs[0].dice).toBeGreaterThanOrEqual(MIN_DICE);
  });

  test('finds the right sentences inside longer texts', () => {
    const page = analyze(
      `Kabul fell within days as the army melted away. ${PAGE_SENTENCE} Aid groups are asking for safe corridors out of the country.`,
    );
    const source = analyze(
      `The president spoke from the White House on Monday evening. ${SOURCE_SENTENCE} Thousands have gathered at the airport hoping to leave.`,
    );
    const pairs = findReworded(page, source, none(page.tokens.length));
    expect(pairs).toHaveLength(1);
    const p = pairs[0];
    expect(page.tokens.words.slice(p.pStart, p.pEnd)).toEqual(analyze(PAGE_SENTENCE).tokens.words);
    expect(source.tokens.words.slice(p.sStart, p.sEnd)).toEqual(analyze(SOURCE_SENTENCE).tokens.words);
  });

  test('two unrelated sentences about the same people are not reworded copies', () => {
    const cases: Array<[string, string]> = [
      [
        'President Biden met Chinese leader Xi Jinping in Beijing to discuss trade tariffs and Taiwan.',
        'Xi Jinping warned Biden that Taiwan tariffs would damage trade between Beijing and Washington.',
      ],
      [
        'Biden praised Xi Jinping for the trade deal signed in Beijing on the Taiwan question.',
        'Taiwan accused Beijing of ignoring the trade deal while Biden criticised Xi Jinping.',
      ],
    ];
    for (const [a, b] of cases) {
      // They do share enough content words and Dice: only the adjacency rule tells them apart.
      const o = overlap(a, b);
      expect(o.shared).toBeGreaterThanOrEqual(MIN_SHARED_STEMS);
      expect(o.dice).toBeGreaterThanOrEqual(MIN_DICE);
      const page = analyze(a);
      expect(findReworded(page, analyze(b), none(page.tokens.length))).toEqual([]);
    }
  });

  test('`covered` skips page sentences already matched verbatim (more than half their words)', () => {
    const page = analyze(PAGE_SENTENCE);
    const source = analyze(SOURCE_SENTENCE);
    const n = page.tokens.length; // 11 words
    const mostly = none(n);
    mostly.fill(1, 0, Math.floor(n / 2) + 1);
    expect(findReworded(page, source, mostly)).toEqual([]);
    const half = none(n);
    half.fill(1, 0, Math.floor(n / 2));
    expect(findReworded(page, source, half)).toHaveLength(1);
    expect(findReworded(page, source, new Uint8Array(n).fill(1))).toEqual([]);
  });

  test('sentences with fewer than five content words are ignored', () => {
    // 12 words, but only four content words (afghan, leadership, failure, tragedy).
    const page = analyze('It was the Afghan leadership and its failure that made this tragedy.');
    const source = analyze('This was all about the Afghan leadership, its failure and the tragedy.');
    expect(page.tokens.length).toBeGreaterThanOrEqual(MIN_REWORDED_WORDS);
    expect(findReworded(page, source, none(page.tokens.length))).toEqual([]);
    // One more content word on both sides and they are a rewording.
    const page5 = analyze('It was the Afghan leadership and its failure that made this Kabul tragedy.');
    const source5 = analyze('This was all about the Afghan leadership, its failure and the Kabul tragedy.');
    expect(findReworded(page5, source5, none(page5.tokens.length))).toHaveLength(1);
  });

  test('page sentences shorter than MIN_REWORDED_WORDS words are ignored', () => {
    const long = analyze(PAGE_SENTENCE);
    expect(long.tokens.length).toBeGreaterThanOrEqual(MIN_REWORDED_WORDS);
    const short = analyze('Afghan leadership failure caused Kabul tragedy witnessed.'); // 7 words, 6 content stems
    const source = analyze('The Afghan leadership failure caused the Kabul tragedy witnessed today.');
    expect(findReworded(short, source, none(short.tokens.length))).toEqual([]);
  });

  test('a sentence holding a link is not a rewording', () => {
    const page = analyze(`${PAGE_SENTENCE.replace(/\.$/, '')} https://example.com/afghan-leadership-failure.html`);
    expect(findReworded(page, analyze(SOURCE_SENTENCE), none(page.tokens.length))).toEqual([]);
  });

  test('the best-matching source sentence wins, whatever its position', () => {
    const page = analyze(PAGE_SENTENCE);
    const weaker = 'Afghan leadership failure and the tragedy we are witnessing today shocked diplomats, lawyers and farmers.';
    // The weaker sentence is a match on its own...
    expect(findReworded(page, analyze(weaker), none(page.tokens.length))).toHaveLength(1);
    // ...but the closer rewording is chosen.
    for (const text of [`${weaker} ${SOURCE_SENTENCE}`, `${SOURCE_SENTENCE} ${weaker}`]) {
      const source = analyze(text);
      const pairs = findReworded(page, source, none(page.tokens.length));
      expect(pairs).toHaveLength(1);
      expect(source.tokens.words.slice(pairs[0].sStart, pairs[0].sEnd)).toEqual(analyze(SOURCE_SENTENCE).tokens.words);
    }
  });
});
