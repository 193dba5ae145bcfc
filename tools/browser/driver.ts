/**
 * What the Chromium and the Firefox drivers share: asking the extension's background about tabs and the
 * corpus (from an extension page: messages from there carry the extension's origin), and waiting for a
 * tab's final results. `P` is the automation library's page (playwright-core or puppeteer-core).
 */
import type { CorpusStatus, TabResults } from '../../src/shared/messages';

export interface TabResultsWait {
  /** Default 30 s. */
  timeoutMs?: number;
  /** When the results count as final (default: a status other than 'checking'). */
  until?: (r: TabResults) => boolean;
}

export interface ExtensionDriver<P> {
  extensionId: string;
  /** Opens an extension page (path relative to the extension root) in a new tab. */
  openExtensionPage(path: string): Promise<P>;
  /** The background's `tab-results` answer for a tab, asked from an extension page. */
  tabResults(tabId: number): Promise<TabResults | null>;
  /** Waits until the tab's results are final (see TabResultsWait), then returns them. */
  waitForTabResults(tabId: number, opts?: TabResultsWait): Promise<TabResults>;
  /** The background's `corpus-status` answer. */
  corpusStatus(): Promise<CorpusStatus>;
  /** The extension's tab id for a page (brings it to the front: the extension has no `tabs` permission to read URLs). */
  tabIdOf(page: P): Promise<number>;
  badgeText(tabId: number): Promise<string>;
  close(): Promise<void>;
}

/** Asks `tabResults` every 250 ms until the answer is final; fails with the last answer at the timeout. */
export async function pollTabResults(tabResults: (tabId: number) => Promise<TabResults | null>, tabId: number, opts: TabResultsWait = {}): Promise<TabResults> {
  const until = opts.until ?? ((r: TabResults) => r.status !== 'checking');
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let last: TabResults | null = null;
  for (;;) {
    last = await tabResults(tabId).catch(() => null);
    if (last && until(last)) return last;
    if (Date.now() > deadline) throw new Error(`tab ${tabId}: no final results within ${timeoutMs} ms; last: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
