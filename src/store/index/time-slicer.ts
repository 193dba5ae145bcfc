/**
 * Cooperative time slicing for long jobs that run on a page's main thread (the options page imports and
 * rebuilds the index there): work in slices of at most SLICE_MS, then give the event loop a macrotask so
 * clicks, paints and the Cancel button stay responsive. Long tasks (over 50 ms) make a page feel stuck;
 * 30 ms leaves headroom for the one indivisible step (analysing a single long article) that may follow.
 */

/** CPU time a job may take before it yields to the event loop. */
export const SLICE_MS = 30;

interface PostTaskScheduler {
  postTask(callback: () => void, options?: { priority?: 'user-blocking' | 'user-visible' | 'background' }): Promise<void>;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * One macrotask. `scheduler.postTask` (Chrome 94+, Firefox 101+) first: unlike chained `setTimeout`, it is
 * not clamped to 4 ms nor throttled to once a minute in a hidden tab, where a long import keeps running
 * while the reader looks at another tab. `setTimeout` elsewhere (Node, older browsers).
 */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (scheduler && typeof scheduler.postTask === 'function') {
    return scheduler.postTask(() => undefined, { priority: 'user-visible' });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class TimeSlicer {
  private sliceStart = now();

  /** Yields when the current slice is used up. */
  async maybeYield(): Promise<void> {
    if (now() - this.sliceStart < SLICE_MS) return;
    await yieldToEventLoop();
    this.sliceStart = now();
  }

  /** The caller just awaited something that already gave the event loop a turn (an IndexedDB request). */
  yielded(): void {
    this.sliceStart = now();
  }
}
