/**
 * @jest-environment jsdom
 *
 * Indexing the live text and tokenizing in slices (the content script's work after extraction on a big page):
 * exactly the index of the one-pass `indexLiveText`, with the main thread given back between slices, and
 * abandoned when a newer check starts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { tokenize, type Tokens } from '@wiretrace/engine';
import { indexLiveText, indexLiveTextSliced, mapSpans, tokenizeSliced, TOKENIZE_PIECE_CHARS, type LiveText, type Slicer } from '../../src/content/dom-map';
import { CONTENT_SLICE_MS, ContentSlicer } from '../../src/content/scheduling';

const DEMO = readFileSync(join(__dirname, '../../data/demo/index.html'), 'utf8');

/** A slicer whose slice is always used up: the job gives the thread back at every chance it has. */
function eagerSlicer(): Slicer & { yields: number } {
  const s = { yields: 0, due: () => true, next: async () => { s.yields++; await Promise.resolve(); } };
  return s;
}

const plain = (t: Tokens) => ({ text: t.text, words: t.words, starts: Array.from(t.starts), ends: Array.from(t.ends), hashes: Array.from(t.hashes), length: t.length });
const plainLive = (l: LiveText) => ({ text: l.text, nodeStarts: Array.from(l.nodeStarts), tokens: plain(l.tokens) });
/** The same text nodes, by identity (deep equality of DOM nodes is slow and says less). */
const sameNodes = (a: LiveText, b: LiveText): boolean => a.nodes.length === b.nodes.length && a.nodes.every((n, i) => n === b.nodes[i]);

/** A page of `paras` paragraphs with inline markup, hidden bits and words split by markup. */
function bigBody(paras: number): string {
  const out: string[] = [];
  for (let i = 0; i < paras; i++) {
    out.push(`<p id="p${i}">Para ${i}: the <em>minister</em> said U.S. exports rose 3,5 % in Stol<span>ten</span>berg’s ` +
      `${i % 7 === 0 ? '<span hidden>hidden words</span>' : ''}district<br>and then 東京 news ${'word '.repeat(i % 13)}</p>`);
  }
  return `<main>${out.join('\n')}</main><script>var x = 1;</script>`;
}

describe('indexLiveTextSliced', () => {
  test('gives exactly the index of indexLiveText (demo page and a big page), yielding between slices', async () => {
    for (const html of [DEMO, `<body>${bigBody(3_000)}</body>`]) {
      document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
      const whole = indexLiveText(document.body);
      const slicer = eagerSlicer();
      const sliced = await indexLiveTextSliced(document.body, slicer);
      expect(sliced).not.toBeNull();
      expect(plainLive(sliced!)).toEqual(plainLive(whole));
      expect(sameNodes(sliced!, whole)).toBe(true);
    }
    // The big page: many slices (the walk checks the clock every few hundred nodes, tokenizing every piece).
    const slicer = eagerSlicer();
    await indexLiveTextSliced(document.body, slicer);
    expect(slicer.yields).toBeGreaterThan(20);
  });

  test('maps spans exactly as the one-pass index does', async () => {
    document.body.innerHTML = bigBody(400);
    const whole = indexLiveText(document.body);
    const sliced = (await indexLiveTextSliced(document.body, eagerSlicer()))!;
    const text = whole.text;
    const spans = [123, 5_000, 20_000].map((start) => ({ start, end: start + 200 }));
    const view = (l: LiveText) => mapSpans(l, text, spans).map((m) => ({ text: m.text, complete: m.complete, ranges: m.ranges.map((r) => r.toString()) }));
    expect(view(sliced)).toEqual(view(whole));
  });

  test('stops (null) when the run is no longer current', async () => {
    document.body.innerHTML = bigBody(2_000);
    let current = true;
    const slicer = eagerSlicer();
    const next = slicer.next;
    slicer.next = async () => {
      await next();
      current = false; // a newer check started while this one had yielded
    };
    expect(await indexLiveTextSliced(document.body, slicer, () => current)).toBeNull();
    expect(slicer.yields).toBe(1);
  });
});

describe('tokenizeSliced', () => {
  test('the same tokens as one tokenize, for text cut into many pieces', async () => {
    const para = 'The U.S. and U.K. said 1,000 people’s homes — "3.5 %" — were lost; 東京では雨. Ελληνικά ΣΊΣΥΦΟΣ straße\n';
    const text = para.repeat(Math.ceil((TOKENIZE_PIECE_CHARS * 5) / para.length));
    const slicer = eagerSlicer();
    expect(plain((await tokenizeSliced(text, slicer))!)).toEqual(plain(tokenize(text)));
    expect(slicer.yields).toBeGreaterThanOrEqual(4);
  });

  test('property: any text of words, punctuation, digits and line breaks', async () => {
    const piece = fc.constantFrom('word', 'U.S.', '3,5', '.', ',', '’s', ' ', '\n', '\n\n', '東京', 'ÉTÉ', '-', '1', 'a');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 400 }), async (parts) => {
        const text = parts.join('');
        // Tiny pieces: a cut after every line break.
        const got = await tokenizeSliced(text, eagerSlicer(), () => true, 1);
        expect(plain(got!)).toEqual(plain(tokenize(text)));
      }),
      { numRuns: 200 },
    );
  });

  test('empty text and text without a line break', async () => {
    expect(plain((await tokenizeSliced('', eagerSlicer()))!)).toEqual(plain(tokenize('')));
    const long = 'word '.repeat(TOKENIZE_PIECE_CHARS);
    expect(plain((await tokenizeSliced(long, eagerSlicer()))!)).toEqual(plain(tokenize(long)));
  });
});

describe('ContentSlicer', () => {
  test('is due once its slice is used up, and starts a new slice after yielding', async () => {
    const slicer = new ContentSlicer(CONTENT_SLICE_MS);
    expect(slicer.due()).toBe(false);
    const until = performance.now() + CONTENT_SLICE_MS + 2;
    while (performance.now() < until) {
      /* busy: the slice runs out */
    }
    expect(slicer.due()).toBe(true);
    await slicer.next();
    expect(slicer.yields).toBe(1);
    expect(slicer.due()).toBe(false);
  });
});
