/**
 * @jest-environment jsdom
 *
 * dom-map: spans of the extracted article text mapped back onto the live DOM as Ranges, by words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { tokenize } from '@wiretrace/engine';
import { articleText, extractArticle } from '../../src/extract/extract-article';
import { indexLiveText, isSkippedElement, mapSpans, MAX_SEED_CANDIDATES, MIN_FALLBACK_RUN_WORDS, type LiveText, type MappedSpan } from '../../src/content/dom-map';

const words = (s: string): string[] => tokenize(s).words;
const rangeWords = (m: MappedSpan): string[] => words(m.ranges.map((r) => r.toString()).join(' '));

/** Words of the ranges' text without the hidden and script content they may enclose (copies; the DOM is untouched). */
function visibleRangeWords(m: MappedSpan): string[] {
  const texts = m.ranges.map((r) => {
    const frag = r.cloneContents();
    for (const el of Array.from(frag.querySelectorAll('[hidden], [aria-hidden="true"], script'))) el.remove();
    return frag.textContent ?? '';
  });
  return words(texts.join(' '));
}

/** Sets the body of the test document and indexes it. */
function page(html: string): LiveText {
  document.body.innerHTML = html;
  return indexLiveText(document.body);
}

/** The span of the `nth` occurrence of `phrase` in `text`. */
function spanOf(text: string, phrase: string, nth = 0): { start: number; end: number } {
  let start = -1;
  for (let k = 0; k <= nth; k++) {
    start = text.indexOf(phrase, start + 1);
    if (start < 0) throw new Error(`${JSON.stringify(phrase)} #${nth} not in ${JSON.stringify(text)}`);
  }
  return { start, end: start + phrase.length };
}

/** Maps one phrase of `text` and checks that it maps completely with the same words; returns the mapping. */
function mapOne(live: LiveText, text: string, phrase: string, nth = 0): MappedSpan {
  const [m] = mapSpans(live, text, [spanOf(text, phrase, nth)]);
  expect(m).toBeDefined();
  expect(m.complete).toBe(true);
  expect(m.ranges).toHaveLength(1);
  expect(rangeWords(m)).toEqual(words(phrase));
  expect(words(m.text)).toEqual(words(phrase));
  return m;
}

/** The element (by id) that holds a range's start. */
const startId = (r: Range): string | undefined => r.startContainer.parentElement?.closest('[id]')?.id;

describe('indexLiveText', () => {
  test('inline text nodes are joined as is, blocks, <br> and cells are separated', () => {
    const live = page(
      '<div>alpha<b>beta</b></div><div>gamma</div><p>one<br>two</p>' +
        '<table><tr><td>cell</td><td>next</td></tr></table><p>Stol<span>ten</span>berg</p>',
    );
    expect(live.tokens.words).toEqual(['alphabeta', 'gamma', 'one', 'two', 'cell', 'next', 'stoltenberg']);
    expect(live.nodes.map((n) => n.data)).toEqual(['alpha', 'beta', 'gamma', 'one', 'two', 'cell', 'next', 'Stol', 'ten', 'berg']);
  });

  test('skips script, style, noscript, template, textarea, svg, hidden, aria-hidden, inline-hidden and UI hosts', () => {
    const live = page(
      '<p>kept</p><script>var a = 1;</script><style>p { color: red }</style><noscript>enable js</noscript>' +
        '<template><p>template</p></template><textarea>typed</textarea><svg><text>vector</text></svg>' +
        '<p hidden>attr</p><p aria-hidden="true">aria</p><p style="color: red; display: none">dnone</p>' +
        '<p style="visibility:hidden !important">vhidden</p><div data-wiretrace><p>ours</p></div>' +
        '<p aria-hidden="false" style="display: block">visible</p>',
    );
    expect(live.tokens.words).toEqual(['kept', 'visible']);
  });

  test('elements skipped inside a word do not split it (as the browser renders it)', () => {
    const live = page('<p>foo<script>x()</script>bar <span hidden>no</span>baz</p>');
    expect(live.tokens.words).toEqual(['foobar', 'baz']);
  });

  test('isSkippedElement reads only the tag and attributes', () => {
    const el = document.createElement('div');
    expect(isSkippedElement(el)).toBe(false);
    el.setAttribute('style', 'display:nonesuch');
    expect(isSkippedElement(el)).toBe(false);
    el.setAttribute('style', 'margin: 0;DISPLAY : NONE');
    expect(isSkippedElement(el)).toBe(true);
    expect(isSkippedElement(document.createElement('textarea'))).toBe(true);
  });
});

describe('mapSpans: markup and characters', () => {
  test('inline markup: a, em, strong, and a span splitting a word in two', () => {
    const live = page(
      '<p id="p">NATO chief <a href="#">Jens</a> <em>Stol<span>ten</span>berg</em> said <strong>Tuesday</strong> ' +
        'the <a href="#"><b>alliance</b> was</a> surprised.</p>',
    );
    const text = 'NATO chief Jens Stoltenberg said Tuesday the alliance was surprised.';
    const m = mapOne(live, text, text);
    expect(m.ranges[0].toString()).toBe('NATO chief Jens Stoltenberg said Tuesday the alliance was surprised');
    const inner = mapOne(live, text, 'Stoltenberg said Tuesday');
    expect(inner.ranges[0].toString()).toBe('Stoltenberg said Tuesday');
    expect((inner.ranges[0].startContainer as Text).data).toBe('Stol');
    expect(inner.ranges[0].startOffset).toBe(0);
    expect((inner.ranges[0].endContainer as Text).data).toBe('Tuesday');
  });

  test('curly quotes on the page, straight in the text', () => {
    const live = page('<p>He blamed Afghan leaders for the “tragedy” of the country’s collapse.</p>');
    const text = 'He blamed Afghan leaders for the "tragedy" of the country\'s collapse.';
    const m = mapOne(live, text, 'for the "tragedy" of the country\'s collapse');
    expect(m.text).toBe('for the “tragedy” of the country’s collapse');
  });

  test('straight quotes on the page, curly in the text', () => {
    const live = page('<p>He blamed Afghan leaders for the "tragedy" of the country\'s collapse.</p>');
    const text = 'He blamed Afghan leaders for the “tragedy” of the country’s collapse.';
    mapOne(live, text, '“tragedy” of the country’s collapse');
  });

  test('&nbsp; and other whitespace differences', () => {
    const live = page('<p>The&nbsp;alliance was&nbsp;&nbsp;surprised\n\t  by <i>the</i>\u2009speed of the victory.</p>');
    const text = 'The alliance was surprised by the speed of the victory.';
    const m = mapOne(live, text, text);
    expect(m.text).toBe('The alliance was surprised by the speed of the victory');
  });

  test('the Range comes from root.ownerDocument, not the global document', () => {
    const doc = new DOMParser().parseFromString('<p>one two three four</p>', 'text/html');
    const live = indexLiveText(doc.body);
    const [m] = mapSpans(live, 'two three', [{ start: 0, end: 9 }]);
    expect(m.complete).toBe(true);
    expect(m.ranges[0].startContainer.ownerDocument).toBe(doc);
    expect(m.ranges[0].toString()).toBe('two three');
  });

  test('never modifies the DOM', () => {
    const html = '<p>NATO chief <a href="#">Jens</a> <em>Stol<span>ten</span>berg</em> said <b>Tuesday</b>.</p>';
    const live = page(html);
    mapSpans(live, 'NATO chief Jens Stoltenberg said Tuesday.', [{ start: 0, end: 40 }, { start: 5, end: 20 }]);
    expect(document.body.innerHTML).toBe(html);
  });
});

describe('mapSpans: hidden and non-text content', () => {
  const passage = 'the alliance was surprised by the speed of the Taliban victory';

  test.each([
    ['[hidden]', '<p hidden>'],
    ['[aria-hidden=true]', '<p aria-hidden="true">'],
    ['style display:none', '<p style="display:none">'],
    ['style visibility:hidden', '<p style="visibility: hidden">'],
    ['a [data-wiretrace] UI host', '<p data-wiretrace="panel">'],
    ['<script>', '<script>// '],
  ])('a duplicate in %s before the visible paragraph is not chosen', (_name, open) => {
    const close = open.startsWith('<script') ? '</script>' : '</p>';
    const live = page(`<div id="before">Intro.</div>${open}${passage}${close}<p id="visible">Officials said ${passage}.</p>`);
    const text = `Officials said ${passage}.`;
    const m = mapOne(live, text, passage);
    expect(startId(m.ranges[0])).toBe('visible');
  });

  test('style and script text is never matched', () => {
    const live = page('<style>alpha beta gamma delta</style><script>alpha beta gamma delta</script><p>unrelated words</p>');
    const [m] = mapSpans(live, 'alpha beta gamma delta', [{ start: 0, end: 22 }]);
    expect(m).toEqual({ index: 0, ranges: [], text: '', complete: false });
  });
});

describe('mapSpans: reordering, repeats and partial matches', () => {
  const P1 = 'Taliban rebels overran the Afghan capital at the weekend after the government collapsed.';
  const P2 = 'Staff from Western embassies have relocated to the city airport under the protection of US troops.';
  const P3 = 'Stoltenberg said the senior civilian representative would remain at the airport to coordinate.';

  test('paragraphs that Readability reordered are found anywhere on the page', () => {
    const live = page(`<p id="p1">${P1}</p><aside><p id="p2">${P2}</p></aside><p id="p3">${P3}</p>`);
    const text = `${P3}\n\n${P1}\n\n${P2}`;
    const spans = [P1, P2, P3].map((p) => spanOf(text, p));
    const mapped = mapSpans(live, text, spans);
    expect(mapped.map((m) => m.complete)).toEqual([true, true, true]);
    expect(mapped.map((m) => startId(m.ranges[0]))).toEqual(['p1', 'p2', 'p3']);
    mapped.forEach((m, i) => expect(rangeWords(m)).toEqual(words([P1, P2, P3][i])));
  });

  test('a span across two reordered paragraphs is covered by one range per part', () => {
    const live = page(`<p id="p1">${P1}</p><p id="p2">${P2}</p><p id="p3">${P3}</p>`);
    const text = `${P3}\n\n${P1}`; // P3 then P1 in the article, far apart on the page
    const [m] = mapSpans(live, text, [{ start: 0, end: text.length }]);
    expect(m.complete).toBe(true);
    expect(m.ranges.map(startId)).toEqual(['p3', 'p1']);
    expect(rangeWords(m)).toEqual(words(text));
  });

  test('repeated passages map to the occurrence whose context agrees, even when Readability reordered them', () => {
    const R = 'All Afghan men, women and children deserve to live in safety and dignity.';
    const live = page(`<p>First part.</p><p id="a">${R}</p><p>Middle part.</p><p id="b">${R}</p><p>End.</p>`);
    // The article has the second block first: its first R is the page's second one.
    const text = `Middle part.\n\n${R}\n\nEnd.\n\nFirst part.\n\n${R}`;
    const mapped = mapSpans(live, text, [spanOf(text, R, 1), spanOf(text, R, 0)]);
    expect(mapped.map((m) => m.complete)).toEqual([true, true]);
    expect(mapped.map((m) => startId(m.ranges[0]))).toEqual(['a', 'b']);
  });

  test('repeated passages that context cannot tell apart go to distinct occurrences, in document order', () => {
    // CONTEXT_WORDS words of identical context on both sides of every occurrence.
    const filler = (tag: string): string => Array.from({ length: 40 }, (_, i) => `${tag}${i}`).join(' ');
    const R = 'Around 800 NATO civilian personnel have remained to provide key functions.';
    const block = `${filler('f')} ${R} ${filler('g')}`;
    const live = page(`<p id="a">${block}</p><p id="b">${block}</p><p id="c">${block}</p>`);
    const text = `${block}\n\n${block}\n\n${block}`;
    const mapped = mapSpans(live, text, [spanOf(text, R, 2), spanOf(text, R, 0), spanOf(text, R, 1)]);
    expect(mapped.map((m) => m.complete)).toEqual([true, true, true]);
    expect(mapped.map((m) => startId(m.ranges[0]))).toEqual(['c', 'a', 'b']);
    // A short repeated phrase: the nth article occurrence goes to the nth live one.
    const phrase = 'NATO civilian personnel';
    const short = mapSpans(live, text, [spanOf(text, phrase, 1), spanOf(text, phrase, 0), spanOf(text, phrase, 2)]);
    expect(short.map((m) => startId(m.ranges[0]))).toEqual(['b', 'a', 'c']);
  });

  test('overlapping spans of the same passage (several sources) map to the same occurrence', () => {
    const R = 'Around 800 NATO civilian personnel have remained to provide key functions.';
    const live = page(`<p id="a">${R}</p><p id="b">${R}</p>`);
    const text = `${R}\n\n${R}`;
    const second = spanOf(text, R, 1);
    const sub = spanOf(text, 'civilian personnel have remained', 1);
    const mapped = mapSpans(live, text, [second, sub, second]);
    expect(mapped.map((m) => startId(m.ranges[0]))).toEqual(['b', 'b', 'b']);
  });

  test('a passage that appears once in the article but twice on the page maps to the one in context', () => {
    const R = 'the Afghan political leadership failed to stand up to the Taliban';
    const live = page(`<blockquote id="pull">${R}</blockquote><p id="body">Ultimately, ${R}, he said.</p>`);
    const text = `Ultimately, ${R}, he said.`;
    expect(startId(mapOne(live, text, R).ranges[0])).toBe('body');
  });

  test('a page edited since: the longest matching runs are covered, complete=false', () => {
    const before = 'NATO has been working around the clock to maintain';
    const after = 'operations at the Kabul International Airport, Stoltenberg said';
    const live = page(`<p id="p">"${before} essential ${after}," after a meeting.</p>`);
    const text = `"${before} flight ${after}," after a meeting.`;
    const span = spanOf(text, `${before} flight ${after}`);
    const [m] = mapSpans(live, text, [span]);
    expect(m.complete).toBe(false);
    expect(m.ranges).toHaveLength(2);
    expect(m.ranges.map((r) => r.toString())).toEqual([before, after]);
    expect(rangeWords(m)).toEqual(words(`${before} ${after}`));
    expect(m.text).toBe(`${before} … ${after}`);
  });

  test('words the page lacks: the runs around them that touch on the page make one Range', () => {
    const before = 'Staff from Western embassies have relocated';
    const after = 'to the city airport under the protection of US troops';
    const live = page(`<p>${before} ${after}.</p>`);
    const text = `${before} hastily ${after}.`;
    const [m] = mapSpans(live, text, [spanOf(text, `${before} hastily ${after}`)]);
    expect(m.complete).toBe(false);
    expect(m.ranges.map((r) => r.toString())).toEqual([`${before} ${after}`]);
    expect(m.text).toBe(`${before} ${after}`);
  });

  test(`partial runs shorter than ${MIN_FALLBACK_RUN_WORDS} words are not covered`, () => {
    const live = page('<p>one two three four XX five six seven eight YY nine ten</p>');
    const text = 'one two three four five six seven eight nine ten';
    const [m] = mapSpans(live, text, [{ start: 0, end: text.length }]);
    expect(m).toEqual({ index: 0, ranges: [], text: '', complete: false });
    const live2 = page('<p>one two three four five XX six seven eight nine</p>');
    const [m2] = mapSpans(live2, text, [{ start: 0, end: text.length }]);
    expect(m2.complete).toBe(false);
    expect(m2.ranges.map((r) => r.toString())).toEqual(['one two three four five']);
  });
});

describe('mapSpans: bad input', () => {
  test('out-of-range, empty, word-less and malformed spans are skipped; the others keep their index', () => {
    const live = page('<p>one two three four five</p>');
    const text = 'one two three, four five';
    const spans = [
      { start: -1, end: 3 },
      { start: 4, end: 4 },
      { start: 8, end: 4 },
      { start: 0, end: text.length + 1 },
      { start: Number.NaN, end: 3 },
      { start: 13, end: 15 }, // ", " only
      null,
      { start: '0', end: 3 },
      { start: 4, end: 13 },
      {},
    ] as unknown as Array<{ start: number; end: number }>;
    const mapped = mapSpans(live, text, spans);
    expect(mapped.map((m) => [m.index, m.complete, m.ranges[0]?.toString()])).toEqual([[8, true, 'two three']]);
    expect(() => mapSpans(live, '', [{ start: 0, end: 1 }])).not.toThrow();
    expect(mapSpans(live, text, [])).toEqual([]);
    expect(mapSpans(live, null as unknown as string, [{ start: 0, end: 3 }])).toEqual([]);
    expect(mapSpans(live, text, null as unknown as [])).toEqual([]);
  });

  test('a span cutting words covers them whole', () => {
    const live = page('<p>Jens Stoltenberg said</p>');
    const [m] = mapSpans(live, 'Jens Stoltenberg said', [{ start: 7, end: 18 }]);
    expect(m.ranges[0].toString()).toBe('Stoltenberg said');
  });

  test('an empty page or a page without text maps nothing and does not throw', () => {
    for (const html of ['', '<div><img src="x.png"></div>', '<script>a b c</script>']) {
      const live = page(html);
      expect(live.tokens.length).toBe(0);
      expect(mapSpans(live, 'a b c', [{ start: 0, end: 5 }])).toEqual([{ index: 0, ranges: [], text: '', complete: false }]);
    }
  });
});

/** Token-aligned spans of every sentence (and line) of `text`. */
function sentenceSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  for (const m of text.matchAll(/[^.!?\n]+(?:[.!?]+["'”’)]*)?/g)) {
    const t = tokenize(m[0]);
    if (t.length > 0) spans.push({ start: m.index + t.starts[0], end: m.index + t.ends[t.length - 1] });
  }
  return spans;
}

describe('end to end: the demo page', () => {
  test('every sentence extracted from a clone maps completely onto the original document', () => {
    const html = readFileSync(join(__dirname, '../../data/demo/index.html'), 'utf8');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const before = doc.documentElement.outerHTML;
    const article = extractArticle(doc.cloneNode(true) as Document, { url: 'http://localhost/demo/' });
    expect(article).not.toBeNull();
    const text = article!.text;
    const spans = sentenceSpans(text);
    expect(spans.length).toBeGreaterThanOrEqual(13); // the 13 paragraphs of .article-body, one sentence or more each

    const live = indexLiveText(doc.body);
    const mapped = mapSpans(live, text, spans);
    expect(mapped).toHaveLength(spans.length);
    const incomplete = mapped.filter((m) => !m.complete).map((m) => text.slice(spans[m.index].start, spans[m.index].end));
    expect(incomplete).toEqual([]);
    for (const m of mapped) {
      const want = words(text.slice(spans[m.index].start, spans[m.index].end));
      expect(m.ranges).toHaveLength(1);
      expect(rangeWords(m)).toEqual(want);
      expect(words(m.text)).toEqual(want);
      expect(m.ranges[0].commonAncestorContainer.ownerDocument).toBe(doc);
    }
    // The headline-style sentence in the body maps into the article, not into the sidebar.
    const i = spans.findIndex((s) => text.slice(s.start, s.end).startsWith('Stoltenberg told reporters'));
    expect(mapped[i].ranges[0].startContainer.parentElement?.closest('.article-body')).not.toBeNull();
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});

describe('property: random inline markup', () => {
  const WORDS = ['the', 'NATO', 'Stoltenberg', 'Afghanistan’s', "don't", 'U.S.', '1,000', 'élan', 'naïve', 'said', 'a', 'of'];
  const wordArb = fc.oneof(fc.constantFrom(...WORDS), fc.stringMatching(/^[a-z]{1,7}$/));
  const INLINE = ['a', 'em', 'strong', 'span', 'b', 'i'];
  const gapArb = fc.constantFrom(' ', ' ', ' ', '&nbsp;', '\n   ', ', ', ' — ', '. ', ' “', '” ');
  /** How one word is written: plain, wrapped, split in two by a tag, or with a skipped element inside. */
  const pieceArb = fc.record({
    word: wordArb,
    wrap: fc.constantFrom('none', 'none', 'wrap', 'split', 'hidden-inside', 'hidden-after'),
    tag: fc.constantFrom(...INLINE),
    at: fc.nat(),
    gap: gapArb,
    openGroup: fc.boolean(),
    closeGroup: fc.boolean(),
  });
  const blockArb = fc.record({
    tag: fc.constantFrom('p', 'div', 'li', 'h2', 'blockquote'),
    pieces: fc.array(pieceArb, { minLength: 1, maxLength: 25 }),
    end: fc.constantFrom('', '', '.', ' '), // after the last word (the last piece's gap is dropped)
  });
  const docArb = fc.record({
    blocks: fc.array(blockArb, { minLength: 1, maxLength: 6 }),
    picks: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
    /** Between block elements in the HTML: a newline, or nothing (then only the block boundary separates words). */
    joiner: fc.constantFrom('\n', ''),
  });

  type Piece = { word: string; wrap: string; tag: string; at: number; gap: string; openGroup: boolean; closeGroup: boolean };

  function blockHtml(pieces: Piece[], end: string): string {
    let html = '';
    let open = 0;
    for (const [i, p] of pieces.entries()) {
      if (p.openGroup) {
        html += '<em>';
        open++;
      }
      const w = p.word;
      const k = 1 + (p.at % Math.max(1, w.length - 1));
      if (p.wrap === 'wrap') html += `<${p.tag}>${w}</${p.tag}>`;
      else if (p.wrap === 'split' && w.length > 1) html += `${w.slice(0, k)}<${p.tag}>${w.slice(k)}</${p.tag}>`;
      else if (p.wrap === 'hidden-inside' && w.length > 1) html += `${w.slice(0, k)}<span hidden>zz</span><script>q</script>${w.slice(k)}`;
      else if (p.wrap === 'hidden-after') html += `${w}<span aria-hidden="true"> ignored words </span>`;
      else html += w;
      if (p.closeGroup && open > 0) {
        html += '</em>';
        open--;
      }
      html += i < pieces.length - 1 ? p.gap : end;
    }
    return html + '</em>'.repeat(open);
  }

  test('every span of the block-joined text maps completely with the same words', () => {
    fc.assert(
      fc.property(docArb, ({ blocks, picks, joiner }) => {
        document.body.innerHTML = blocks.map((b) => `<${b.tag}>${blockHtml(b.pieces, b.end)}</${b.tag}>`).join(joiner);
        const text = articleText(document.body);
        const t = tokenize(text);
        if (t.length === 0) return;
        const spans = [{ start: 0, end: text.length }];
        for (const [x, y] of picks) {
          const i = x % t.length;
          const j = i + (y % (t.length - i));
          spans.push({ start: t.starts[i], end: t.ends[j] });
        }
        const hasHidden = blocks.some((b) => b.pieces.some((p) => p.wrap.startsWith('hidden')));
        const live = indexLiveText(document.body);
        expect(live.tokens.words).toEqual(t.words);
        const mapped = mapSpans(live, text, spans);
        expect(mapped).toHaveLength(spans.length);
        for (const m of mapped) {
          const want = words(text.slice(spans[m.index].start, spans[m.index].end));
          expect(m.complete).toBe(true);
          expect(m.ranges).toHaveLength(1);
          expect(words(m.text)).toEqual(want);
          // A Range's text has no separator where two blocks touch without whitespace between them.
          if (joiner === '') continue;
          expect(visibleRangeWords(m)).toEqual(want);
          // toString() also holds the text of hidden elements inside the range, when there are some.
          if (!hasHidden) expect(rangeWords(m)).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('scale', () => {
  test('a 50k-node page indexes and maps a span near its end', () => {
    const paras: string[] = [];
    for (let i = 0; i < 5000; i++) {
      paras.push(`<p>Paragraph ${i} has <a href="#">some</a> <em>linked</em> and <b>bold w${i}x</b> words, <span>more</span> text.</p>`);
    }
    document.body.innerHTML = paras.join('');
    let nodes = 0;
    for (const walker = document.createTreeWalker(document.body); walker.nextNode(); ) nodes++;
    expect(nodes).toBeGreaterThan(50_000);
    expect(MAX_SEED_CANDIDATES).toBeLessThan(5000);
    const live = indexLiveText(document.body);
    expect(live.nodes.length).toBeGreaterThanOrEqual(40_000);
    const text = 'Paragraph 4321 has some linked and bold w4321x words, more text.';
    const m = mapOne(live, text, text);
    expect(m.ranges[0].startContainer.parentElement?.textContent).toContain('Paragraph 4321 has');
    // Opens with a phrase found 5000 times (more than MAX_SEED_CANDIDATES): found by its rarest window.
    const common = mapOne(live, text, 'has some linked and bold w4321x words');
    expect(common.ranges[0].startContainer.parentElement?.textContent).toContain('Paragraph 4321 has');
  });
});
