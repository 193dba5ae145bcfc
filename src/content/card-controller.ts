/**
 * When and where the hover card shows (hover-card.ts builds it): over the passage under the pointer
 * (hit-tested against the overlay's cached boxes, once per frame at most), or over the passage the keyboard
 * stepped to; kept next to its passage when the overlay redraws; hidden a moment after the pointer leaves,
 * on Escape, and once its passage has scrolled out of view.
 */
import type { Box } from './geometry';
import type { CardInfo, HoverCard } from './hover-card';
import type { Overlay } from './overlay';
import type { Passage } from './passages';
import { nextFrame } from './scheduling';

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

type Point = { x: number; y: number };

function cardInfo(p: Passage): CardInfo {
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

export class CardController {
  private pointer: Point | null = null;
  private pointerFramePending = false;
  private scrollFramePending = false;
  private hideTimer: ReturnType<typeof setTimeout> | null = null;
  private stepGraceUntil = 0;
  /** Where the pointer was when the card was shown (host coordinates), so that it stays at that line. */
  private anchorPoint: Point | null = null;
  private attached = false;

  /** `passages`: the passages drawn now, indexed as the overlay's. */
  constructor(
    private readonly win: Window,
    private readonly overlay: Overlay,
    private readonly card: HoverCard,
    private readonly passages: () => readonly Passage[],
  ) {}

  /** Starts following the pointer, Escape and scrolling. */
  attach(): void {
    this.attached = true;
    this.win.addEventListener('mousemove', this.onMouseMove, { passive: true });
    this.win.addEventListener('mouseout', this.onMouseOut, { passive: true });
    this.win.addEventListener('keydown', this.onKeyDown, { passive: true });
    this.win.addEventListener('scroll', this.onScroll, { passive: true });
  }

  /** Stops for good: no listener, no timer, and frames already requested do nothing. */
  detach(): void {
    this.attached = false;
    this.cancelHide();
    this.win.removeEventListener('mousemove', this.onMouseMove);
    this.win.removeEventListener('mouseout', this.onMouseOut);
    this.win.removeEventListener('keydown', this.onKeyDown);
    this.win.removeEventListener('scroll', this.onScroll);
  }

  hide(): void {
    this.card.hide();
  }

  /** The page is being scrolled to a passage (a keyboard step, "show in page"): scrolling keeps the card a while. */
  holdThroughScroll(): void {
    this.stepGraceUntil = Date.now() + STEP_SCROLL_GRACE_MS;
  }

  /** Shows passage `i`'s card at the line under `at` (host coordinates), or at the passage. */
  show(i: number, at: Point | null): void {
    const anchor = this.anchorFor(i, at);
    if (!anchor) return;
    this.anchorPoint = at;
    this.cancelHide();
    this.card.show(i, cardInfo(this.passages()[i]), anchor, this.overlay.viewport());
  }

  /** After a redraw: keep the card next to its passage, or drop it if the passage is gone. */
  replace(): void {
    const card = this.card;
    if (!card.shown) return;
    const anchor = card.passage < this.passages().length ? this.anchorFor(card.passage, this.anchorPoint) : null;
    if (anchor) card.place(anchor, this.overlay.viewport());
    else card.hide();
  }

  /** The card's anchor: the passage's line under the pointer, else the whole passage (its first line if tall). */
  private anchorFor(i: number, at: Point | null): Box | null {
    const overlay = this.overlay;
    const boxes = overlay.boxesOf(i);
    if (boxes.length === 0) return null;
    if (at) {
      const hit = boxes.find((b) => at.y >= b.top - 2 && at.y <= b.top + b.height + 2);
      if (hit) return hit;
    }
    const all = overlay.boundsOf(i)!;
    return all.height > overlay.viewport().height * TALL_PASSAGE_SHARE ? boxes[0] : all;
  }

  private readonly onMouseMove = (e: MouseEvent): void => {
    if (this.passages().length === 0 && !this.card.shown) return;
    this.pointer = { x: e.clientX, y: e.clientY };
    if (this.pointerFramePending) return;
    this.pointerFramePending = true;
    nextFrame(this.win, this.onPointerFrame);
  };

  /** Hit-tests the last pointer position against the cached boxes, once per frame at most. */
  private readonly onPointerFrame = (): void => {
    this.pointerFramePending = false;
    const { overlay, card, pointer: p } = this;
    if (!p || !this.attached) return;
    const at = overlay.toHost(p.x, p.y);
    if (card.shown && card.contains(at.x, at.y)) {
      this.cancelHide();
      return;
    }
    const i = overlay.passageAt(p.x, p.y);
    if (i >= 0) {
      this.cancelHide();
      if (card.passage !== i) this.show(i, at);
    } else if (card.shown) {
      this.scheduleHide();
    }
  };

  private readonly onMouseOut = (e: MouseEvent): void => {
    if (e.relatedTarget === null && this.card.shown) this.scheduleHide(); // the pointer left the window
  };

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.card.shown) {
      this.cancelHide();
      this.card.hide();
    }
  };

  /** Window scroll: hide the card once its passage has left the viewport (checked once per frame). */
  private readonly onScroll = (): void => {
    if (!this.card.shown || this.scrollFramePending) return;
    this.scrollFramePending = true;
    nextFrame(this.win, () => {
      this.scrollFramePending = false;
      const { card, overlay } = this;
      if (!this.attached || !card.shown || Date.now() < this.stepGraceUntil) return;
      const b = overlay.boundsOf(card.passage);
      const v = overlay.viewport();
      if (!b || b.top + b.height < v.top || b.top > v.top + v.height) card.hide();
    });
  };

  private scheduleHide(): void {
    if (this.hideTimer !== null) return;
    this.hideTimer = setTimeout(() => {
      this.hideTimer = null;
      this.card.hide();
    }, CARD_HIDE_DELAY_MS);
  }

  private cancelHide(): void {
    if (this.hideTimer === null) return;
    clearTimeout(this.hideTimer);
    this.hideTimer = null;
  }
}
