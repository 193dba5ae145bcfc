/**
 * @jest-environment jsdom
 *
 * The overlay: a closed shadow root on one inert host, boxes from the mapped Ranges of tricky markup, and
 * nothing a page script could read (no <mark>, no CSS.highlights, no attribute on page elements).
 */
import { indexLiveText, mapSpans } from '../../src/content/dom-map';
import { FLASH_MS, HOST_TAG, Overlay } from '../../src/content/overlay';
import { buildPassages, flattenSpans } from '../../src/content/passages';
import type { Match, MatchSpan } from '@wiretrace/engine';
import { captureShadowRoots, CHAR_WIDTH, frames, loadTrickyPage, ROW_HEIGHT, spanOf, stubRangeLayout } from './content-helpers';

const P1 = 'Jens Stoltenberg said on Tuesday that the alliance had been surprised';
const P2 = 'He said the “tragedy” unfolding in Kabul was the result of a failure of Afghan leadership';
const P2b = 'that allied forces had done everything they could to train and equip the army';
const P3 = 'Hidden notes sit between the words of this paragraph about the airport evacuation';
const P4 = 'Staff from Western embassies have relocated to the city airport under the protection of US troops';

/** The article as Readability might give it: paragraphs reordered, straight quotes, nbsp as spaces. */
const ARTICLE = [
  `${P4}, while thousands of Afghans tried to reach the gates.`,
  `NATO Secretary General ${P1} by the speed of the Taliban victory in Afghanistan.`,
  `He said the "tragedy" unfolding in Kabul was the result of a failure of Afghan leadership, and ${P2b}.`,
  `${P3} of thousands of civilians.`,
].join('\n\n');

const span = (phrase: string, extra: Partial<MatchSpan> = {}): MatchSpan => ({
  ...spanOf(ARTICLE, phrase), sourceStart: 0, sourceEnd: 10, kind: 'verbatim', quote: false, others: [], ...extra,
});
const match = (id: string, spans: MatchSpan[]): Match => ({
  source: { id, title: `Story ${id}`, outlet: 'Wire', url: null, published: null }, coverage: 0.4, sharedWords: 40, spans, group: id,
});

let restoreLayout: () => void;
let shadows: ReturnType<typeof captureShadowRoots>;
const overlays: Overlay[] = [];

beforeEach(() => {
  loadTrickyPage();
  restoreLayout = stubRangeLayout();
  shadows = captureShadowRoots();
});
afterEach(() => {
  for (const o of overlays.splice(0)) o.dispose();
  shadows.restore();
  restoreLayout();
});

async function drawTricky(): Promise<{ overlay: Overlay; root: ShadowRoot; texts: string[] }> {
  const report = {
    matches: [
      match('a', [span(P1), span(P2b)]),
      match('b', [span('He said the "tragedy" unfolding in Kabul was the result of a failure of Afghan leadership', { quote: true }), span(P3), span(P4, { kind: 'reworded' })]),
    ],
  };
  const { refs, spans } = flattenSpans(report);
  const mapped = mapSpans(indexLiveText(document.body), ARTICLE, spans);
  const passages = (await buildPassages(report, refs, mapped))!;
  const overlay = new Overlay(document);
  overlays.push(overlay);
  overlay.setPassages(passages);
  await overlay.whenDrawn();
  return { overlay, root: shadows.roots[0].root, texts: passages.map((p) => p.text) };
}

test('tricky markup (link, em, split word, curly quotes, nbsp, hidden element, reordered text) maps and draws', async () => {
  const before = document.body.innerHTML;
  const { root, texts } = await drawTricky();
  // Document order, the visible page text of each passage (curly quotes kept; whitespace and no-break spaces
  // collapsed; the hidden note inside the fourth passage is not drawn, so it is not reported).
  expect(texts).toEqual([
    P1,
    P2,
    'that allied forces had done everything they could to train and equip the army',
    'Hidden notes sit between the words of this paragraph about the airport evacuation',
    P4,
  ]);
  const boxes = Array.from(root.querySelectorAll('.box')) as HTMLElement[];
  expect(boxes.map((b) => b.className)).toEqual(['box k-verbatim', 'box k-quote', 'box k-verbatim', 'box k-verbatim', 'box k-reworded']);
  // Boxes sit where the (fake) layout put the Ranges: row × ROW_HEIGHT.
  expect(boxes.map((b) => b.style.top)).toEqual([`${ROW_HEIGHT}px`, `${2 * ROW_HEIGHT}px`, `${2 * ROW_HEIGHT}px`, `${3 * ROW_HEIGHT}px`, `${4 * ROW_HEIGHT}px`]);
  expect(boxes[0].style.width).toBe(`${P1.length * CHAR_WIDTH}px`);
  expect(document.body.innerHTML).toBe(before);
});

test('the host: one inert element on <html>, with a closed shadow root, created even with nothing to draw', async () => {
  const overlay = new Overlay(document);
  overlays.push(overlay);
  const hosts = document.getElementsByTagName(HOST_TAG);
  expect(hosts).toHaveLength(1);
  const host = hosts[0] as HTMLElement;
  expect(host.parentNode).toBe(document.documentElement);
  expect(host.shadowRoot).toBeNull(); // what a page script sees
  expect(shadows.roots[0].init.mode).toBe('closed');
  expect(host.attributes).toHaveLength(0);
  expect(host.childNodes).toHaveLength(0);
  expect(document.body.contains(host)).toBe(false); // not in the article's text either
  const css = shadows.roots[0].root.querySelector('style')!.textContent!;
  for (const rule of ['position: absolute !important', 'width: 0 !important', 'height: 0 !important', 'pointer-events: none !important', 'all: initial !important', 'z-index: 2147483647 !important']) {
    expect(css).toContain(rule);
  }
  expect(css).toMatch(/@media \(forced-colors: active\)[\s\S]*forced-color-adjust: none[\s\S]*Highlight[\s\S]*CanvasText/);
  expect(css).toMatch(/\.k-verbatim \{[^}]*solid/);
  expect(css).toMatch(/\.k-quote \{[^}]*double/);
  expect(css).toMatch(/\.k-reworded \{[^}]*dashed/);
  overlay.setPassages([]);
  await overlay.whenDrawn();
  expect(shadows.roots[0].root.querySelectorAll('.box')).toHaveLength(0);
});

test('nothing readable by the page: no <mark>, no CSS.highlights, no attribute or node added to page elements', async () => {
  const registry = { set: jest.fn(), add: jest.fn() };
  const g = globalThis as unknown as { CSS?: unknown; Highlight?: unknown };
  const hadCss = g.CSS;
  g.CSS = { highlights: registry, supports: () => true };
  g.Highlight = jest.fn();
  const records: MutationRecord[] = [];
  const mo = new MutationObserver((r) => records.push(...r));
  mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  try {
    await drawTricky();
    await frames();
    records.push(...mo.takeRecords());
    expect(document.querySelector('mark')).toBeNull();
    expect(registry.set).not.toHaveBeenCalled();
    expect(g.Highlight).not.toHaveBeenCalled();
    // The only change to the page: the host appended to <html>.
    expect(records.map((r) => [r.type, r.target, Array.from(r.addedNodes).map((n) => n.nodeName.toLowerCase())])).toEqual([
      ['childList', document.documentElement, [HOST_TAG]],
    ]);
  } finally {
    mo.disconnect();
    g.CSS = hadCss;
    delete g.Highlight;
  }
});

test('hidden highlights draw nothing; flashed passages show for FLASH_MS even while hidden', async () => {
  jest.useFakeTimers({ doNotFake: ['requestAnimationFrame', 'nextTick', 'setImmediate'] });
  try {
    const { overlay, root } = await drawTricky();
    overlay.setVisible(false);
    expect(root.querySelectorAll('.box')).toHaveLength(0);
    overlay.flash([1, 3]);
    expect(Array.from(root.querySelectorAll('.box')).map((b) => b.className)).toEqual(['box k-quote flash', 'box k-verbatim flash']);
    jest.advanceTimersByTime(FLASH_MS);
    expect(root.querySelectorAll('.box')).toHaveLength(0);
    overlay.setVisible(true);
    expect(root.querySelectorAll('.box')).toHaveLength(5);
  } finally {
    jest.useRealTimers();
  }
});

test('hit-testing uses the cached boxes (viewport coordinates → passage)', async () => {
  const { overlay } = await drawTricky();
  expect(overlay.passageAt(15, ROW_HEIGHT + 5)).toBe(0);
  expect(overlay.passageAt(15, 4 * ROW_HEIGHT + 5)).toBe(4);
  expect(overlay.passageAt(15, 5 * ROW_HEIGHT + 5)).toBe(-1);
  overlay.setVisible(false);
  expect(overlay.passageAt(15, ROW_HEIGHT + 5)).toBe(-1); // nothing to hover while hidden
});

test('re-layout on window resize, in a frame, from the Ranges', async () => {
  const { overlay, root } = await drawTricky();
  const spy = jest.spyOn(Range.prototype, 'getClientRects');
  window.dispatchEvent(new Event('resize'));
  window.dispatchEvent(new Event('resize'));
  expect(spy).not.toHaveBeenCalled(); // not synchronously
  await overlay.whenDrawn();
  await frames();
  expect(spy.mock.calls.length).toBe(5); // once per Range, for both events together
  expect(root.querySelectorAll('.box')).toHaveLength(5);
  spy.mockRestore();
});

test('dispose removes the host', async () => {
  const { overlay } = await drawTricky();
  overlay.dispose();
  expect(document.getElementsByTagName(HOST_TAG)).toHaveLength(0);
});
