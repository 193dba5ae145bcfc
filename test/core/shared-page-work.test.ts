/**
 * The page-side work that matchSources now does once for all candidate sources (the page's shingle set for
 * exactRuns, the qualifying page sentences for findReworded) gives exactly what each call computed alone.
 */
import { analyze, analyzeText } from '../../src/core/analysis';
import { exactRuns } from '../../src/core/align';
import { findReworded, rewordedPageSentences } from '../../src/core/reworded';
import { DEMO_RECORDS } from '../store/helpers';
import { filler, rng } from './helpers';

const rand = rng(7);
const demo = DEMO_RECORDS.map((r) => r.text);
// A page that copies from one source, rewords nothing in particular, and repeats a paragraph.
const copied = demo[0].split('\n\n').slice(1, 4).join('\n\n');
const page = analyze([filler(rand, 60), copied, filler(rand, 40), demo[1].split('\n\n')[2] ?? '', copied].join('\n\n'));
const sources = [...demo, filler(rand, 300)].map((t) => analyzeText(t));

test('exactRuns with the page shingle set finds the same runs', () => {
  const set = new Set(page.shingles);
  const boilerplate = new Int8Array(page.shingles.length).fill(-1);
  for (const s of sources) {
    expect(exactRuns(page, s, undefined, set)).toEqual(exactRuns(page, s));
    expect(exactRuns(page, s, boilerplate, set)).toEqual(exactRuns(page, s, boilerplate));
  }
  // A source sharing no shingle at all.
  const unrelated = analyzeText(filler(rng(99), 200, ['alpha', 'beta', 'gamma', 'delta', 'epsilon']));
  expect(exactRuns(page, unrelated, undefined, set)).toEqual([]);
});

test('findReworded with the prepared page sentences finds the same pairs', () => {
  const covered = new Uint8Array(page.tokens.length);
  covered.fill(1, 0, Math.floor(page.tokens.length / 3));
  const skip = Uint8Array.from(page.sentences, (_, i) => (i % 7 === 3 ? 1 : 0));
  for (const [cov, sk] of [[covered, undefined], [covered, skip], [new Uint8Array(page.tokens.length), skip]] as const) {
    const prepared = rewordedPageSentences(page, cov, sk);
    for (const s of sources) expect(findReworded(page, s, cov, sk, prepared)).toEqual(findReworded(page, s, cov, sk));
  }
});
