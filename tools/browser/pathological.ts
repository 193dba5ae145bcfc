/**
 * Pathological pages for the "the page never freezes" checks (test/e2e/pathological.e2e.test.ts) and the
 * browser benchmark (bench/browser/pathological.ts): a page of a million words, a page of ≈50,000 elements
 * with an article inside, and a page whose script mutates it constantly. Each carries a heartbeat in its own
 * main world: a timer that notes every gap longer than it should be, which is how a frozen main thread shows,
 * whoever froze it (Chromium's `longtask` entries leave out content scripts' tasks; see docs/benchmarks.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Words in the million-word page. */
export const HUGE_WORDS = 1_000_000;
/** Elements the wide page aims at (it holds a few more: html, head, body, the article). */
export const WIDE_ELEMENTS = 50_000;
/** How often the mutating page changes itself (ms). */
export const MUTATION_EVERY_MS = 3;

/** The heartbeat's period (ms): a gap is measured between ticks, so anything much above it is a stall. */
const HEARTBEAT_MS = 10;
/** Gaps kept in the record: shorter ones are ordinary timer jitter. */
const HEARTBEAT_NOTE_MS = 50;

/** The seed's paragraphs once each, in order (the raw seeds hold <p> markers and the article twice). */
export function seedParagraphs(root: string, n: string): string[] {
  const raw = readFileSync(join(root, `test/fixtures/seeds/${n}.txt`), 'utf8');
  const paras = raw.split(/<\/?p>\.?/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.split(' ').length >= 4);
  return [...new Set(paras)];
}

/** The corpus for these pages: seed 000 (the pages copy seed 001, which copies it). */
export function corpusLine(root: string): string {
  const text = readFileSync(join(root, 'test/fixtures/seeds/000.txt'), 'utf8');
  return `${JSON.stringify({ id: 'seed-000', title: 'The wire story', published: '2021-08-17', text })}\n`;
}

/** Deterministic filler words that are in no corpus article (a small LCG over made-up syllables). */
function filler(seed: number): (words: number) => string {
  const SYL = ['ka', 'lo', 'mir', 'tan', 'vel', 'so', 'dru', 'pex', 'ni', 'gor', 'ula', 'fen', 'ri', 'bas', 'tho', 'kem'];
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s >>> 16;
  };
  return (words) => {
    const out: string[] = [];
    for (let i = 0; i < words; i++) {
      const n = 1 + (rnd() % 3);
      let w = '';
      for (let k = 0; k < n; k++) w += SYL[rnd() % SYL.length];
      out.push(w);
    }
    return `${out.join(' ')}.`;
  };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The heartbeat, inline at the top of <head> so that it runs before anything else of the page. */
const HEARTBEAT = `<script>
(() => {
  const hb = { gaps: [], ticks: 0, last: performance.now() };
  window.__hb = hb;
  const tick = () => {
    const now = performance.now();
    if (now - hb.last > ${HEARTBEAT_NOTE_MS}) hb.gaps.push([Math.round(hb.last), Math.round(now - hb.last)]);
    hb.last = now;
    hb.ticks++;
    setTimeout(tick, ${HEARTBEAT_MS});
  };
  setTimeout(tick, ${HEARTBEAT_MS});
})();
</script>`;

function html(title: string, body: string, script = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${HEARTBEAT}<title>${esc(title)}</title><meta property="og:type" content="article"></head>
<body>${body}${script}</body></html>`;
}

/**
 * A million words in one article: the copied paragraphs first, then 5,000 paragraphs of 200 filler words
 * (≈7 MB of HTML).
 */
export function hugePage(copy: readonly string[]): string {
  const words = filler(1);
  const paras = copy.map((p) => `<p>${esc(p)}</p>`);
  const copied = copy.join(' ').split(' ').length;
  const PER = 200;
  for (let n = copied; n < HUGE_WORDS; n += PER) paras.push(`<p>${words(PER)}</p>`);
  return html('A very long page', `<article><h1>NATO chief blames Afghan leaders</h1>${paras.join('\n')}</article>`);
}

/**
 * A page just under the content script's size caps (gate.ts: MAX_ELEMENTS, MAX_TEXT_CHARS): the biggest page
 * that is still extracted and mapped whole. The copied paragraphs, then filler paragraphs of 20 words (each
 * with a link and an <em>) until `chars` characters of text or `elements` elements.
 */
export function atCapPage(copy: readonly string[], chars: number, elements: number, wordsInSpans = false): string {
  const words = filler(3);
  const paras = copy.map((p) => `<p>${esc(p)}</p>`);
  let text = copy.join(' ').length;
  let count = 8 + copy.length;
  while (text < chars && count < elements) {
    // With wordsInSpans, every word is an element of its own (tag soup from a rich-text editor): many elements, little text.
    const p = wordsInSpans
      ? words(20).split(' ').map((w) => `<span>${w}</span>`).join(' ')
      : `${words(8)} <a href="/x">${words(4)}</a> <em>${words(8)}</em>`;
    paras.push(`<p>${p}</p>`);
    text += p.replace(/<[^>]+>/g, '').length + 1;
    count += wordsInSpans ? 21 : 3;
  }
  return html('A page at the caps', `<article><h1>NATO chief blames Afghan leaders</h1>${paras.join('\n')}</article>`);
}

/**
 * ≈50,000 elements: a mega-menu (lists of links), a deep chain of nested divs, a long table, then the article
 * (the copied paragraphs) in an <article>, and a footer of links.
 */
export function widePage(copy: readonly string[]): string {
  const words = filler(2);
  const parts: string[] = [];
  let elements = 0;
  // Mega-menu: 400 lists of 10 links (li + a each).
  const menu: string[] = [];
  for (let l = 0; l < 400; l++) {
    const items: string[] = [];
    for (let i = 0; i < 10; i++) items.push(`<li><a href="/s/${l}/${i}">${words(2)}</a></li>`);
    menu.push(`<ul>${items.join('')}</ul>`);
    elements += 1 + 20;
  }
  parts.push(`<header><nav>${menu.join('')}</nav></header>`);
  // 2,000 nested divs: deep trees are what recursive walkers choke on.
  const DEPTH = 2_000;
  parts.push(`${'<div class="wrap">'.repeat(DEPTH)}<span>${words(3)}</span>${'</div>'.repeat(DEPTH)}`);
  elements += DEPTH + 1;
  parts.push(`<main><article><h1>NATO chief blames Afghan leaders</h1>${copy.map((p) => `<p>${esc(p)}</p>`).join('\n')}</article></main>`);
  elements += 3 + copy.length;
  // A table (tr + 3 td) and a footer of links until the target is reached.
  const rows: string[] = [];
  while (elements < WIDE_ELEMENTS * 0.8) {
    rows.push(`<tr><td>${words(1)}</td><td>${words(1)}</td><td><a href="/r">${words(1)}</a></td></tr>`);
    elements += 5;
  }
  parts.push(`<aside><table>${rows.join('')}</table></aside>`);
  const links: string[] = [];
  while (elements < WIDE_ELEMENTS) {
    links.push(`<li><a href="/f">${words(1)}</a></li>`);
    elements += 2;
  }
  parts.push(`<footer><ul>${links.join('')}</ul></footer>`);
  return html('A very wide page', parts.join('\n'));
}

/**
 * An article whose page never stops changing: every MUTATION_EVERY_MS a clock inside the article ticks
 * (text change), a ticker gains an item and loses its oldest (node insertions, the page's size stays
 * bounded), and every 100 ms the article's paragraphs are re-rendered with the same text (a framework
 * re-render: new text nodes, so the drawn Ranges collapse).
 */
export function mutatingPage(copy: readonly string[]): string {
  const body = `<main><article><h1>NATO chief blames Afghan leaders</h1><p class="updated">Updated <span id="clock">0</span> ms ago</p><div id="paras"></div></article>
<aside><ol id="ticker"></ol></aside></main>`;
  const script = `<script>
(() => {
  const PARAS = ${JSON.stringify(copy)};
  const paras = document.getElementById('paras');
  const render = () => paras.replaceChildren(...PARAS.map((t) => Object.assign(document.createElement('p'), { textContent: t })));
  render();
  const clock = document.getElementById('clock');
  const ticker = document.getElementById('ticker');
  let n = 0;
  setInterval(() => {
    n++;
    clock.textContent = String(n * ${MUTATION_EVERY_MS});
    const li = document.createElement('li');
    li.textContent = 'Ticker item ' + n + ': markets moved';
    ticker.prepend(li);
    if (ticker.childElementCount > 200) ticker.lastElementChild.remove();
  }, ${MUTATION_EVERY_MS});
  setInterval(render, 100);
})();
</script>`;
  return html('A restless page', body, script);
}

/** The pathological pages by file name, generated from the copied paragraphs (seed 001). */
export function pathologicalPages(copy: readonly string[], caps: { maxElements: number; maxTextChars: number }): Array<{ file: string; label: string; html: string }> {
  return [
    { file: 'huge.html', label: '1M words', html: hugePage(copy) },
    { file: 'wide.html', label: '50k elements', html: widePage(copy) },
    { file: 'restless.html', label: 'restless (mutates every 3 ms)', html: mutatingPage(copy) },
    // Just under both caps: the biggest page that is still extracted whole (2 % of headroom for the page's own text).
    { file: 'at-caps.html', label: 'just under the caps', html: atCapPage(copy, caps.maxTextChars * 0.98, caps.maxElements * 0.98) },
  ];
}

export interface Heartbeat {
  /** The longest gap between heartbeat ticks after the load event (ms). */
  maxGapMs: number;
  /** When that gap began (ms since navigation start). */
  maxGapAt: number;
  /** Every gap over HEARTBEAT_NOTE_MS after the load event, [start, length]. */
  gaps: Array<[number, number]>;
  ticks: number;
  /** loadEventEnd (ms since navigation start). */
  loadAt: number;
}

/** The page's heartbeat record, counting only gaps that began after `from` (default: the load event). */
export async function readHeartbeat(page: Page, from?: number): Promise<Heartbeat> {
  return page.evaluate((since) => {
    const hb = (window as unknown as { __hb: { gaps: Array<[number, number]>; ticks: number; last: number } }).__hb;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const loadAt = nav?.loadEventEnd || nav?.domContentLoadedEventEnd || 0;
    const start = since ?? loadAt;
    // A gap still open now counts too (the page may be frozen at this very moment).
    const open: Array<[number, number]> = [[Math.round(hb.last), Math.round(performance.now() - hb.last)]];
    const gaps = hb.gaps.concat(open).filter(([at, len]) => at + len >= start && len > 0);
    let max: [number, number] = [0, 0];
    for (const g of gaps) if (g[1] > max[1]) max = g;
    return { maxGapMs: max[1], maxGapAt: max[0], gaps: gaps.filter((g) => g[1] > 50), ticks: hb.ticks, loadAt };
  }, from ?? null);
}

/** The page's JS heap after a full garbage collection (bytes), through CDP: the page and its content scripts. */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Median of numbers (NaN for none). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
