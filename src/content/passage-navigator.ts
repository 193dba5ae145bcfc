/**
 * Moving through the drawn passages: the keyboard's next/previous (in document order, wrapping around, from
 * the viewport when nothing was stepped to yet) and the popup's "show in page" (the passages of one source, or
 * all). Both scroll the passage to reading height and flash it; a step also shows its card.
 */
import type { CardController } from './card-controller';
import type { Overlay } from './overlay';
import { firstStep, stepIndex, type Passage } from './passages';

/** The passage is scrolled to this share of the viewport's height from its top (reading position). */
const SCROLL_TARGET_SHARE = 1 / 3;

export class PassageNavigator {
  /** Passage the keyboard last stepped to (-1: none). */
  private current = -1;

  /** `passages`: the passages drawn now, indexed as the overlay's. */
  constructor(
    private readonly win: Window,
    private readonly overlay: Overlay,
    private readonly cards: CardController,
    private readonly passages: () => readonly Passage[],
  ) {}

  /** New passages were drawn (or none are): the next step starts from the viewport again. */
  reset(): void {
    this.current = -1;
  }

  /** Keyboard: next/previous passage in document order, wrapping around; scroll to it, flash it, show its card. */
  step(direction: 1 | -1): { index: number; total: number } {
    const overlay = this.overlay;
    const nav = this.navigable();
    if (nav.length === 0) return { index: -1, total: 0 };
    let pos = nav.indexOf(this.current);
    if (pos < 0) {
      const tops = nav.map((i) => overlay.boundsOf(i)?.top ?? Number.NaN);
      pos = firstStep(tops, overlay.viewport().top, direction);
    } else {
      pos = stepIndex(pos, direction, nav.length);
    }
    const i = nav[pos];
    this.current = i;
    this.cards.holdThroughScroll();
    this.scrollTo(i);
    overlay.flash([i]);
    this.cards.show(i, null);
    return { index: pos, total: nav.length };
  }

  /** "Show in page": scroll to the first passage (of one source, or any) and flash them all. */
  show(sourceId?: string): { shown: number } {
    const passages = this.passages();
    const indices = this.navigable().filter((i) => sourceId === undefined || passages[i].match.source.id === sourceId);
    if (indices.length === 0) return { shown: 0 };
    this.cards.holdThroughScroll();
    this.scrollTo(indices[0]);
    this.overlay.flash(indices);
    return { shown: indices.length };
  }

  /** Indices of the passages that can be shown (they have boxes: not in a collapsed or hidden part). */
  private navigable(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.passages().length; i++) if (this.overlay.boxesOf(i).length > 0) out.push(i);
    return out;
  }

  private scrollTo(i: number): void {
    const overlay = this.overlay;
    const b = overlay.boundsOf(i);
    if (!b) return;
    const viewport = overlay.viewport();
    const clientTop = b.top - viewport.top;
    const reduce = this.win.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
    try {
      this.win.scrollTo({ top: this.win.scrollY + clientTop - viewport.height * SCROLL_TARGET_SHARE, behavior: reduce ? 'auto' : 'smooth' });
    } catch {
      /* jsdom and very old engines have no scrollTo: the passage still flashes */
    }
  }
}
