/**
 * Per-tab bookkeeping in order. A check answers its content script first and writes the tab's results,
 * badge and cache afterwards; those writes, and everything else that reads or writes a tab's stored results
 * (page-skipped, page-restored, report-highlights, the reset when the tab loads a new document), run one
 * after the other per tab, in the order they were queued, so that a newer check's results are never
 * overwritten by an older one's and highlights are attached to the results they belong to. Tasks never make
 * the queue reject: a failure is logged and the next task runs.
 */

const queues = new Map<number, Promise<void>>();

/**
 * Resolves in a later task (a 0 ms timeout). A message handler's answer is sent from the microtasks that
 * follow its promise resolving; bookkeeping started from microtasks of the same task would run (and
 * serialise its storage writes) before the answer leaves. Waiting for the next task keeps it behind the answer.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs `task` after the tab's earlier tasks; the promise resolves (never rejects) when it has run. */
export function enqueueForTab(tabId: number, task: () => Promise<void> | void): Promise<void> {
  const prev = queues.get(tabId) ?? Promise.resolve();
  const next = prev.then(task).catch((e: unknown) => {
    console.error('WireTrace: tab bookkeeping failed', e);
  });
  queues.set(tabId, next);
  void next.then(() => {
    if (queues.get(tabId) === next) queues.delete(tabId);
  });
  return next;
}

/** Resolves when every task queued for the tab so far has run (for readers of the tab's stored results). */
export function tabSettled(tabId: number): Promise<void> {
  return queues.get(tabId) ?? Promise.resolve();
}
