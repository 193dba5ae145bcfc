/**
 * Page facts are computed once, by the engine, and every view reads them: for random scan results (random
 * match sets over random pages, and genuine scans of random corpora) the share is the plain union of the
 * covered word indexes ÷ the word count, and the toolbar badge's colour and the reading history's "recycled"
 * always agree.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { BADGE_COLOURS, badgeFor } from '../../src/background/badge';
import { historyEntry } from '../../src/background/history';
import { factsOfText, MemoryCorpus, PASSAGE_KINDS, passageKind, tokenize, type Match, type MatchSpan, type PageReport } from '@wiretrace/engine';
import { isRecycled } from '../../src/ui/options/history-report';
import { fuzzParams } from '../../src/core/test/support/fuzz-config';
import { filler, rng } from '../../src/core/test/support/text-gen';
import { fakeBrowser, pageInfo } from './helpers';

const PAGE_URL = 'https://paper.example/story';

/**
 * The reference, the plain way: the indexes of the page words (the engine's tokens) whose start lies in any
 * span of any source, as a set, over the word count.
 */
function referenceShare(text: string, matches: readonly Match[]): number {
  const starts = [...tokenize(text).starts];
  if (starts.length === 0) return 0;
  const covered = new Set<number>();
  starts.forEach((at, i) => {
    if (matches.some((m) => m.spans.some((s) => at >= s.start && at < s.end))) covered.add(i);
  });
  return covered.size / starts.length;
}

/** The badge is amber or red exactly when the history entry of the same result says "recycled". */
function expectAgreement(report: Pick<PageReport, 'words' | 'matches' | 'sourceCount' | 'facts'>): void {
  const look = badgeFor(report);
  const entry = historyEntry(pageInfo(PAGE_URL), report, PAGE_URL)!;
  const warm = look.background === BADGE_COLOURS.medium.background || look.background === BADGE_COLOURS.high.background;
  expect(warm).toBe(isRecycled(entry));
  expect(entry.share).toBe(report.facts.share);
  expect(look.text).toBe(report.sourceCount > 0 ? String(report.sourceCount) : '');
}

/** A page of plain words separated by single spaces. */
const pageWords = fc.array(fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'), { minLength: 0, maxLength: 120 });

const spanArb = (length: number) =>
  fc
    .tuple(fc.nat({ max: Math.max(0, length - 1) }), fc.nat({ max: 60 }), fc.constantFrom<MatchSpan['kind']>('verbatim', 'reworded'), fc.boolean())
    .map(([start, len, kind, quote]): MatchSpan => ({ start, end: Math.min(length, start + 1 + len), sourceStart: 0, sourceEnd: 1, kind, quote, others: [] }));

beforeEach(() => fakeBrowser.__reset());

test('random match sets (overlapping sources too): the union share, and the badge and the history agree', () => {
  fc.assert(
    fc.property(
      pageWords.chain((words) => {
        const text = words.join(' ');
        const matchArb = fc.array(spanArb(text.length), { minLength: 1, maxLength: 4 });
        return fc.tuple(fc.constant(text), text.length === 0 ? fc.constant([]) : fc.array(matchArb, { maxLength: 5 }), fc.nat({ max: 3 }));
      }),
      ([text, spanSets, groupsLess]) => {
        const words = tokenize(text).length;
        const matches: Match[] = spanSets.map((spans, i) => ({
          source: { id: `s${i}`, title: null, outlet: null, url: null, published: null },
          coverage: 0,
          sharedWords: 0,
          spans: [...spans].sort((a, b) => a.start - b.start),
          group: `s${i}`,
        }));
        const sourceCount = Math.max(matches.length > 0 ? 1 : 0, matches.length - groupsLess);
        const facts = factsOfText(text, matches, sourceCount);
        expect(facts.share).toBeCloseTo(referenceShare(text, matches), 12);
        expect(facts.reusedWords).toBe(Math.round(facts.share * words));
        expect(facts.share).toBeLessThanOrEqual(1);
        const kinds = new Set(matches.flatMap((m) => m.spans.map(passageKind)));
        expect(facts.kinds).toEqual(PASSAGE_KINDS.filter((k) => kinds.has(k)));
        expect(facts.sources.map((f) => f.id)).toEqual(matches.map((m) => m.source.id));
        expectAgreement({ words, matches, sourceCount, facts });
      },
    ),
    fuzzParams(300, 41),
  );
});

test('genuine scans of random corpora: the engine\'s share is the union, and the badge and the history agree', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), (seed, sources, pieces) => {
      const rand = rng(seed);
      const corpus = new MemoryCorpus();
      const texts = Array.from({ length: sources }, (_, i) => filler(rng(seed * 7 + i), 120));
      texts.forEach((text, i) => corpus.add({ id: `src-${i}`, title: null, outlet: null, url: null, published: null, text }));
      // The page: its own words, with pieces copied from the sources (some pieces from the same source).
      const parts = [filler(rand, 40 + Math.floor(rand() * 80))];
      for (let p = 0; p < pieces; p++) {
        const from = Math.floor(rand() * 40);
        const copied = texts[Math.floor(rand() * sources)].split(' ').slice(from, from + 15 + Math.floor(rand() * 60));
        parts.push(copied.join(' '), filler(rand, 10 + Math.floor(rand() * 30)));
      }
      const text = parts.join(' ');
      const result = corpus.scan(text);
      expect(result.facts.share).toBeCloseTo(referenceShare(text, result.matches), 12);
      expectAgreement(result);
    }),
    fuzzParams(25, 42),
  );
});
