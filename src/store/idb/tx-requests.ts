/**
 * Helpers for write transactions that may fail halfway. When a transaction aborts, every request already
 * issued rejects; if the code threw before awaiting them all (a synchronous throw from `add`, a check
 * that failed), those rejections would surface as unhandled. Requests go through `Requests.add`, which
 * observes each one at once; `Requests.all` still rejects with the first failure.
 */

export class Requests {
  private readonly list: Promise<unknown>[] = [];

  add<T>(request: Promise<T>): Promise<T> {
    request.catch(() => undefined);
    this.list.push(request);
    return request;
  }

  all(): Promise<unknown[]> {
    return Promise.all(this.list);
  }
}

/** A transaction's `done`, observed so that an abort is only reported where it is awaited. */
export function observedDone(tx: { done: Promise<void> }): Promise<void> {
  const done = tx.done;
  done.catch(() => undefined);
  return done;
}

/**
 * Aborts the transaction unless it already ended, waits for it, and returns the error to report: the
 * transaction's own error when the browser aborted it (a quota failure surfaces on the transaction, while
 * its requests only say AbortError), else the error that was caught.
 */
export async function abandon(tx: { abort(): void; error: DOMException | null }, done: Promise<void>, caught: unknown): Promise<unknown> {
  try {
    tx.abort();
  } catch {
    // already committed or aborted
  }
  await done.catch(() => undefined);
  return tx.error ?? caught;
}
