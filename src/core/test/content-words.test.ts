import { contentStemHashes, isContentWord, stem } from '../content-words';
import { hashString } from '../hash';
import { tokenize } from '../tokenize';

describe('content words', () => {
  test('the light stemmer joins inflections', () => {
    expect(stem('witnessing')).toBe('witness');
    expect(stem('witnessed')).toBe('witness');
    expect(stem('leaders')).toBe(stem('leader'));
    expect(stem('tragedies')).toBe('traged');
    expect(stem('failures')).toBe(stem('failure'));
    expect(stem('cars')).toBe('cars'); // under five letters: unchanged
    expect(stem('gates')).toBe('gate'); // "es" would leave 3 letters (4 needed); a plural s may leave 3 or more
    expect(stem('things')).toBe('thing');
  });

  test('non-Latin and mixed words are not stemmed', () => {
    expect(stem('москвы')).toBe('москвы');
    expect(stem('covid19s')).toBe('covid19s');
    expect(stem('naïvely')).toBe('naïvely');
  });

  test('stop words, reporting verbs and short ASCII words are not content; short CJK words are', () => {
    for (const w of ['the', 'said', 'told', 'tuesday', 'according', 'mr', 'it\'s', 'ab']) expect(isContentWord(w)).toBe(false);
    for (const w of ['afghan', 'leadership', 'war', '中国', '的', 'ж']) expect(isContentWord(w)).toBe(true);
  });

  test('contentStemHashes keeps order and duplicates over a token range', () => {
    const t = tokenize('The leaders said the leaders failed. Other words here.');
    const hs = contentStemHashes(t, 0, 6);
    expect(hs).toEqual(['lead', 'lead', 'fail'].map(hashString)); // "leaders" → "lead" ("ers" removed)
    expect(contentStemHashes(t, 6, t.length)).toEqual(['word'].map(hashString)); // "other", "here" are stop words
  });
});
