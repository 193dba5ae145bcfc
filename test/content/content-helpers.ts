/**
 * Shared fixtures for the content-script tests: a tricky article page, a fake layout for Ranges (jsdom has
 * none: getClientRects is missing), and a spy that keeps the overlay's closed shadow root for inspection.
 */

/** Paragraph rows of the fake layout are this far apart (px); each paragraph is one line. */
export const ROW_HEIGHT = 100;
/** Width of one character in the fake layout. */
export const CHAR_WIDTH = 7;
export const LINE_HEIGHT = 18;

/** Filler that makes a paragraph long enough for isProbablyReaderable (> 140 characters each). */
const FILLER =
  'Officials in Brussels and Washington spent the following days discussing how many people could still be flown out before the deadline set for the end of the month.';

/**
 * An article with the markup that the mapping must survive: a link, <em>, a word split by a <span>, curly
 * quotes, &nbsp;, a hidden element inside a passage, and an aside with a duplicate of a passage.
 */
export const TRICKY_BODY = `
<nav id="nav"><a href="/">Home</a> <a href="/world">World</a></nav>
<article id="story">
  <h1 id="h">NATO chief blames Afghan leaders for the collapse</h1>
  <p id="p1">NATO Secretary General <a href="/jens">Jens</a> <em>Stol<span>ten</span>berg</em> said on Tuesday that the alliance had been surprised by the speed of the Taliban victory in Afghanistan. ${FILLER}</p>
  <p id="p2">He said the “tragedy” unfolding in Kabul was the result of a failure of Afghan leadership, and that&nbsp;allied&nbsp;forces had done everything they could to train and equip the army. ${FILLER}</p>
  <p id="p3">Hidden notes <span hidden>should never be counted as text</span> sit between the words of this paragraph about the airport evacuation of thousands of civilians. ${FILLER}</p>
  <p id="p4">Staff from Western embassies have relocated to the city airport under the protection of US troops, while thousands of Afghans tried to reach the gates. ${FILLER}</p>
  <p id="p5">The alliance will keep working to ensure the safe departure of its staff and partners, Stoltenberg told reporters after a meeting of ambassadors. ${FILLER}</p>
</article>`;

export const TRICKY_HEAD = `
<title>NATO chief blames Afghan leaders | Example News</title>
<link rel="canonical" href="https://news.example/world/nato-afghanistan">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2021-08-18T09:00:00Z">`;

/** Puts the tricky page into the global jsdom document. */
export function loadTrickyPage(): void {
  document.documentElement.setAttribute('lang', 'en');
  document.head.innerHTML = TRICKY_HEAD;
  document.body.innerHTML = TRICKY_BODY;
}

/** Row of a node in the fake layout: the number in its paragraph's id (p3 → 3), else 0. */
function rowOf(node: Node): number {
  const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
  const id = el?.closest('[id]')?.id ?? '';
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : 0;
}

function rect(left: number, top: number, width: number, height: number): DOMRect {
  return { left, top, width, height, right: left + width, bottom: top + height, x: left, y: top, toJSON: () => ({}) } as DOMRect;
}

/**
 * A fake layout: each paragraph is one line at y = row × ROW_HEIGHT; a Range is one rect starting at its start
 * offset, as wide as its text. Returns a function that restores jsdom's Range.
 */
export function stubRangeLayout(): () => void {
  const proto = Range.prototype as unknown as Record<string, unknown>;
  const had = { rects: proto.getClientRects, box: proto.getBoundingClientRect };
  proto.getClientRects = function (this: Range): DOMRectList {
    const text = this.toString();
    if (text.length === 0) return [] as unknown as DOMRectList;
    return [rect(10 + this.startOffset * CHAR_WIDTH, rowOf(this.startContainer) * ROW_HEIGHT, text.length * CHAR_WIDTH, LINE_HEIGHT)] as unknown as DOMRectList;
  };
  proto.getBoundingClientRect = function (this: Range): DOMRect {
    const list = (proto.getClientRects as () => DOMRect[]).call(this);
    return list[0] ?? rect(0, 0, 0, 0);
  };
  return () => {
    proto.getClientRects = had.rects;
    proto.getBoundingClientRect = had.box;
  };
}

/** Keeps every shadow root attached from now on (with its init), since the overlay's is closed. */
export function captureShadowRoots(): { roots: Array<{ host: Element; root: ShadowRoot; init: ShadowRootInit }>; restore: () => void } {
  const original = Element.prototype.attachShadow;
  const roots: Array<{ host: Element; root: ShadowRoot; init: ShadowRootInit }> = [];
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
    const root = original.call(this, init);
    roots.push({ host: this, root, init });
    return root;
  };
  return { roots, restore: () => void (Element.prototype.attachShadow = original) };
}

/** Waits for animation frames and timers (jsdom's rAF runs at 60 Hz). */
export function frames(ms = 60): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The span of `phrase` in `text`; throws when it is not there. */
export function spanOf(text: string, phrase: string): { start: number; end: number } {
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(`${JSON.stringify(phrase)} not in text`);
  return { start, end: start + phrase.length };
}
