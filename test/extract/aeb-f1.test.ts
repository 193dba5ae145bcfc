/**
 * Extraction quality on the Article Extraction Benchmark (181 real news pages, test/fixtures/aeb): the CLI's
 * extraction (jsdom + extractArticle) must score F1 ≥ 0.94 with the benchmark's own metric.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AEB_DIR as AEB, loadAebPages } from '../helpers/aeb-pages';
import { evaluateAeb, shingleMatching } from './aeb-metric';

const MIN_F1 = 0.94;

type Bodies = Record<string, { articleBody: string }>;
const groundTruth = JSON.parse(readFileSync(join(AEB, 'ground-truth.json'), 'utf8')) as Record<
  string,
  { articleBody: string; url: string }
>;
const fmt = (x: number): string => x.toFixed(3);

describe('AEB metric (test/extract/aeb-metric.ts)', () => {
  it('reproduces the published score of Readability.js from its published output', () => {
    const published = JSON.parse(readFileSync(join(AEB, 'output', 'readability_js.json'), 'utf8')) as {
      output: Bodies;
    };
    const { precision, recall, f1 } = evaluateAeb(groundTruth, published.output);
    console.log(`AEB readability_js reference (published 0.947/0.914/0.982): F1 ${fmt(f1)} P ${fmt(precision)} R ${fmt(recall)}`);
    expect(fmt(f1)).toBe('0.947');
    expect(fmt(precision)).toBe('0.914');
    expect(fmt(recall)).toBe('0.982');
  });

  it('counts shingles as a multiset and normalises per document', () => {
    expect(shingleMatching('a b c d e', 'a b c d e')).toEqual([1, 0, 0]);
    // truth shingles {abcd, bcde}, prediction {abcd}: TP 1, FN 1.
    expect(shingleMatching('a b c d e', 'a b c d')).toEqual([0.5, 0, 0.5]);
    // A repeated passage: truth {abcd}, prediction {abcd ×2, bcda, cdab, dabc}: TP 1, FP 4.
    expect(shingleMatching('a b c d', 'a b c d a b c d')).toEqual([1 / 5, 4 / 5, 0]);
    // Fewer than 4 tokens: one short shingle; no tokens: no shingle.
    expect(shingleMatching('Hi there', 'hi there')).toEqual([0, 0.5, 0.5]);
    expect(shingleMatching('', '...')).toEqual([0, 0, 0]);
  });
});

describe('extractFromHtml on the AEB pages', () => {
  it(`covers all 181 pages and scores F1 ≥ ${MIN_F1}`, () => {
    // loadAebPages runs extractFromHtml on every page (cached on disk, keyed by the extractor's source, so that
    // the golden tests reuse the same run).
    const started = performance.now();
    const pages = loadAebPages();
    const seconds = (performance.now() - started) / 1000;
    expect(pages.map((p) => p.id).sort()).toEqual(Object.keys(groundTruth).sort());
    expect(pages).toHaveLength(181);

    const predicted: Bodies = {};
    for (const p of pages) predicted[p.id] = { articleBody: p.text ?? '' };
    const failed = pages.filter((p) => p.text === null).map((p) => p.id);

    const { precision, recall, f1 } = evaluateAeb(groundTruth, predicted);
    console.log(
      `AEB extractFromHtml: F1 ${fmt(f1)} P ${fmt(precision)} R ${fmt(recall)} ` +
        `(${pages.length} pages, extracted or read from cache in ${seconds.toFixed(1)} s; no article on ${failed.length})`,
    );
    expect(failed).toEqual([]);
    expect(f1).toBeGreaterThanOrEqual(MIN_F1);
  }, 180_000);
});
