// Unit test of the e2e checker itself (runs with the unit tests): it must catch what it is meant to catch.
import { checkHighlights, revealed, squeeze, wordGrams } from './highlights';

const text = 'Alpha beta gamma delta.\n\nEpsilon zeta eta theta iota. Kappa lambda mu.';
const spans = [
  { start: 0, end: 23 }, // "Alpha beta gamma delta."
  { start: 25, end: 53 }, // "Epsilon zeta eta theta iota."
];
const page = 'Header\nAlpha beta gamma delta.\nEpsilon zeta eta theta iota. Kappa lambda mu.\nFooter';

test('squeeze drops whitespace and keeps positions', () => {
  expect(squeeze(' a b\n c')).toEqual({ s: 'abc', pos: [1, 3, 6] });
});

test('exact highlights pass, across whitespace differences', () => {
  const c = checkHighlights(text, spans, ['Alpha beta gamma delta.', 'Epsilon zeta eta theta iota.'], page);
  expect(c).toEqual({ notInPage: [], outsideSpans: [], spanCoverage: [1, 1], totalCoverage: 1 });
  // One string drawn across two adjacent spans (a block boundary in between) is still inside them.
  expect(checkHighlights(text, spans, ['delta.Epsilon zeta'], page).outsideSpans).toEqual([]);
});

test('a highlight outside the spans, a missing span, and text not in the page are all caught', () => {
  const c = checkHighlights(text, spans, ['Alpha beta gamma delta.', 'Kappa lambda'], page);
  expect(c.outsideSpans).toEqual(['Kappa lambda']);
  expect(c.spanCoverage[1]).toBe(0);
  expect(c.totalCoverage).toBeLessThan(0.5);
  expect(checkHighlights(text, spans, ['Alpha beta gamma delta. Invented'], page).notInPage).toHaveLength(1);
  expect(checkHighlights(text, spans, [''], page).outsideSpans).toEqual(['']);
});

test('revealed finds shared word n-grams only', () => {
  const grams = wordGrams('The Taliban must respect the safe departure', 4);
  expect(revealed('nothing to see here at all', grams, 4)).toEqual([]);
  expect(revealed('x THE TALIBAN MUST respect y', grams, 4)).toEqual(['the taliban must respect']);
});
