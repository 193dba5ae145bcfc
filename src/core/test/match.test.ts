import { analyze } from '../analysis';
import { matchSources, MIN_FRAGMENT_WORDS, parseDate, type SourceDoc } from '../match';
import type { CorpusRecord } from '../types';
import { checkScanResult, filler, pick, randInt, rng, sentence, wordsOf } from './helpers';

function doc(id: string, text: string, published: string | null = null): SourceDoc {
  const record: CorpusRecord = { id, title: null, outlet: null, url: null, published, text };
  return { record };
}

const SEED_SOURCE = 'This failure of the Afghan leadership led to the tragedy we are witnessing today.';
const SEED_PAGE = 'Afghan leadership failure resulted in the tragedy we are witnessing today.';

describe('matchSources', () => {
  test('parseDate: ISO dates and date-times, null for missing or invalid', () => {
    expect(parseDate('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(parseDate('2024-03-01T10:00:00Z')).toBe(Date.UTC(2024, 2, 1, 10));
    expect(parseDate(null)).toBeNull();
    expect(parseDate('')).toBeNull();
    expect(parseDate('not a date')).toBeNull();
  });

  test('the reworded seed example is reported as a reworded span', () => {
    const rand = rng(1);
    const page = `${filler(rand, 40)} ${SEED_PAGE} ${filler(rand, 40)}`;
    const source = doc('s', `${filler(rand, 40)} ${SEED_SOURCE} ${filler(rand, 40)}`);
    const result = matchSources(analyze(page), [source]);
    checkScanResult(result, page, () => source.record.text);
    expect(result.matches).toHaveLength(1);
    const [span] = result.matches[0].spans;
    expect(span.kind).toBe('reworded');
    expect(page.slice(span.start, span.end)).toBe(SEED_PAGE.replace(/\.$/, ''));
    expect(source.record.text.slice(span.sourceStart, span.sourceEnd)).toBe(SEED_SOURCE.replace(/\.$/, ''));
    expect(matchSources(analyze(page), [source], { includeReworded: false }).matches).toEqual([]);
    // Flagged as boilerplate: not a rewording.
    const pa = analyze(page);
    const flags = Uint8Array.from(pa.sentences, (s) => (pa.tokens.words[s.tokenStart] === 'afghan' ? 1 : 0));
    expect(flags.reduce((a, b) => a + b, 0)).toBe(1);
    expect(matchSources(pa, [source], { boilerplateSentences: flags }).matches).toEqual([]);
  });

  test('a verbatim passage and a reworded rest of the same sentence do not give overlapping spans', () => {
    const rand = rng(2);
    // 14 words copied verbatim, then the rest of a long sentence reworded.
    const head = 'the minister of finance told parliament on thursday that the national budget deficit';
    const srcTail = 'had grown sharply because of falling tax revenue from exporters and rising pension payments across provinces';
    const pageTail = 'grew sharply owing to falling exporter tax revenue and rising pension payments across provinces';
    const page = `${filler(rand, 30)} ${head} ${pageTail}. ${filler(rand, 30)}`;
    const source = doc('s', `${filler(rand, 30)} ${head} ${srcTail}. ${filler(rand, 30)}`);
    const result = matchSources(analyze(page), [source]);
    checkScanResult(result, page, () => source.record.text);
    const kinds = result.matches[0].spans.map((s) => s.kind);
    expect(kinds).toEqual(['verbatim', 'reworded']);
    const [v, r] = result.matches[0].spans;
    expect(wordsOf(page.slice(v.start, v.end))).toEqual(wordsOf(head));
    expect(r.start).toBeGreaterThanOrEqual(v.end);
  });

  test('a copied run cut by a longer run elsewhere in the source is still reported whole', () => {
    const rand = rng(3);
    const w = 'lorem ipsum dolor sit amet consectetur';
    const x = 'adipiscing elit sed do eiusmod tempor';
    const y = 'incididunt ut labore et dolore magna aliqua ut enim ad minim veniam';
    const source = doc('s', `${x} ${y}. ${filler(rand, 50)} ${w} ${x}. ${filler(rand, 50)}`);
    const page = `${filler(rand, 50)} ${w} ${x} ${y}. ${filler(rand, 50)}`;
    const result = matchSources(analyze(page), [source], { includeReworded: false });
    checkScanResult(result, page, () => source.record.text);
    const words = result.matches[0].spans.flatMap((s) => wordsOf(page.slice(s.start, s.end)));
    expect(words).toEqual(wordsOf(`${w} ${x} ${y}`));
  });

  test('a passage partly inside quotation marks is split into a quote span and a plain span', () => {
    const rand = rng(4);
    const plain = 'the ministry confirmed on friday that the northern border crossing would stay closed';
    const quoted = 'we will not reopen it until the security situation has improved for everyone';
    const text = `${plain}, adding: “${quoted}.”`;
    const page = `${filler(rand, 40)} ${text} ${filler(rand, 40)}`;
    const source = doc('s', `${filler(rand, 40)} ${text} ${filler(rand, 40)}`);
    const result = matchSources(analyze(page), [source]);
    checkScanResult(result, page, () => source.record.text);
    const spans = result.matches[0].spans;
    expect(spans.map((s) => s.quote)).toEqual([false, true]);
    expect(wordsOf(page.slice(spans[1].start, spans[1].end))).toEqual(wordsOf(quoted));
    const noQuotes = matchSources(analyze(page), [source], { includeQuotes: false });
    expect(noQuotes.matches[0].spans.map((s) => s.quote)).toEqual([false]);
    expect(noQuotes.matches[0].sharedWords).toBe(wordsOf(`${plain} adding`).length);
  });

  test('pieces left after attribution shorter than MIN_FRAGMENT_WORDS are dropped', () => {
    const rand = rng(5);
    const p = sentence(rand, 20, 20).replace(/\.$/, '');
    const pw = p.split(' ');
    // The earlier source holds all of p; the later one holds p plus 3 more words after it.
    const extra = 'alpha bravo charlie';
    const early = doc('early', `${filler(rand, 30)} ${p} zulu ${filler(rand, 30)}`, '2024-01-01');
    const late = doc('late', `${filler(rand, 30)} ${p} ${extra} ${filler(rand, 30)}`, '2024-02-01');
    const page = `${filler(rand, 30)} ${p} ${extra} ${filler(rand, 30)}`;
    const result = matchSources(analyze(page), [late, early]);
    checkScanResult(result, page, (id) => (id === 'early' ? early : late).record.text);
    // The later source's own 3 words are fewer than MIN_FRAGMENT_WORDS: it has no span at all.
    expect(MIN_FRAGMENT_WORDS).toBeGreaterThan(3);
    expect(result.matches.map((m) => m.source.id)).toEqual(['early']);
    expect(result.matches[0].sharedWords).toBe(pw.length);
    expect(result.matches[0].spans[0].others).toEqual(['late']);
  });

  test('random multi-source scenarios keep every structural invariant', () => {
    const rand = rng(6);
    const vocab = Array.from({ length: 40 }, (_, i) => `w${i}`);
    for (let trial = 0; trial < 25; trial++) {
      const sources: SourceDoc[] = [];
      const texts = new Map<string, string>();
      for (let k = 0; k < 4; k++) {
        const text = filler(rand, randInt(rand, 60, 200), vocab);
        const id = `s${k}`;
        texts.set(id, text);
        const published = rand() < 0.3 ? null : `2024-01-0${randInt(rand, 1, 3)}`;
        sources.push(doc(id, text, published));
      }
      // Page: pieces of the sources (some quoted, some edited) between filler.
      const parts: string[] = [];
      for (let k = 0; k < 6; k++) {
        parts.push(filler(rand, randInt(rand, 5, 30), vocab));
        const src = pick(rand, [...texts.values()]).split(' ');
        const from = randInt(rand, 0, Math.max(0, src.length - 10));
        const piece = src.slice(from, from + randInt(rand, 8, 40));
        if (rand() < 0.3) piece[randInt(rand, 0, piece.length - 1)] = 'edited';
        parts.push(rand() < 0.25 ? `“${piece.join(' ')}”` : piece.join(' '));
      }
      const page = parts.join(' ');
      const result = matchSources(analyze(page), sources, { minWords: randInt(rand, 6, 14) });
      checkScanResult(result, page, (id) => texts.get(id)!, { exact: false });
    }
  });
});
