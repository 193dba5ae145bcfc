import fc from 'fast-check';
import { splitSentences } from '../sentences';
import { tokenize } from '../tokenize';

/** The sentences of `text` as the original substrings from first to last token. */
function sentences(text: string): string[] {
  const t = tokenize(text);
  return splitSentences(t).map((s) => text.slice(t.starts[s.tokenStart], t.ends[s.tokenEnd - 1]));
}

describe('splitSentences', () => {
  /** Texts and the sentences each one splits into, by the rule they show. */
  const cases: Array<[rule: string, examples: Array<[text: string, sentences: string[]]>]> = [
    [
      'splits at sentence punctuation followed by a space, and at line breaks',
      [
        [
          'The talks failed. Both sides left! Will they return? Nobody knows… Later\nNew line',
          ['The talks failed', 'Both sides left', 'Will they return', 'Nobody knows', 'Later', 'New line'],
        ],
      ],
    ],
    [
      'abbreviations do not end a sentence',
      [
        [
          'Mr. Smith met Dr. Jones and Gen. Miller on Jan. 5 in St. Louis. They talked.',
          ['Mr. Smith met Dr. Jones and Gen. Miller on Jan. 5 in St. Louis', 'They talked'],
        ],
      ],
    ],
    [
      'dotted acronyms do not end a sentence',
      [
        ['The U.S. economy grew while U.N. officials met. Prices rose.', ['The U.S. economy grew while U.N. officials met', 'Prices rose']],
        ['They met at 5 p.m. on Monday, e.g. after lunch. Then they left.', ['They met at 5 p.m. on Monday, e.g. after lunch', 'Then they left']],
      ],
    ],
    ['initials do not end a sentence', [['The book by J. K. Rowling sold well. Critics agreed.', ['The book by J. K. Rowling sold well', 'Critics agreed']]]],
  ];

  test.each(cases)('%s', (_rule, examples) => {
    for (const [text, want] of examples) expect(sentences(text)).toEqual(want);
  });

  test('CJK full stops end sentences even without a following space', () => {
    expect(sentences('我们来了。他们走了！你好吗？再见')).toEqual(['我们来了', '他们走了', '你好吗', '再见']);
    expect(sentences('彼は東京に行きました。次の日に帰った。')).toEqual(['彼は東京に行きました', '次の日に帰った']);
    // A closing bracket after the stop belongs to the sentence it closes.
    const t = tokenize('「行きます。」彼は言った。');
    const ss = splitSentences(t);
    expect(ss).toHaveLength(2);
    expect(t.text.slice(t.starts[ss[1].tokenStart], t.ends[ss[1].tokenEnd - 1])).toBe('彼は言った');
  });

  test('closing quotes after the stop stay with the sentence', () => {
    const t = tokenize('He said “we won.” Then he left.');
    const ss = splitSentences(t);
    expect(ss.map((s) => t.words.slice(s.tokenStart, s.tokenEnd).join(' '))).toEqual(['he said we won', 'then he left']);
  });

  test('a long sentence is cut where a quotation starts or ends when both clauses keep 4+ words', () => {
    expect(
      sentences('After the long meeting, he told reporters, “What we have seen is a failure of leadership,” and then he left the room quietly.'),
    ).toEqual(['After the long meeting, he told reporters', 'What we have seen is a failure of leadership', 'and then he left the room quietly']);
    // Too short a clause: no cut.
    expect(sentences('“Stop,” he said to them.')).toEqual(['Stop,” he said to them']);
  });

  test('property: sentences are contiguous, non-empty and cover every token in order', () => {
    const unit = fc.constantFrom('Word', 'word', ' ', ' ', '. ', '.', '! ', '? ', '\n', 'Mr. ', 'U.S. ', '“', '”', '"', '。', '我们', 'J. ');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }).map((a) => a.join('')), (text) => {
        const t = tokenize(text);
        const ss = splitSentences(t);
        let next = 0;
        for (const s of ss) {
          expect(s.tokenStart).toBe(next);
          expect(s.tokenEnd).toBeGreaterThan(s.tokenStart);
          next = s.tokenEnd;
        }
        expect(next).toBe(t.length);
      }),
      { numRuns: 1000 },
    );
  });
});
