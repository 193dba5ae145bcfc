/**
 * The highlights, drawn so that the page's scripts cannot read them: positioned boxes inside a CLOSED shadow root
 * on one host element appended to <html>. Not the CSS Custom Highlight API (its registry, `CSS.highlights`,
 * belongs to the document and page scripts can list it) and not <mark> wrapping (it changes the page's DOM).
 * The host exists whether or not anything matched, so its presence says nothing about the results; the page
 * sees one inert element with a closed shadow root (`host.shadowRoot === null`) and nothing inside it.
 *
 * The host is out of flow and takes no space (absolute, 0×0 at the document's origin, `all: initial` and
 * `pointer-events: none`), so the page's layout is unchanged. Boxes are positioned relative to the host from the
 * Ranges' client rects, which keeps them in place when the window scrolls; they are recomputed in an animation
 * frame (a few hundred Ranges per frame) when the window or the page's body/root change size, when web fonts
 * arrive, when an inner element scrolls, and when the content script asks (after the page settles from
 * mutations) — never on every mutation.
 *
 * Remaining limits:
 * - Passages inside an inner scrolling container (or a sticky/fixed element) are re-measured on that
 *   container's scroll events, so boxes lag by a frame, and they are not clipped to the container: text
 *   scrolled out of its box keeps a box drawn over whatever lies there.
 * - Text inside the page's own shadow roots, iframes and canvas is never highlighted (dom-map indexes the light
 *   DOM of <body> only).
 * - A layout change that resizes neither <html> nor <body> (an image loading inside a fixed-height container, a
 *   CSS animation) is caught only by the next settle of the content script's mutation watcher.
 * - The page can see that the host element exists (and so that WireTrace is installed), not what it shows.
 */
import { bounds, boxesFromRects, hitTest, isDarkBackground, type Box } from './geometry';
import { OVERLAY_CSS } from './overlay-styles';
import type { PassageKind } from './passages';
import { nextFrame } from './scheduling';

/** The host's tag: a custom-element name, so that page rules and scripts aimed at `div`s never reach it. */
export const HOST_TAG = 'wiretrace-overlay';

/**
 * Ranges measured per animation frame. `getClientRects` is cheap once layout is clean (≈µs per Range), so a
 * few hundred keep a frame well under its budget while a page with thousands of passages still draws in a
 * handful of frames.
 */
export const LAYOUT_CHUNK_RANGES = 300;

/** How long flashed passages stay marked: the CSS animation pulses twice in 1.6 s. */
export const FLASH_MS = 1600;

export interface OverlayPassage {
  readonly ranges: readonly Range[];
  readonly kind: PassageKind;
}

export class Overlay {
  /** The one element added to the page. */
  readonly host: HTMLElement;
  /** Inside the shadow root: where the hover card goes. */
  readonly cardSlot: HTMLElement;
  /** Called after every redraw (the hover card follows its passage). */
  onDraw: (() => void) | null = null;

  private readonly win: Window;
  private readonly container: HTMLElement;
  private readonly layer: HTMLElement;
  private passages: readonly OverlayPassage[] = [];
  /** Boxes of each passage, relative to the host; [] until measured. */
  private boxes: Box[][] = [];
  private visible = true;
  private readonly flashing = new Set<number>();
  private flashTimer: ReturnType<typeof setTimeout> | null = null;
  /** Incremented to abandon a layout that is still running over several frames. */
  private layoutGen = 0;
  private layoutRunning = false;
  /** The running layout has measured its first chunk. */
  private layoutStarted = false;
  /** Something changed while a layout was running: lay out again when it ends. */
  private layoutDirty = false;
  private drawWaiters: Array<() => void> = [];
  private readonly resizeObserver: ResizeObserver | null = null;
  private disposed = false;

  constructor(private readonly doc: Document) {
    this.win = doc.defaultView!;
    this.host = doc.createElement(HOST_TAG);
    // Closed: `host.shadowRoot` is null for the page; only this object holds the root.
    const root = this.host.attachShadow({ mode: 'closed' });
    addStyles(root, doc);
    this.container = el(doc, 'div', 'root');
    this.layer = el(doc, 'div', 'layer');
    this.cardSlot = el(doc, 'div', 'card-slot');
    this.container.append(this.layer, this.cardSlot);
    root.append(this.container);
    doc.documentElement.appendChild(this.host);

    this.win.addEventListener('resize', this.schedule, { passive: true });
    // Scroll events do not bubble; capturing sees inner scrolling containers (the window's own scroll needs no
    // re-layout: boxes are in document coordinates).
    doc.addEventListener('scroll', this.onScroll, { passive: true, capture: true });
    const RO = (this.win as Window & { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    if (typeof RO === 'function') {
      this.resizeObserver = new RO(() => this.schedule());
      this.resizeObserver.observe(doc.documentElement);
      if (doc.body) this.resizeObserver.observe(doc.body);
    }
    doc.fonts?.ready.then(() => this.schedule(), () => undefined);
  }

  /** Replaces the passages (in document order) and lays them out in the next frames. */
  setPassages(passages: readonly OverlayPassage[]): void {
    if (this.disposed) return;
    if (!this.host.isConnected) this.doc.documentElement.appendChild(this.host); // a page script removed it
    this.passages = passages;
    this.boxes = passages.map(() => []);
    this.flashing.clear();
    this.updateTheme();
    this.layoutGen++;
    this.layoutRunning = false;
    this.schedule();
  }

  get passageCount(): number {
    return this.passages.length;
  }

  /** Shows or hides the highlights (flashed passages still show while they flash). */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.container.classList.toggle('hidden', !visible);
    this.render();
  }

  get isVisible(): boolean {
    return this.visible;
  }

  /** Lays the boxes out again in the next frame(s). Cheap to call often: one layout runs at a time. */
  readonly schedule = (): void => {
    if (this.disposed) return;
    if (this.layoutRunning) {
      // Before its first frame, the pending layout will see this change anyway; mid-way, run again after it.
      if (this.layoutStarted) this.layoutDirty = true;
      return;
    }
    this.layoutRunning = true;
    this.layoutStarted = false;
    this.layoutDirty = false;
    const gen = this.layoutGen;
    const next: Box[][] = [];
    const step = (): void => {
      if (this.disposed || gen !== this.layoutGen) return;
      this.layoutStarted = true;
      const origin = this.host.getBoundingClientRect();
      let budget = LAYOUT_CHUNK_RANGES;
      while (next.length < this.passages.length && budget > 0) {
        const p = this.passages[next.length];
        next.push(p.ranges.flatMap((r) => this.measure(r, origin)));
        budget -= Math.max(1, p.ranges.length);
      }
      if (next.length < this.passages.length) {
        nextFrame(this.win, step);
        return;
      }
      this.layoutRunning = false;
      this.boxes = next;
      this.render();
      if (this.layoutDirty) this.schedule();
    };
    nextFrame(this.win, step);
  };

  /** Resolves once the current passages are laid out and drawn. */
  whenDrawn(): Promise<void> {
    if (!this.layoutRunning || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.drawWaiters.push(resolve));
  }

  /** Passage i's boxes relative to the host, measured now if the layout has not reached it yet. */
  boxesOf(i: number): Box[] {
    const cached = this.boxes[i];
    if (cached !== undefined && cached.length > 0) return cached;
    const p = this.passages[i];
    if (p === undefined) return [];
    const origin = this.host.getBoundingClientRect();
    return p.ranges.flatMap((r) => this.measure(r, origin));
  }

  /** The box around all of passage i, relative to the host, or null when it has none (not rendered). */
  boundsOf(i: number): Box | null {
    return bounds(this.boxesOf(i));
  }

  /** The visible passage at a viewport point (a mouse event's clientX/Y), or -1. Nothing while hidden. */
  passageAt(clientX: number, clientY: number): number {
    if (!this.visible || this.passages.length === 0) return -1;
    const origin = this.host.getBoundingClientRect();
    return hitTest(this.boxes, clientX - origin.left, clientY - origin.top);
  }

  /** Converts a viewport point to host coordinates. */
  toHost(clientX: number, clientY: number): { x: number; y: number } {
    const origin = this.host.getBoundingClientRect();
    return { x: clientX - origin.left, y: clientY - origin.top };
  }

  /** The viewport in host coordinates. */
  viewport(): Box {
    const origin = this.host.getBoundingClientRect();
    const width = this.doc.documentElement.clientWidth || this.win.innerWidth;
    const height = this.doc.documentElement.clientHeight || this.win.innerHeight;
    return { left: -origin.left, top: -origin.top, width, height };
  }

  /** Marks passages for FLASH_MS (shown even while the highlights are hidden), ending any earlier flash. */
  flash(indices: readonly number[]): void {
    this.flashing.clear();
    for (const i of indices) if (i >= 0 && i < this.passages.length) this.flashing.add(i);
    this.render();
    if (this.flashTimer !== null) clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => {
      this.flashTimer = null;
      this.flashing.clear();
      this.render();
    }, FLASH_MS);
  }

  /** Removes the host and every listener (the extension was updated or unloaded). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.win.removeEventListener('resize', this.schedule);
    this.doc.removeEventListener('scroll', this.onScroll, { capture: true });
    this.resizeObserver?.disconnect();
    if (this.flashTimer !== null) clearTimeout(this.flashTimer);
    this.host.remove();
    this.resolveWaiters();
  }

  private readonly onScroll = (e: Event): void => {
    if (e.target !== this.doc && e.target !== this.doc.documentElement && e.target !== this.doc.body) this.schedule();
  };

  /** Client rects of one Range → boxes relative to the host. */
  private measure(range: Range, origin: DOMRect): Box[] {
    if (typeof range.getClientRects !== 'function') return [];
    let list: DOMRectList;
    try {
      list = range.getClientRects();
    } catch {
      return []; // a Range whose nodes left the document
    }
    const rects: Box[] = [];
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      rects.push({ left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height });
    }
    return boxesFromRects(rects);
  }

  /** Rebuilds the boxes from the cached layout: all passages when visible, else only the flashing ones. */
  private render(): void {
    if (this.disposed) return;
    // While a re-layout runs, the previous boxes are drawn (a flash or toggle must not blank the page).
    const frag = this.doc.createDocumentFragment();
    for (let i = 0; i < this.passages.length; i++) {
      const flashing = this.flashing.has(i);
      if (!this.visible && !flashing) continue; // hidden: nothing is drawn, not merely made invisible
      const cls = `box k-${this.passages[i].kind}${flashing ? ' flash' : ''}`;
      for (const b of this.boxes[i] ?? []) {
        const box = el(this.doc, 'div', cls);
        // CSSOM properties, not a style attribute: allowed under any page Content-Security-Policy.
        box.style.setProperty('left', `${b.left}px`);
        box.style.setProperty('top', `${b.top}px`);
        box.style.setProperty('width', `${b.width}px`);
        box.style.setProperty('height', `${b.height}px`);
        frag.append(box);
      }
    }
    this.layer.replaceChildren(frag);
    if (!this.layoutRunning) {
      this.resolveWaiters();
      this.onDraw?.();
    }
  }

  private resolveWaiters(): void {
    const waiters = this.drawWaiters;
    this.drawWaiters = [];
    for (const w of waiters) w();
  }

  /** Dark palette when the page's own background is dark (its colour scheme, not the system's, is what shows). */
  private updateTheme(): void {
    let dark: boolean | null = null;
    try {
      for (const e of [this.doc.body, this.doc.documentElement]) {
        if (!e || dark !== null) continue;
        dark = isDarkBackground(this.win.getComputedStyle(e).backgroundColor);
      }
      if (dark === null) {
        // Both transparent: the canvas follows the page's color-scheme, dark only if it allows dark and the system is.
        const scheme = this.win.getComputedStyle(this.doc.documentElement).getPropertyValue('color-scheme');
        dark = /\bdark\b/.test(scheme) && this.win.matchMedia?.('(prefers-color-scheme: dark)').matches === true;
      }
    } catch {
      dark = false;
    }
    this.container.classList.toggle('dark', dark);
  }
}

function el(doc: Document, tag: 'div', className: string): HTMLElement {
  const e = doc.createElement(tag);
  e.className = className;
  return e;
}

/**
 * The stylesheet, twice on purpose: as a constructed sheet (never subject to the page's Content-Security-Policy)
 * and as a <style> element (for engines that refuse a sheet constructed in the content script's world). The
 * rules are identical, so applying both changes nothing.
 */
function addStyles(root: ShadowRoot, doc: Document): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(OVERLAY_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    /* the <style> below carries the rules */
  }
  const style = doc.createElement('style');
  style.textContent = OVERLAY_CSS;
  root.append(style);
}
