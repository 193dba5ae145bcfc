/**
 * @jest-environment jsdom
 *
 * Passages: kinds, document order, and keyboard stepping with wrap-around.
 */
import type { Match, MatchSpan } from '@wiretrace/engine';
import { indexLiveText, mapSpans } from '../../src/content/dom-map';
import { buildPassages, firstStep, flattenSpans, PASSAGE_CHUNK, passageKind, stepIndex } from '../../src/content/passages';

const span = (start: number, end: number, extra: Partial<MatchSpan> = {}): MatchSpan => ({
  start, end, sourceStart: 0, sourceEnd: end - start, kind: 'verbatim', quote: false, others: [], ...extra,
});
const match = (id: string, spans: MatchSpan[]): Match => ({
  source: { id, title: null, outlet: null, url: null, published: null }, coverage: 0.5, sharedWords: 10, spans, group: id,
});

test('passageKind: verbatim, verbatim in quotes, reworded (quoted or not)', () => {
  expect(passageKind({ kind: 'verbatim', quote: false })).toBe('verbatim');
  expect(passageKind({ kind: 'verbatim', quote: true })).toBe('quote');
  expect(passageKind({ kind: 'reworded', quote: false })).toBe('reworded');
  expect(passageKind({ kind: 'reworded', quote: true })).toBe('reworded');
});

describe('stepIndex and firstStep', () => {
  test('next and previous wrap around', () => {
    expect([0, 1, 2].map((i) => stepIndex(i, 1, 3))).toEqual([1, 2, 0]);
    expect([0, 1, 2].map((i) => stepIndex(i, -1, 3))).toEqual([2, 0, 1]);
    expect(stepIndex(0, 1, 1)).toBe(0);
  });

  test('from nowhere: first going forward, last going back; nothing when empty', () => {
    expect(stepIndex(-1, 1, 4)).toBe(0);
    expect(stepIndex(-1, -1, 4)).toBe(3);
    expect(stepIndex(7, 1, 4)).toBe(0);
    expect(stepIndex(-1, 1, 0)).toBe(-1);
  });

  test('the first step starts from the viewport', () => {
    const tops = [100, 500, 900, 1300];
    expect(firstStep(tops, 600, 1)).toBe(2); // the first passage below the top of the viewport
    expect(firstStep(tops, 600, -1)).toBe(1); // the last one above it
    expect(firstStep(tops, 2000, 1)).toBe(0); // none below: wrap to the first
    expect(firstStep(tops, 0, -1)).toBe(3); // none above: wrap to the last
    expect(firstStep([], 0, 1)).toBe(-1);
  });
});

describe('buildPassages', () => {
  test('flattened spans of all matches map back to their match, sorted in document order', async () => {
    document.body.innerHTML =
      '<p id="a">Alpha bravo charlie delta echo.</p><p id="b">Foxtrot golf hotel india juliet.</p><p id="c">Kilo lima mike november oscar.</p>';
    // The article text has the paragraphs in another order (Readability reordered them).
    const text = 'Kilo lima mike november oscar.\n\nAlpha bravo charlie delta echo.\n\nFoxtrot golf hotel india juliet.';
    const at = (phrase: string): [number, number] => [text.indexOf(phrase), text.indexOf(phrase) + phrase.length];
    const report = {
      matches: [
        match('s1', [span(...at('Kilo lima mike'), { quote: true })]),
        match('s2', [span(...at('bravo charlie delta')), span(...at('golf hotel india'), { kind: 'reworded' })]),
      ],
    };
    const { refs, spans } = flattenSpans(report);
    expect(refs).toEqual([{ match: 0, span: 0 }, { match: 1, span: 0 }, { match: 1, span: 1 }]);
    const mapped = mapSpans(indexLiveText(document.body), text, spans);
    const passages = (await buildPassages(report, refs, mapped))!;
    expect(passages.map((p) => p.text)).toEqual(['bravo charlie delta', 'golf hotel india', 'Kilo lima mike']);
    expect(passages.map((p) => p.kind)).toEqual(['verbatim', 'reworded', 'quote']);
    expect(passages.map((p) => p.match.source.id)).toEqual(['s2', 's2', 's1']);
    expect(passages.map((p) => p.ranges[0].startContainer.parentElement!.id)).toEqual(['a', 'b', 'c']);
  });

  test('spans not found on the page are left out', async () => {
    document.body.innerHTML = '<p>one two three four</p>';
    const report = { matches: [match('s', [span(0, 9), span(10, 30)])] };
    const text = 'one two, and something that is not on the page';
    const { refs, spans } = flattenSpans(report);
    const passages = (await buildPassages(report, refs, mapSpans(indexLiveText(document.body), text, spans)))!;
    expect(passages.map((p) => p.text)).toEqual(['one two']);
  });

  test('many spans are built in chunks and stop when the run is superseded', async () => {
    const words = Array.from({ length: PASSAGE_CHUNK * 3 }, (_, i) => `w${i}`);
    document.body.innerHTML = `<p>${words.join(' ')}</p>`;
    const text = words.join(' ');
    const spans = words.map((w) => span(text.indexOf(`${w} `) >= 0 ? text.indexOf(`${w} `) : text.lastIndexOf(w), text.indexOf(w) + w.length));
    const report = { matches: [match('s', spans)] };
    const flat = flattenSpans(report);
    const mapped = mapSpans(indexLiveText(document.body), text, flat.spans);
    expect((await buildPassages(report, flat.refs, mapped))!).toHaveLength(words.length);
    let calls = 0;
    expect(await buildPassages(report, flat.refs, mapped, () => ++calls < 2)).toBeNull();
    expect(calls).toBe(2);
  });
});
