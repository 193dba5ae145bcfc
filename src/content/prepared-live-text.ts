/**
 * The live text's index taken while the check is out: the page's main thread would only wait for the answer,
 * so the index the answer is mapped onto is built meanwhile, in slices, and dropped if the page changed.
 */
import { indexLiveTextSliced, type LiveText } from './dom-map';
import { ContentSlicer } from './scheduling';

/** A live-text index taken ahead of use, with a watch for changes of the page that would make it stale. */
export interface PreparedLiveText {
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
export function prepareLiveText(doc: Document, scope: Element | null, isCurrent: () => boolean): PreparedLiveText | null {
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
