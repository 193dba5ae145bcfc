/**
 * Maps match spans (UTF-16 offsets into the text that `extractArticle` built from a CLONE of the page) back onto
 * the LIVE page as DOM Ranges, so the content script can highlight them.
 *
 * The extracted text and the live DOM differ: Readability drops and reorders nodes, inline markup may split a
 * word (`Stol<span>ten</span>berg`), and characters may differ slightly (quotes, `&nbsp;`, whitespace). So the
 * mapping is by WORDS, with the engine's own tokenizer on both sides:
 *
 * 1. `indexLiveText` walks the visible text nodes under a root once, concatenating adjacent inline text nodes
 *    with nothing in between (so a word split by markup stays one word) and a separator between blocks, and
 *    tokenizes the result. Each token keeps its offsets, which resolve to (text node, offset) by binary search.
 * 2. `mapSpans` turns each span into the article's token sequence and finds it in the live token stream,
 *    anywhere (not sequentially: Readability reorders): candidates come from a hash map of SEED_WORDS-word
 *    windows (the span's rarest window) and are then verified word by word. When several occurrences fit, the one whose surrounding words agree best with the span's
 *    surroundings in the article wins, and distinct article passages go to distinct live occurrences. When the
 *    whole sequence is not on the page (it was edited), the longest matching sub-runs of at least
 *    MIN_FALLBACK_RUN_WORDS words are covered instead.
 *
 * Never modifies the DOM. Uses no `document`/`window` globals: everything comes from `root.ownerDocument`.
 */
/* eslint no-restricted-globals: ["error", "document", "window"] */
import { tokenize, type Tokens, lowerBound } from '@wiretrace/engine';

/** Words in a seed window: candidate positions are looked up by the hash of SEED_WORDS consecutive words. */
export const SEED_WORDS = 3;

/** Shortest sub-run covered when a span's whole word sequence is not on the page (shorter ones are chance). */
export const MIN_FALLBACK_RUN_WORDS = 5;

/**
 * Most live positions kept per seed window and so most candidates verified per lookup. Bounds the work on
 * pathological pages (one phrase repeated thousands of times) to a constant per span word.
 */
export const MAX_SEED_CANDIDATES = 256;

/** Words compared on each side of a candidate occurrence to tell repeated passages apart by their context. */
export const CONTEXT_WORDS = 32;

/** Inserted in the live text at block boundaries and in place of whitespace-only text nodes. */
const SEPARATOR = '\n';

/** Separator between the covered texts of a partially mapped span's runs in `MappedSpan.text`. */
const RUN_JOINER = ' … ';

/** Elements whose content is never visible text (extract-article.ts's SKIPPED_ELEMENTS, plus textarea and head). */
const SKIPPED_ELEMENTS = new Set([
  'script', 'style', 'noscript', 'template', 'textarea', 'svg', 'iframe', 'object', 'embed', 'canvas', 'video',
  'audio', 'head',
]);

/**
 * Elements that separate the words on either side of them. This is extract-article.ts's BLOCK_ELEMENTS plus `br`
 * and table cells (which it also separates), plus a few more block-level elements: keep it in step with it, or
 * words at such boundaries are joined on one side and split on the other.
 */
const BREAKING_ELEMENTS = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'nav', 'address', 'details', 'summary',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'blockquote', 'pre', 'figure', 'figcaption',
  'table', 'caption', 'tr', 'hr', 'header', 'footer', 'dl', 'dt', 'dd',
  'br', 'td', 'th',
  'body', 'form', 'fieldset', 'legend', 'center', 'hgroup', 'menu', 'dialog', 'search', 'thead', 'tbody', 'tfoot',
  'option', 'optgroup',
]);

/** The attribute that marks WireTrace's own UI hosts (badge, panel): never part of the page's text. */
export const UI_HOST_ATTRIBUTE = 'data-wiretrace';

/** An inline `display: none` declaration. */
const DISPLAY_NONE_RE = /(?:^|;)\s*display\s*:\s*none\s*(?:!\s*important\s*)?(?:;|$)/i;
/** An inline `visibility: hidden|collapse` declaration. */
const VISIBILITY_HIDDEN_RE = /(?:^|;)\s*visibility\s*:\s*(?:hidden|collapse)\s*(?:!\s*important\s*)?(?:;|$)/i;
/** A text node holding nothing but whitespace (JavaScript's `\s`, which includes no-break spaces). */
const WHITESPACE_ONLY_RE = /^\s+$/;
/** Whitespace runs, collapsed in `MappedSpan.text`. */
const WHITESPACE_RUN_RE = /\s+/g;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Index of the live document's visible text. Build it with `indexLiveText`; valid until the DOM changes. */
export interface LiveText {
  readonly doc: Document;
  /** Visible text of the root: adjacent inline text nodes concatenated as is, SEPARATOR between blocks. */
  readonly text: string;
  /** The non-blank visible text nodes, in document order. */
  readonly nodes: readonly CharacterData[];
  /** Offset in `text` of the first character of each of `nodes`. */
  readonly nodeStarts: Uint32Array;
  /** `tokenize(text)`. */
  readonly tokens: Tokens;
}

export interface MappedSpan {
  /** Index of the span in the array given to `mapSpans`. */
  index: number;
  /** One Range per contiguous matched run, in the span's word order. Empty when nothing matched. */
  ranges: Range[];
  /** The live text covered, whitespace collapsed; runs of a partial mapping are joined with " … ". */
  text: string;
  /**
   * Every word of the span is covered: the whole sequence was found, or (rarely) the fallback runs cover all of
   * it (for instance a span across two paragraphs that Readability reordered).
   */
  complete: boolean;
}

/**
 * Whether an element's subtree is left out of the live text. Decided from the tag and attributes only (the
 * same signals Readability and `articleText` use), never with getComputedStyle: that forces a style recalc in
 * the browser and is very slow in jsdom, and this runs on every element of the page.
 * Skipped: non-text elements (SKIPPED_ELEMENTS), `hidden`, `aria-hidden="true"`, inline `display:none` or
 * `visibility:hidden`, and WireTrace's own UI hosts (UI_HOST_ATTRIBUTE).
 */
export function isSkippedElement(el: Element): boolean {
  return skipped(el, el.localName);
}

/** isSkippedElement with the element's localName already read (the walk needs it anyway). */
function skipped(el: Element, localName: string): boolean {
  if (SKIPPED_ELEMENTS.has(localName)) return true;
  if (!el.hasAttributes()) return false; // most elements: no attribute lookups at all
  if (el.hasAttribute('hidden') || el.hasAttribute(UI_HOST_ATTRIBUTE)) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  return style !== null && (DISPLAY_NONE_RE.test(style) || VISIBILITY_HIDDEN_RE.test(style));
}

/** Nodes walked between two looks at the clock when indexing in slices. */
const WALK_CHECK_NODES = 512;

/**
 * Characters tokenized between two looks at the clock when indexing in slices (≈1 ms of tokenizing on a
 * slow machine: 1,000,000 characters take 120–200 ms on 2 shared cores). Pieces are cut after line breaks (the
 * live text's block separators), where no word can continue, so the tokens are exactly those of one `tokenize`
 * of the whole text.
 */
export const TOKENIZE_PIECE_CHARS = 8_192;

/** The resumable walk of `indexLiveText`: `step(n)` visits up to n more nodes and says whether it is done. */
function liveWalk(root: Element): { step(maxNodes: number): boolean; parts: string[]; nodes: CharacterData[]; starts: number[] } {
  const parts: string[] = [];
  const nodes: CharacterData[] = [];
  const starts: number[] = [];
  let length = 0;
  let gap = false; // words before and after this point must not join
  let node: Node | null = root.firstChild;

  const step = (maxNodes: number): boolean => {
    for (let visited = 0; node !== null && visited < maxNodes; visited++) {
      const type = node.nodeType;
      if (type === TEXT_NODE || type === CDATA_SECTION_NODE) {
        const data = (node as CharacterData).data;
        if (data.length > 0) {
          if (WHITESPACE_ONLY_RE.test(data)) {
            gap = true;
          } else {
            if (gap && length > 0) {
              parts.push(SEPARATOR);
              length += SEPARATOR.length;
            }
            gap = false;
            nodes.push(node as CharacterData);
            starts.push(length);
            parts.push(data);
            length += data.length;
          }
        }
      } else if (type === ELEMENT_NODE) {
        const name = (node as Element).localName;
        if (!skipped(node as Element, name)) {
          if (BREAKING_ELEMENTS.has(name)) gap = true;
          const first: Node | null = node.firstChild;
          if (first !== null) {
            node = first;
            continue;
          }
        }
      }
      // Next node in document order, leaving finished elements (the end of a block is a gap too).
      let next: Node | null = node.nextSibling;
      while (next === null) {
        const parent: Node | null = node.parentNode;
        if (parent === null || parent === root) break;
        if (BREAKING_ELEMENTS.has((parent as Element).localName)) gap = true;
        node = parent;
        next = node.nextSibling;
      }
      node = next;
    }
    return node === null;
  };
  return { step, parts, nodes, starts };
}

/** Index the visible text under `root` (normally `document.body`). One pass over the DOM, then one tokenize. */
export function indexLiveText(root: Element): LiveText {
  const walk = liveWalk(root);
  walk.step(Infinity);
  const text = walk.parts.join('');
  return { doc: root.ownerDocument, text, nodes: walk.nodes, nodeStarts: Uint32Array.from(walk.starts), tokens: tokenize(text) };
}

/** What `indexLiveTextSliced` needs of a time slicer (scheduling.ts's ContentSlicer). */
export interface Slicer {
  due(): boolean;
  next(): Promise<void>;
}

/**
 * `indexLiveText` in slices: the walk and the tokenizing give the main thread back whenever `slicer` says the
 * slice is used up, so a page of tens of thousands of elements is never indexed in one long task. Returns the
 * same index as `indexLiveText` on an unchanged page; null when `isCurrent()` turns false between slices (a
 * newer check started). The page may change between slices: the caller watches for that (the Ranges built on
 * a stale index are clamped and fail soft, never throw).
 */
export async function indexLiveTextSliced(root: Element, slicer: Slicer, isCurrent: () => boolean = () => true): Promise<LiveText | null> {
  const walk = liveWalk(root);
  while (!walk.step(WALK_CHECK_NODES)) {
    if (!slicer.due()) continue;
    await slicer.next();
    if (!isCurrent()) return null;
  }
  const text = walk.parts.join('');
  const tokens = await tokenizeSliced(text, slicer, isCurrent);
  if (tokens === null) return null;
  return { doc: root.ownerDocument, text, nodes: walk.nodes, nodeStarts: Uint32Array.from(walk.starts), tokens };
}

/**
 * `tokenize(text)` in pieces of about TOKENIZE_PIECE_CHARS cut after a line break (where no word continues: the
 * live text's block separator, and whitespace in any text), giving the main thread back whenever `slicer` says
 * so. The same tokens as one `tokenize`; null when `isCurrent()` turns false between pieces.
 */
export async function tokenizeSliced(
  text: string,
  slicer: Slicer,
  isCurrent: () => boolean = () => true,
  pieceChars = TOKENIZE_PIECE_CHARS,
): Promise<Tokens | null> {
  const pieces: Tokens[] = [];
  const offsets: number[] = [];
  for (let from = 0; from < text.length; ) {
    const cut = text.indexOf(SEPARATOR, from + pieceChars);
    const to = cut < 0 ? text.length : cut + SEPARATOR.length;
    pieces.push(tokenize(text.slice(from, to)));
    offsets.push(from);
    from = to;
    if (from < text.length && slicer.due()) {
      await slicer.next();
      if (!isCurrent()) return null;
    }
  }
  return pieces.length === 0 ? tokenize(text) : joinTokens(text, pieces, offsets);
}

/** Tokens of consecutive pieces of `text` (piece i starts at offsets[i]) as the tokens of the whole text. */
export function joinTokens(text: string, pieces: readonly Tokens[], offsets: readonly number[]): Tokens {
  if (pieces.length === 1 && offsets[0] === 0) return { ...pieces[0], text };
  let length = 0;
  for (const p of pieces) length += p.length;
  const words: string[] = new Array<string>(length);
  const starts = new Uint32Array(length);
  const ends = new Uint32Array(length);
  const hashes = new Uint32Array(length);
  let k = 0;
  pieces.forEach((p, i) => {
    const off = offsets[i];
    for (let j = 0; j < p.length; j++, k++) {
      words[k] = p.words[j];
      starts[k] = p.starts[j] + off;
      ends[k] = p.ends[j] + off;
      hashes[k] = p.hashes[j];
    }
  });
  return { text, words, starts, ends, hashes, length };
}

/**
 * Key of the `w` words at `hashes[p..p+w)`, seeded with `w` so windows of different sizes differ. The word
 * hashes are already mixed, so a multiply-xorshift per word does; the key is cut to 30 bits so that it stays a
 * small integer in V8 (no boxing on the hot path: this runs once per live word). Collisions only cost a failed
 * verification.
 */
function windowKey(hashes: Uint32Array, p: number, w: number): number {
  let h = w;
  for (let j = 0; j < w; j++) {
    h = Math.imul(h ^ hashes[p + j], 0x9e3779b1);
    h ^= h >>> 15;
  }
  return h & 0x3fffffff;
}


/** Index of the live text node holding character `pos` of `live.text` (pos never falls on a separator). */
function nodeAt(live: LiveText, pos: number): number {
  return Math.max(0, lowerBound(live.nodeStarts, pos + 1) - 1);
}

const notFound = (index: number): MappedSpan => ({ index, ranges: [], text: '', complete: false });

/** Where one seed window occurs in the live tokens: how often, and the first MAX_SEED_CANDIDATES places. */
interface Seed {
  count: number;
  positions: number[];
}
const NO_SEED: Seed = { count: 0, positions: [] };

interface Job {
  index: number;
  /** The span's article tokens [a, b). */
  a: number;
  b: number;
}

/**
 * Map spans of `articleText` onto the live page indexed by `live`. Returns one MappedSpan per usable span, in
 * input order; spans that are not objects with finite offsets, are empty, out of `articleText`'s range or hold
 * no word are skipped. A span covers the article words it overlaps (whole words). Never throws on bad input.
 */
export function mapSpans(
  live: LiveText,
  articleText: string,
  spans: Array<{ start: number; end: number }>,
  /** `tokenize(articleText)` when the caller has it already (tokenized in slices: see tokenizeSliced). */
  articleTokens?: Tokens,
): MappedSpan[] {
  if (typeof articleText !== 'string' || !Array.isArray(spans) || spans.length === 0) return [];
  const art = articleTokens !== undefined && articleTokens.text === articleText ? articleTokens : tokenize(articleText);
  const lt = live.tokens;

  // The spans as article token ranges.
  const jobs: Job[] = [];
  for (let index = 0; index < spans.length; index++) {
    const s = spans[index] as { start?: unknown; end?: unknown } | null | undefined;
    if (s === null || typeof s !== 'object') continue;
    const { start, end } = s;
    if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end)) continue;
    if (start < 0 || end > articleText.length || start >= end) continue;
    const a = lowerBound(art.ends, start + 1); // first token ending after `start`
    const b = lowerBound(art.starts, end); // first token starting at or after `end`
    if (b > a) jobs.push({ index, a, b });
  }
  if (jobs.length === 0) return [];

  // Seed windows: every SEED_WORDS-word window of every span (or the whole span when it is shorter). One pass
  // over the live tokens counts where each occurs and keeps the first MAX_SEED_CANDIDATES places.
  const seeds = new Map<number, Seed>();
  const sizes = new Set<number>();
  for (const { a, b } of jobs) {
    const w = Math.min(SEED_WORDS, b - a);
    sizes.add(w);
    for (let p = a; p + w <= b; p++) {
      const key = windowKey(art.hashes, p, w);
      if (!seeds.has(key)) seeds.set(key, { count: 0, positions: [] });
    }
  }
  for (const w of sizes) {
    for (let p = 0; p + w <= lt.length; p++) {
      const seed = seeds.get(windowKey(lt.hashes, p, w));
      if (seed === undefined) continue;
      if (seed.count++ < MAX_SEED_CANDIDATES) seed.positions.push(p);
    }
  }
  const seedAt = (p: number, w: number): Seed => seeds.get(windowKey(art.hashes, p, w)) ?? NO_SEED;

  const same = (i: number, j: number): boolean => art.hashes[i] === lt.hashes[j] && art.words[i] === lt.words[j];
  /** Words that match from article token i and live token j onwards, up to article token `limit`. */
  const extend = (i: number, j: number, limit: number): number => {
    let k = 0;
    while (i + k < limit && j + k < lt.length && same(i + k, j + k)) k++;
    return k;
  };
  /** Agreement of the words around article [a, b) and live [c, c + b - a), up to CONTEXT_WORDS each side. */
  const contextScore = (a: number, b: number, c: number): number => {
    let score = 0;
    for (let k = 1; k <= CONTEXT_WORDS && a - k >= 0 && c - k >= 0 && same(a - k, c - k); k++) score++;
    const d = c + (b - a);
    for (let k = 0; k < CONTEXT_WORDS && b + k < art.length && d + k < lt.length && same(b + k, d + k); k++) score++;
    return score;
  };

  // claims[j]: the article token that live token j was mapped to (-1: none). Distinct article passages with the
  // same words go to distinct live occurrences; overlapping spans (several sources) to the same one.
  const claims = new Int32Array(lt.length).fill(-1);
  const compatible = (a: number, c: number, n: number): boolean => {
    for (let k = 0; k < n; k++) {
      const claim = claims[c + k];
      if (claim !== -1 && claim !== a + k) return false;
    }
    return true;
  };
  const claim = (a: number, c: number, n: number): void => {
    for (let k = 0; k < n; k++) claims[c + k] = a + k;
  };

  /**
   * The live occurrence of the whole article sequence [a, b), or -1. Candidates come from the span's rarest
   * window, so that a span opening with a common phrase is still found on a page where that phrase occurs more
   * than MAX_SEED_CANDIDATES times.
   */
  const findWhole = (a: number, b: number): number => {
    const n = b - a;
    const w = Math.min(SEED_WORDS, n);
    let rarest = seedAt(a, w);
    let offset = 0;
    for (let p = a + 1; p + w <= b && rarest.count > 1; p++) {
      const seed = seedAt(p, w);
      if (seed.count < rarest.count) {
        rarest = seed;
        offset = p - a;
      }
    }
    let best = -1;
    let bestCompatible = false;
    let bestScore = -1;
    for (const position of rarest.positions) {
      const c = position - offset;
      if (c < 0) continue;
      if (extend(a, c, b) !== n) continue;
      const isCompatible = compatible(a, c, n);
      if (bestCompatible && !isCompatible) continue;
      const score = contextScore(a, b, c);
      // Document order among equals: candidates come in increasing c.
      if ((isCompatible && !bestCompatible) || score > bestScore) {
        best = c;
        bestCompatible = isCompatible;
        bestScore = score;
      }
    }
    return best;
  };

  /** Greedy cover of [a, b) by the longest live runs of >= MIN_FALLBACK_RUN_WORDS words: [article, live, n][]. */
  const findRuns = (a: number, b: number): Array<[number, number, number]> => {
    const runs: Array<[number, number, number]> = [];
    let i = a;
    while (i + MIN_FALLBACK_RUN_WORDS <= b) {
      let bestC = -1;
      let bestLen = 0;
      let bestCompatible = false;
      for (const c of seedAt(i, SEED_WORDS).positions) {
        const len = extend(i, c, b);
        if (len < MIN_FALLBACK_RUN_WORDS || len < bestLen) continue;
        const isCompatible = compatible(i, c, len);
        if (len > bestLen || (isCompatible && !bestCompatible)) {
          bestC = c;
          bestLen = len;
          bestCompatible = isCompatible;
        }
      }
      if (bestC < 0) {
        i++;
      } else {
        runs.push([i, bestC, bestLen]);
        i += bestLen;
      }
    }
    return runs;
  };

  const doc = live.doc;
  /**
   * Range over live tokens [c, c + n), or null if the DOM no longer allows it. (In jsdom, setStart/setEnd walk
   * the document to compare boundary points, so each cross-node Range costs O(page); browsers do it in
   * O(depth + siblings).)
   */
  const makeRange = (c: number, n: number): Range | null => {
    const from = lt.starts[c];
    const to = lt.ends[c + n - 1];
    const startNode = nodeAt(live, from);
    const endNode = nodeAt(live, to - 1);
    try {
      const range = doc.createRange();
      const sn = live.nodes[startNode];
      const en = live.nodes[endNode];
      range.setStart(sn, Math.min(from - live.nodeStarts[startNode], sn.length));
      range.setEnd(en, Math.min(to - live.nodeStarts[endNode], en.length));
      return range;
    } catch {
      return null; // the page changed since indexing (node shortened, removed from a shadow tree…)
    }
  };
  const runText = (c: number, n: number): string =>
    live.text.slice(lt.starts[c], lt.ends[c + n - 1]).replace(WHITESPACE_RUN_RE, ' ');

  // In article order, so that repeated passages take live occurrences in order when nothing else tells them apart.
  const order = jobs.slice().sort((x, y) => x.a - y.a || x.b - y.b || x.index - y.index);
  const results = new Map<number, MappedSpan>();
  for (const { index, a, b } of order) {
    const n = b - a;
    const c = lt.length > 0 ? findWhole(a, b) : -1;
    if (c >= 0) {
      claim(a, c, n);
      const range = makeRange(c, n);
      results.set(index, range ? { index, ranges: [range], text: runText(c, n), complete: true } : notFound(index));
      continue;
    }
    // Runs that follow each other on the page (the article had words the page lacks) make one Range.
    const runs = lt.length > 0 ? findRuns(a, b) : [];
    const merged: Array<[number, number]> = []; // [live start, live words]
    let covered = 0;
    for (const [i, rc, len] of runs) {
      claim(i, rc, len);
      covered += len;
      const last = merged[merged.length - 1];
      if (last !== undefined && last[0] + last[1] === rc) last[1] += len;
      else merged.push([rc, len]);
    }
    const ranges: Range[] = [];
    const texts: string[] = [];
    for (const [rc, len] of merged) {
      const range = makeRange(rc, len);
      if (range === null) {
        covered = -1; // the page changed: not complete
        continue;
      }
      ranges.push(range);
      texts.push(runText(rc, len));
    }
    results.set(index, { index, ranges, text: texts.join(RUN_JOINER), complete: covered === n });
  }
  return jobs.map((j) => results.get(j.index)!);
}
