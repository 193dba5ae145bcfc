/**
 * Watching for a new article without re-checking on every mutation: single-page-app navigation (the URL
 * changed without a page load) and articles that grow (infinite scroll, "read more", live blogs).
 *
 * Every signal — the Navigation API's `navigatesuccess` where there is one, `popstate`, `hashchange`, and any DOM
 * mutation — only arms ONE timer; when it fires (RECHECK_DEBOUNCE_MS after the first signal, not re-armed by
 * later ones, so a page that mutates constantly still gets checked), the URL and the body's text length are
 * compared with the baseline of the last check. A signal during the wait is absorbed by it. Re-checks the page
 * causes on the same URL (growth, re-renders) back off exponentially (MAX_RECHECK_DELAY_MS), so that a page
 * that never stops changing is not re-checked without end; a comparison that finds nothing to re-check resets
 * the wait.
 */

/**
 * Wait after the first signal before comparing. SPAs render a new route over a few hundred milliseconds after
 * the URL changes, and a burst of infinite-scroll inserts lasts about as long; 1.5 s lets them settle while the
 * reader still sees highlights soon after the new article appears.
 */
export const RECHECK_DEBOUNCE_MS = 1500;

/**
 * Growth of the body's text, relative to the last check, that counts as "the article grew": 20 %. Smaller
 * changes are comments, ads, live tickers and lazy widgets, and a re-check costs a clone, Readability and a
 * message; a next article appended by infinite scroll or an expanded story adds far more.
 */
export const GROWTH_THRESHOLD = 0.2;

/**
 * Longest wait between two comparisons of the same URL. Each re-check that the page itself caused on the same
 * URL (it grew, or re-rendered the highlighted text) doubles the wait (1.5 s, 3, 6, 12, 24, 48, then 60 s):
 * a page that mutates forever costs one re-check a minute at most, not one per debounce (each is a clone,
 * Readability and perhaps a message). A navigation to another URL starts again from RECHECK_DEBOUNCE_MS.
 */
export const MAX_RECHECK_DELAY_MS = 60_000;

export type WatchEvent = 'navigated' | 'grew' | 'settled';

interface NavigationLike {
  addEventListener(type: 'navigatesuccess', listener: () => void): void;
  removeEventListener(type: 'navigatesuccess', listener: () => void): void;
}

/** Length of the body's text: textContent is native and cheap next to layout-bound innerText. */
export function bodyTextLength(doc: Document): number {
  return doc.body?.textContent?.length ?? 0;
}

export class PageWatcher {
  private href = '';
  private textLength = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private observer: MutationObserver | null = null;
  private running = false;
  /** The current wait: debounceMs, doubled by every `backOff()` on the same URL (MAX_RECHECK_DELAY_MS at most). */
  private delay: number;

  /**
   * `onEvent` is called at most once per RECHECK_DEBOUNCE_MS (less often after `backOff()`): 'navigated' when location.href changed, 'grew'
   * when the body's text grew by more than GROWTH_THRESHOLD, else 'settled' (the page changed a little: a good
   * moment to re-measure highlights).
   */
  constructor(
    private readonly win: Window,
    private readonly onEvent: (event: WatchEvent) => void,
    private readonly debounceMs = RECHECK_DEBOUNCE_MS,
    private readonly maxDelayMs = MAX_RECHECK_DELAY_MS,
  ) {
    this.delay = debounceMs;
  }

  /** The wait before the next comparison (ms). */
  get currentDelay(): number {
    return this.delay;
  }

  /**
   * The page caused a re-check of the same URL (it grew or re-rendered): wait twice as long next time, up to
   * maxDelayMs. Reset by a navigation to another URL.
   */
  backOff(): void {
    this.delay = Math.min(this.delay * 2, Math.max(this.maxDelayMs, this.debounceMs));
  }

  /** The page was found quiet (nothing to re-check): the next change is answered after debounceMs again. */
  resetDelay(): void {
    this.delay = this.debounceMs;
  }

  /** The state the page was checked in; later changes are measured against it. */
  setBaseline(href = this.win.location.href, textLength = bodyTextLength(this.win.document)): void {
    this.href = href;
    this.textLength = textLength;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setBaseline();
    const nav = (this.win as Window & { navigation?: NavigationLike }).navigation;
    nav?.addEventListener('navigatesuccess', this.poke);
    this.win.addEventListener('popstate', this.poke);
    this.win.addEventListener('hashchange', this.poke);
    const MO = (this.win as Window & { MutationObserver?: typeof MutationObserver }).MutationObserver;
    if (typeof MO === 'function') {
      this.observer = new MO(this.poke);
      // Mutations inside the overlay's (closed) shadow root are not reported here: drawing never re-triggers this.
      this.observer.observe(this.win.document.documentElement, { childList: true, subtree: true, characterData: true });
    }
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    const nav = (this.win as Window & { navigation?: NavigationLike }).navigation;
    nav?.removeEventListener('navigatesuccess', this.poke);
    this.win.removeEventListener('popstate', this.poke);
    this.win.removeEventListener('hashchange', this.poke);
    this.observer?.disconnect();
    this.observer = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A signal: arms the timer unless it is armed already. O(1), so it can run on every mutation batch. */
  private readonly poke = (): void => {
    if (!this.running || this.timer !== null) return;
    this.timer = setTimeout(this.compare, this.delay);
  };

  private readonly compare = (): void => {
    this.timer = null;
    if (!this.running) return;
    const href = this.win.location.href;
    const length = bodyTextLength(this.win.document);
    if (href !== this.href) {
      this.setBaseline(href, length);
      this.delay = this.debounceMs;
      this.onEvent('navigated');
    } else if (length > this.textLength * (1 + GROWTH_THRESHOLD)) {
      this.setBaseline(href, length);
      this.backOff();
      this.onEvent('grew');
    } else {
      this.onEvent('settled');
    }
  };
}
