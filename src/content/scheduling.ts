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
