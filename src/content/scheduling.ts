/**
 * Giving the main thread back to the page between chunks of work, and running work in the next frame.
 */

interface Scheduler {
  yield?: () => Promise<void>;
}

/**
 * Lets the page handle input and render before the rest of a long job. `scheduler.yield()` (Chromium) keeps
 * the job's place at the front of the queue; elsewhere a 0 ms timeout does.
 */
export function yieldToMain(): Promise<void> {
  const s = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (s && typeof s.yield === 'function') return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** One frame's time at 60 Hz, for the fallback when a window has no requestAnimationFrame. */
const FRAME_MS = 16;

/** Runs `fn` before the next paint of `win` (a timeout where there is no requestAnimationFrame). */
export function nextFrame(win: Window, fn: () => void): void {
  if (typeof win.requestAnimationFrame === 'function') win.requestAnimationFrame(() => fn());
  else setTimeout(fn, FRAME_MS);
}

/**
 * Work the content script does in one go before it gives the page its main thread back (ms). Less than a
 * frame at 60 Hz, so that the page's own scripts, input and painting still fit into the frame around a slice.
 */
export const CONTENT_SLICE_MS = 12;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Cooperative time slicing for the content script's long jobs (indexing a big page's text): the job asks
 * `due()` every few hundred steps (cheap, synchronous) and awaits `next()` when it is.
 */
export class ContentSlicer {
  private start = now();
  /** How many times the job gave the main thread back (tests and timings). */
  yields = 0;

  constructor(private readonly sliceMs = CONTENT_SLICE_MS) {}

  /** The current slice is used up. */
  due(): boolean {
    return now() - this.start >= this.sliceMs;
  }

  /** Gives the main thread back, then starts a new slice. */
  async next(): Promise<void> {
    await yieldToMain();
    this.yields++;
    this.start = now();
  }
}
