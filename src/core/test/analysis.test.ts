import { analyze, MIN_PASSAGE_CONTENT_WORDS, PASSAGE_BANDS, sentencePassageKeys } from '../analysis';
import { SHINGLE_WORDS } from '../shingle';
import { filler, rng } from './helpers';

describe('analyze', () => {
  test('derived fields are consistent with each other', () => {
    const rand = rng(3);
    for (const text of ['', 'One.', 'Just four words here', filler(rand, 40), filler(rand, 400)]) {
      const a = analyze(text);
      const n = a.tokens.length;
      expect(a.shingles.length).toBe(Math.max(0, n - SHINGLE_WORDS + 1));
      const shingleSet = new Set(a.shingles);
      for (let i = 1; i < a.fingerprints.length; i++) expect(a.fingerprints[i]).toBeGreaterThan(a.fingerprints[i - 1]);
      for (const f of a.fingerprints) expect(shingleSet.has(f)).toBe(true);
      expect(new Set(Array.from(a.winnowPositions, (p) => a.shingles[p]))).toEqual(new Set(a.fingerprints));
      // Sentences tile the tokens.
      let next = 0;
      for (const s of a.sentences) {
        expect(s.tokenStart).toBe(next);
        next = s.tokenEnd;
      }
      expect(next).toBe(n);
      // Passage keys: sorted, unique, the union of the sentences' keys.
      const union = new Set<number>();
      for (const s of a.sentences) for (const k of sentencePassageKeys(s)) union.add(k);
      expect(Array.from(a.passageKeys)).toEqual([...union].sort((x, y) => x - y));
    }
  });

  test('a sentence gets PASSAGE_BANDS keys only with enough distinct content words', () => {
    const a = analyze('The Afghan leadership failure led to the tragedy we are witnessing today. He said so. It is.');
    expect(new Set(a.sentences[0].stems).size).toBeGreaterThanOrEqual(MIN_PASSAGE_CONTENT_WORDS);
    expect(sentencePassageKeys(a.sentences[0]).length).toBe(PASSAGE_BANDS);
    expect(sentencePassageKeys(a.sentences[1]).length).toBe(0);
    expect(a.passageKeys.length).toBe(PASSAGE_BANDS);
    // The same sentence elsewhere gets the same keys; reordering content words too (sets, not sequences).
    const b = analyze('Witnessing today the tragedy, Afghan leadership failure led to it.');
    expect(Array.from(b.passageKeys)).toEqual(Array.from(a.passageKeys));
  });
});
