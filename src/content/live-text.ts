/**
 * The index of the live page's visible text that dom-map.ts maps spans onto: `indexLiveText` walks the visible
 * text nodes under a root once, concatenating adjacent inline text nodes with nothing in between (so a word split
 * by markup, `Stol<span>ten</span>berg`, stays one word) and a separator between blocks, and tokenizes the result
 * with the engine's own tokenizer. Each token keeps its offsets, which resolve to (text node, offset) through
 * `nodeStarts`. (live-text-sliced.ts builds the same index in time slices.)
 *
 * Never modifies the DOM. Uses no `document`/`window` globals: everything comes from `root.ownerDocument`.
 */
/* eslint no-restricted-globals: ["error", "document", "window"] */
import { tokenize, type Tokens } from '@wiretrace/engine';

/** Inserted in the live text at block boundaries and in place of whitespace-only text nodes. */
export const SEPARATOR = '\n';

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

/** A resumable walk of the visible text under a root (see `liveWalk`). */
export interface LiveWalk {
  /** Visits up to `maxNodes` more nodes; true when the walk is done. */
  step(maxNodes: number): boolean;
  /** The live text so far, in pieces. */
  parts: string[];
  nodes: CharacterData[];
  starts: number[];
}

/** The resumable walk of `indexLiveText`: `step(n)` visits up to n more nodes and says whether it is done. */
export function liveWalk(root: Element): LiveWalk {
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
