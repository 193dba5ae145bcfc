import fc from 'fast-check';
import { quotedTokenMask, quoteRegions } from '../quotes';
import { tokenize } from '../tokenize';

/** The quoted substrings of `text`. */
const quoted = (text: string): string[] => quoteRegions(text).map(([a, b]) => text.slice(a, b));

/** An example with its quoted regions marked ⟦…⟧: the text without the marks, and the marked substrings in order. */
function marked(example: string): { text: string; regions: string[] } {
  return { text: example.replace(/[⟦⟧]/g, ''), regions: [...example.matchAll(/⟦([^⟧]*)⟧/g)].map((m) => m[1]) };
}

/** Words of `text` flagged as quoted by the token mask. */
function quotedWords(text: string): string[] {
  const t = tokenize(text);
  const mask = quotedTokenMask(t.starts, quoteRegions(text));
  return t.words.filter((_, i) => mask[i] === 1);
}

describe('quoteRegions', () => {
  /** Examples of each rule, their quoted regions marked ⟦…⟧ (see `marked`). */
  const cases: Array<[rule: string, examples: string[]]> = [
    ['English curly double quotes', ['⟦“Hello world,”⟧ he said. ⟦“Again.”⟧']],
    [
      'straight double quotes, including after punctuation and around apostrophes',
      ['⟦"Hello world,"⟧ he said.', 'He said ⟦"it\'s fine"⟧ and left.', 'She wrote: ⟦"We won."⟧ Then she left.'],
    ],
    [
      'German „…“ and „…”, French «…» (with spaces), German »…«',
      ['⟦„Guten Tag“⟧, sagte er.', '⟦„Dzień dobry”⟧ – powiedział.', '⟦« Bonjour »⟧, dit-il.', '⟦»Guten Abend«⟧, sagte sie.', '他说：⟦「我们来了。」⟧然后走了。'],
    ],
    [
      'single quotes are quotes, apostrophes are not',
      ['⟦‘I don’t know,’⟧ he said.', "He said ⟦'no way'⟧ to them.", 'I don’t know about the Afghans’ plans.', "I don't know about the Afghans' plans.", '⟦“The Afghans’ leaders failed,”⟧ he said.'],
    ],
    ['an elided century is not an opening quote', ["Prices in the '90s were lower. He said ⟦'no'⟧ then.", 'Music of the ‘60s and ’70s is back.']],
  ];

  test.each(cases)('%s', (_rule, examples) => {
    for (const example of examples) {
      const { text, regions } = marked(example);
      expect(quoted(text)).toEqual(regions);
    }
  });

  test('a quotation running over paragraphs closes at each newline and reopens', () => {
    const text = '“First paragraph of the quote.\n“Second paragraph, still quoted.”\nNot quoted.';
    expect(quoted(text)).toEqual(['“First paragraph of the quote.', '“Second paragraph, still quoted.”']);
    expect(quoted('He said: “We will fight on\nThe crowd cheered.')).toEqual(['“We will fight on']);
    // Still open at the end of the text: runs to the end.
    expect(quoted('Then: “unfinished')).toEqual(['“unfinished']);
  });

  test('regions are sorted, non-overlapping and inside the text (property)', () => {
    const unit = fc.constantFrom('a', 'b', ' ', '\n', '"', "'", '“', '”', '‘', '’', '„', '«', '»', '‹', '›', '「', '」', '.', ',', '1');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        let prev = 0;
        for (const [a, b] of quoteRegions(text)) {
          expect(a).toBeGreaterThanOrEqual(prev);
          expect(b).toBeGreaterThan(a);
          expect(b).toBeLessThanOrEqual(text.length);
          // A region never spans a line break.
          expect(text.slice(a, b).includes('\n')).toBe(false);
          prev = b;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('quotedTokenMask', () => {
  test('flags the tokens whose start lies inside a region', () => {
    expect(quotedWords('After the talks, he said “we have failed the Afghan people” and left.')).toEqual([
      'we',
      'have',
      'failed',
      'the',
      'afghan',
      'people',
    ]);
    expect(quotedWords('I don’t think the Afghans’ leaders knew.')).toEqual([]);
  });

  test('matches a brute-force containment check', () => {
    const unit = fc.constantFrom('word', ' ', '“', '”', '"', '\n', 'x', '’', "'", ', ');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        const t = tokenize(text);
        const regions = quoteRegions(text);
        const mask = quotedTokenMask(t.starts, regions);
        for (let i = 0; i < t.length; i++) {
          const inside = regions.some(([a, b]) => a <= t.starts[i] && t.starts[i] < b);
          expect(mask[i]).toBe(inside ? 1 : 0);
        }
      }),
      { numRuns: 500 },
    );
    expect(Array.from(quotedTokenMask(Uint32Array.from([0, 5, 10, 19, 20, 25]), [[4, 11], [20, 21]]))).toEqual([0, 1, 1, 0, 1, 0]);
  });
});
