/**
 * The content script's wiring: gate → extract → check (or the cache) → map → draw → report, re-run on SPA
 * navigation and on growth, plus the hover card and the messages from the background (keyboard commands,
 * "show in page", re-check). Everything page-facing is injected (`win`, `send`, `loadSettings`) so that tests
 * drive the whole pipeline in jsdom.
 */
import type { ScanResult } from '@wiretrace/engine';
import type { BackgroundMessages, ContentMessages, Handlers, PayloadOf, ResponseOf } from '../shared/messages';
import type { Settings } from '../shared/settings';
import type { PageTimings } from '../shared/timings';
import { CheckCache } from './check-cache';
import { indexLiveTextSliced, mapSpans, tokenizeSliced, type LiveText } from './dom-map';
import { extractPage } from './extract-page';
import { gatePage } from './gate';
import type { Box } from './geometry';
import { HoverCard, type CardInfo } from './hover-card';
import { Overlay } from './overlay';
import { buildPassages, firstStep, flattenSpans, stepIndex, type Passage } from './passages';
import { receiveContentMessage } from './payloads';
import { startRunTimer, type RunTimer } from './run-timer';
import { ContentSlicer, nextFrame } from './scheduling';
import { bodyTextLength, PageWatcher, RECHECK_DEBOUNCE_MS, type WatchEvent } from './watch';

export type SendToBackground = <K extends keyof BackgroundMessages>(type: K, payload: PayloadOf<BackgroundMessages, K>) => Promise<ResponseOf<BackgroundMessages, K>>;

export interface ContentDeps {
  win: Window;
  send: SendToBackground;
  loadSettings: () => Promise<Settings>;
  /** The watcher's debounce (tests shorten it). */
  debounceMs?: number;
}

type CheckReply = ResponseOf<BackgroundMessages, 'check-page'>;
/**
 * Why a check runs: the first one, an SPA navigation, an article that grew, a re-render that replaced the
 * highlighted nodes (same URL), or the background's `recheck`.
 */
type RunReason = 'start' | 'navigated' | 'grew' | 'rerendered' | 'recheck';

/**
 * How long the card stays after the pointer leaves its passage: long enough to cross the gap onto the card (to
 * click its link), short enough that it does not linger over the text.
 */
export const CARD_HIDE_DELAY_MS = 250;

/**
 * After a keyboard step, scrolling does not hide the card for this long: the smooth scroll to the passage takes
 * up to about a second, and the card belongs to the passage being scrolled to.
 */
export const STEP_SCROLL_GRACE_MS = 1200;

/** A passage taller than this share of the viewport gets its card at its first line, not below all of it. */
const TALL_PASSAGE_SHARE = 1 / 3;

/** The passage is scrolled to this share of the viewport's height from its top (reading position). */
const SCROLL_TARGET_SHARE = 1 / 3;

/** Errors after which this content script is an orphan (the extension was updated, reloaded or removed). */
const CONTEXT_GONE = /context invalidated|extension context/i;

export class ContentApp {
  private readonly win: Window;
  private readonly doc: Document;
  private overlay: Overlay | null = null;
  private card: HoverCard | null = null;
  private readonly watcher: PageWatcher;
  private readonly cache = new CheckCache<CheckReply>();
  /** Found passages in document order. */
  private passages: Passage[] = [];
  /** URL the passages belong to. */
  private url = '';
  /** Passage the keyboard last stepped to (-1: none). */
  private current = -1;
  /** Incremented by every run: a run that is no longer the latest stops at its next await. */
  private gen = 0;
  private visible = true;
  private disposed = false;
  private pointer: { x: number; y: number } | null = null;
  private pointerFramePending = false;
  private scrollFramePending = false;
  private hideTimer: ReturnType<typeof setTimeout> | null = null;
  private stepGraceUntil = 0;
  /** Where the pointer was when the card was shown (host coordinates), so that it stays at that line. */
  private anchorPoint: { x: number; y: number } | null = null;
  /** The latest run, for callers (and tests) that wait for it. */
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ContentDeps) {
    this.win = deps.win;
    this.doc = deps.win.document;
    this.watcher = new PageWatcher(this.win, (e) => this.onWatch(e), deps.debounceMs ?? RECHECK_DEBOUNCE_MS);
  }

  /** Creates the overlay host (always, whatever the page turns out to be) and checks the page. */
  start(): Promise<void> {
    const overlay = new Overlay(this.doc);
    this.overlay = overlay;
    this.card = new HoverCard(overlay.cardSlot, this.doc);
    overlay.onDraw = () => this.replaceCard();
    this.win.addEventListener('mousemove', this.onMouseMove, { passive: true });
    this.win.addEventListener('mouseout', this.onMouseOut, { passive: true });
    this.win.addEventListener('keydown', this.onKeyDown, { passive: true });
    this.win.addEventListener('scroll', this.onScroll, { passive: true });
    return this.check('start');
  }

  /** Waits for the check in progress (if any). */
  idle(): Promise<void> {
    return this.running;
  }

  /** The messages from the background, by name (their payloads are checked by src/content/payloads.ts). */
  readonly handlers: Handlers<ContentMessages, void> = {
    'step-passage': async ({ direction }) => this.step(direction),
    'toggle-highlights': async ({ visible }) => this.toggle(visible),
    'show-passages': async ({ sourceId }) => this.show(sourceId),
    recheck: async () => {
      this.cache.clear();
      await this.check('recheck');
    },
  };

  /** A raw message from `runtime.onMessage`: its handler's answer, or undefined when it is not for us. */
  handle(raw: unknown): Promise<unknown> | undefined {
    return receiveContentMessage(this.handlers, raw);
  }

  /** Starts a run (superseding any in progress) and returns it. */
  private check(reason: RunReason): Promise<void> {
    const run = this.run(reason).catch((err: unknown) => this.fail(err));
    this.running = run;
    return run;
  }

  private async run(reason: RunReason): Promise<void> {
    if (this.disposed) return;
    const gen = ++this.gen;
    const stale = (): boolean => gen !== this.gen || this.disposed;
    const url = this.win.location.href;
    const timer = startRunTimer(this.win);
    // The old passages' Ranges point into a page that is gone: never leave them drawn over a new route.
    if (reason === 'navigated') this.clearPassages();

    const settings = await this.deps.loadSettings();
    if (stale()) return;
    this.visible = settings.highlights;
    this.overlay?.setVisible(this.visible);
    timer.lap('settings');

    const gate = gatePage(this.doc, url, settings);
    timer.lap('gate');
    if (!gate.ok) {
      this.clearPassages();
      // A switched-off site is left alone; a huge page would cost a text measure per debounce; an ordinary
      // non-article page is still watched (an SPA may navigate to an article).
      if (gate.status === 'not-article') this.watcher.start();
      else this.watcher.stop();
      await this.deps.send('page-skipped', { url, status: gate.status });
      return;
    }
    this.watcher.start();
    // The element whose text is extracted and mapped: the whole body, or an oversized page's article (gate.ts).
    const scope = gate.scope;

    const extracted = extractPage(this.doc, url, scope);
    timer.lap('extract');
    if (extracted === null) {
      this.watcher.setBaseline(url, bodyTextLength(this.doc));
      this.clearPassages();
      await this.deps.send('page-skipped', { url, status: 'not-article' });
      return;
    }
    const { page, text } = extracted;

    let reply = this.cache.get(url, text);
    let live: PreparedLiveText | null = null;
    if (reply?.result) {
      this.watcher.setBaseline(url, bodyTextLength(this.doc));
      // Back on a page already checked: no scan, but the badge and popup must describe this page again.
      await this.deps.send('page-restored', { page, text, result: reply.result });
    } else if (reply === undefined) {
      // The message is on its way (sent synchronously): the page's main thread would only wait for the answer,
      // so it takes the re-check baseline and indexes the live text the answer will be mapped onto meanwhile.
      const pending = this.deps.send('check-page', { page, text });
      this.watcher.setBaseline(url, bodyTextLength(this.doc));
      live = prepareLiveText(this.doc, scope, () => !stale());
      reply = await pending;
      timer.checked(reply?.timings);
      // Cached even when this run was superseded meanwhile: the answer is still right for that page and text.
      if (reply && reply.status === 'done' && reply.result) this.cache.set(url, text, reply);
    } else {
      this.watcher.setBaseline(url, bodyTextLength(this.doc));
    }
    if (stale()) {
      live?.release();
      return;
    }
    if (!reply || reply.status !== 'done' || !reply.result) {
      live?.release();
      this.clearPassages();
      return;
    }
    timer.lap('check');
    await this.draw(url, text, reply.result, stale, timer, live, scope);
  }

  /**
   * Maps the result's spans (offsets into `text`, the text that was checked) onto the live page, draws them
   * and tells the background what was drawn (with the run's timings, when it has them: run-timer.ts).
   */
  private async draw(
    url: string,
    text: string,
    result: ScanResult,
    stale: () => boolean,
    timer: RunTimer,
    prepared: PreparedLiveText | null = null,
    scope: Element | null = null,
  ): Promise<void> {
    const overlay = this.overlay;
    // The index taken while the check was out, unless the page changed since (then it is taken again).
    const ready = prepared ? await prepared.take() : null;
    const root = scope ?? this.doc.body;
    if (!overlay || !root || !root.isConnected || stale()) {
      // The article element of an oversized page was replaced meanwhile: nothing to map onto.
      if (root && !root.isConnected && !stale()) this.clearPassages();
      return;
    }
    const { refs, spans } = flattenSpans(result);
    const slicer = new ContentSlicer();
    const current = (): boolean => !stale();
    // Indexing the live text (unless ready) and tokenizing the article run in slices that give the page its main
    // thread back; then one synchronous pass maps all spans together (the distinct-occurrence claims span all of
    // them): hash lookups over tokens, linear in the page's words, which the gate's size cap bounds.
    let mapped: ReturnType<typeof mapSpans> = [];
    if (spans.length > 0) {
      const live = ready ?? (await indexLiveTextSliced(root, slicer, current));
      const art = live && (await tokenizeSliced(text, slicer, current));
      if (!live || !art || stale()) return;
      mapped = mapSpans(live, text, spans, art);
    }
    const passages = await buildPassages(result, refs, mapped, current);
    if (passages === null || stale()) return;
    timer.lap('map');
    this.card?.hide();
    this.passages = passages;
    this.url = url;
    this.current = -1;
    overlay.setPassages(passages);
    await overlay.whenDrawn();
    if (stale()) return;
    timer.lap('draw');
    await this.reportHighlights(timer.timings());
  }

  /** What is drawn now: the text of every visible passage that has boxes on screen (none while hidden). */
  private drawnTexts(): string[] {
    const overlay = this.overlay;
    if (!overlay || !this.visible) return [];
    return this.passages.filter((_, i) => overlay.boxesOf(i).length > 0).map((p) => p.text);
  }

  private reportHighlights(timings?: PageTimings): Promise<void> {
    return this.deps.send('report-highlights', { url: this.url || this.win.location.href, highlighted: this.drawnTexts(), ...(timings ? { timings } : {}) });
  }

  private clearPassages(): void {
    this.card?.hide();
    this.passages = [];
    this.current = -1;
    this.overlay?.setPassages([]);
  }

  /** Indices of the passages that can be shown (they have boxes: not in a collapsed or hidden part). */
  private navigable(): number[] {
    const overlay = this.overlay;
    if (!overlay) return [];
    const out: number[] = [];
    for (let i = 0; i < this.passages.length; i++) if (overlay.boxesOf(i).length > 0) out.push(i);
    return out;
  }

  /** Keyboard: next/previous passage in document order, wrapping around; scroll to it, flash it, show its card. */
  step(direction: 1 | -1): { index: number; total: number } {
    const overlay = this.overlay;
    const nav = this.navigable();
    if (!overlay || nav.length === 0) return { index: -1, total: 0 };
    let pos = nav.indexOf(this.current);
    if (pos < 0) {
      const tops = nav.map((i) => overlay.boundsOf(i)?.top ?? Number.NaN);
      pos = firstStep(tops, overlay.viewport().top, direction);
    } else {
      pos = stepIndex(pos, direction, nav.length);
    }
    const i = nav[pos];
    this.current = i;
    this.stepGraceUntil = Date.now() + STEP_SCROLL_GRACE_MS;
    this.scrollTo(i);
    overlay.flash([i]);
    this.showCard(i, null);
    return { index: pos, total: nav.length };
  }

  /** Keyboard: hide or show the highlights (the background persists the choice in the settings). */
  toggle(visible: boolean = !this.visible): { visible: boolean } {
    this.visible = visible;
    this.overlay?.setVisible(this.visible);
    if (!this.visible) this.card?.hide();
    void this.reportHighlights().catch((err: unknown) => this.fail(err));
    return { visible: this.visible };
  }

  /** "Show in page": scroll to the first passage (of one source, or any) and flash them all. */
  show(sourceId?: string): { shown: number } {
    const overlay = this.overlay;
    if (!overlay) return { shown: 0 };
    const indices = this.navigable().filter((i) => sourceId === undefined || this.passages[i].match.source.id === sourceId);
    if (indices.length === 0) return { shown: 0 };
    this.stepGraceUntil = Date.now() + STEP_SCROLL_GRACE_MS;
    this.scrollTo(indices[0]);
    overlay.flash(indices);
    return { shown: indices.length };
  }

  private scrollTo(i: number): void {
    const overlay = this.overlay;
    const b = overlay?.boundsOf(i);
    if (!overlay || !b) return;
    const viewport = overlay.viewport();
    const clientTop = b.top - viewport.top;
    const reduce = this.win.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
    try {
      this.win.scrollTo({ top: this.win.scrollY + clientTop - viewport.height * SCROLL_TARGET_SHARE, behavior: reduce ? 'auto' : 'smooth' });
    } catch {
      /* jsdom and very old engines have no scrollTo: the passage still flashes */
    }
  }

  private cardInfo(p: Passage): CardInfo {
    const s = p.match.source;
    return {
      kind: p.kind,
      outlet: s.outlet,
      title: s.title,
      published: s.published,
      url: s.url,
      coverage: p.match.coverage,
      others: p.span.others.length,
    };
  }

  /** The card's anchor: the passage's line under the pointer, else the whole passage (its first line if tall). */
  private anchorFor(i: number, at: { x: number; y: number } | null): Box | null {
    const overlay = this.overlay;
    if (!overlay) return null;
    const boxes = overlay.boxesOf(i);
    if (boxes.length === 0) return null;
    if (at) {
      const hit = boxes.find((b) => at.y >= b.top - 2 && at.y <= b.top + b.height + 2);
      if (hit) return hit;
    }
    const all = overlay.boundsOf(i)!;
    return all.height > overlay.viewport().height * TALL_PASSAGE_SHARE ? boxes[0] : all;
  }

  private showCard(i: number, at: { x: number; y: number } | null): void {
    const overlay = this.overlay;
    const card = this.card;
    const anchor = this.anchorFor(i, at);
    if (!overlay || !card || !anchor) return;
    this.anchorPoint = at;
    this.cancelHide();
    card.show(i, this.cardInfo(this.passages[i]), anchor, overlay.viewport());
  }

  /** After a redraw: keep the card next to its passage, or drop it if the passage is gone. */
  private replaceCard(): void {
    const card = this.card;
    const overlay = this.overlay;
    if (!card?.shown || !overlay) return;
    const anchor = card.passage < this.passages.length ? this.anchorFor(card.passage, this.anchorPoint) : null;
    if (anchor) card.place(anchor, overlay.viewport());
    else card.hide();
  }

  private readonly onMouseMove = (e: MouseEvent): void => {
    if (this.passages.length === 0 && !this.card?.shown) return;
    this.pointer = { x: e.clientX, y: e.clientY };
    if (this.pointerFramePending) return;
    this.pointerFramePending = true;
    nextFrame(this.win, this.onPointerFrame);
  };

  /** Hit-tests the last pointer position against the cached boxes, once per frame at most. */
  private readonly onPointerFrame = (): void => {
    this.pointerFramePending = false;
    const overlay = this.overlay;
    const card = this.card;
    const p = this.pointer;
    if (!overlay || !card || !p || this.disposed) return;
    const at = overlay.toHost(p.x, p.y);
    if (card.shown && card.contains(at.x, at.y)) {
      this.cancelHide();
      return;
    }
    const i = overlay.passageAt(p.x, p.y);
    if (i >= 0) {
      this.cancelHide();
      if (card.passage !== i) this.showCard(i, at);
    } else if (card.shown) {
      this.scheduleHide();
    }
  };

  private readonly onMouseOut = (e: MouseEvent): void => {
    if (e.relatedTarget === null && this.card?.shown) this.scheduleHide(); // the pointer left the window
  };

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.card?.shown) {
      this.cancelHide();
      this.card.hide();
    }
  };

  /** Window scroll: hide the card once its passage has left the viewport (checked once per frame). */
  private readonly onScroll = (): void => {
    if (!this.card?.shown || this.scrollFramePending) return;
    this.scrollFramePending = true;
    nextFrame(this.win, () => {
      this.scrollFramePending = false;
      const card = this.card;
      const overlay = this.overlay;
      if (!card?.shown || !overlay || Date.now() < this.stepGraceUntil) return;
      const b = overlay.boundsOf(card.passage);
      const v = overlay.viewport();
      if (!b || b.top + b.height < v.top || b.top > v.top + v.height) card.hide();
    });
  };

  private scheduleHide(): void {
    if (this.hideTimer !== null) return;
    this.hideTimer = setTimeout(() => {
      this.hideTimer = null;
      this.card?.hide();
    }, CARD_HIDE_DELAY_MS);
  }

  private cancelHide(): void {
    if (this.hideTimer === null) return;
    clearTimeout(this.hideTimer);
    this.hideTimer = null;
  }

  /**
   * The watcher's verdict after a quiet moment. A page that merely changed a little gets its boxes re-measured;
   * one whose framework re-rendered the article (the highlighted text nodes were removed: live Ranges then
   * collapse onto their parent, or leave the document with it) is mapped again — from the cache when the text is
   * unchanged, so without a message.
   */
  private onWatch(event: WatchEvent): void {
    if (event !== 'settled') void this.check(event);
    else if (this.passages.some((p) => p.ranges.some((r) => r.collapsed || !r.startContainer.isConnected))) {
      // A page that re-renders its article over and over would otherwise be re-mapped every debounce.
      this.watcher.backOff();
      void this.check('rerendered');
    } else {
      this.watcher.resetDelay(); // quiet again: the next re-render or growth is answered promptly
      this.overlay?.schedule();
    }
  }

  /**
   * A failed run leaves the page as it is. When the extension itself is gone (updated or removed), this script
   * can never talk to it again: everything it added is removed.
   */
  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (CONTEXT_GONE.test(message)) this.dispose();
  }

  /** Removes the overlay host and every listener and observer. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.gen++;
    this.watcher.stop();
    this.cancelHide();
    this.win.removeEventListener('mousemove', this.onMouseMove);
    this.win.removeEventListener('mouseout', this.onMouseOut);
    this.win.removeEventListener('keydown', this.onKeyDown);
    this.win.removeEventListener('scroll', this.onScroll);
    this.overlay?.dispose();
    this.overlay = null;
    this.card = null;
    this.passages = [];
  }
}

/** A live-text index taken ahead of use, with a watch for changes of the page that would make it stale. */
interface PreparedLiveText {
  /**
   * The index once taken, or null when the page changed since it was begun (or it could not be taken, or the
   * run was superseded). Ends the watch.
   */
  take(): Promise<LiveText | null>;
  /** Ends the watch without using the index. */
  release(): void;
}

/**
 * Starts indexing the live text of `scope` (default `doc.body`) in slices, while the check is out, and watches
 * for changes that would make it stale (nodes added or removed, text edited, the attributes that hide an
 * element). Null when there is nothing to index.
 */
function prepareLiveText(doc: Document, scope: Element | null, isCurrent: () => boolean): PreparedLiveText | null {
  const root = scope ?? doc.body;
  const MO = (doc.defaultView as (Window & { MutationObserver?: typeof MutationObserver }) | null)?.MutationObserver;
  if (!root || typeof MO !== 'function') return null;
  // Records are delivered to the callback at the next microtask checkpoint; the ones still queued when the
  // index is taken come from takeRecords().
  let changed = false;
  const observer = new MO(() => {
    changed = true;
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['style', 'hidden', 'aria-hidden', 'data-wiretrace'] });
  const indexing = indexLiveTextSliced(root, new ContentSlicer(), isCurrent).catch(() => null);
  let done = false;
  const end = (): boolean => {
    if (done) return true;
    done = true;
    if (observer.takeRecords().length > 0) changed = true;
    observer.disconnect();
    return changed;
  };
  return {
    take: async () => {
      const live = await indexing;
      return end() || !root.isConnected || (scope === null && root !== doc.body) ? null : live;
    },
    release: () => {
      end();
    },
  };
}
