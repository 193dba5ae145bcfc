/**
 * The page-side work that matchSources now does once for all candidate sources (the page's shingle set for
 * exactRuns, the qualifying page sentences for findReworded) gives exactly what each call computed alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, analyzeText } from '../analysis';
import { exactRuns } from '../align';
import { findReworded, rewordedPageSentences } from '../reworded';
import { filler, rng } from './helpers';

const rand = rng(7);
// The repository's demo corpus: real-looking articles with quotes and reworded passages.
const demo = readFileSync(join(__dirname, '../../../data/demo-corpus.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);
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
