/**
 * Phase timings of a check, for the browser benchmark (bench/browser) and nothing else. They are built in
 * only when `__WIRETRACE_TIMINGS__` is true (the bench's build, `node scripts/build-extension.mjs --timings`;
 * the unit tests set it too): the timers of src/background/check-timer.ts and src/content/run-timer.ts are
 * no-ops otherwise, no answer carries `timings`, and the background drops any a page sends.
 */

/** True in a build with timings (see the header). */
export const TIMINGS_ENABLED: boolean = typeof __WIRETRACE_TIMINGS__ !== 'undefined' && __WIRETRACE_TIMINGS__ === true;

/**
 * The background's timing of one `check-page` (milliseconds, `performance.now()` differences). Optional and
 * informational: the browser benchmark (bench/browser) reads it; nothing else depends on it (see the header).
 */
export interface CheckTimings {
  /** True when the answer came from the results cache (no scan: the scan phases are 0). */
  cached: boolean;
  /** True when this check loaded the index (worker just started, or the corpus changed). */
  indexLoaded: boolean;
  /** Age of the service worker when the check arrived (`performance.now()` in the worker): small = cold start. */
  workerAgeMs: number;
  /**
   * Settings (kept in memory), size and site checks, generation read and results-cache key side by side,
   * results-cache lookup (in memory; storage.session once per worker).
   */
  prepareMs: number;
  /** getIndex: the snapshot load and parse when `indexLoaded` (the generation was read in prepare); ≈0 otherwise. */
  indexMs: number;
  /** Analysis of the page text. */
  analyzeMs: number;
  /** Candidate selection in the in-memory index. */
  candidatesMs: number;
  /** Reading the candidates' records from IndexedDB. */
  recordsMs: number;
  /** Analysis of the sources (cached per source), alignment and attribution. */
  alignMs: number;
  /**
   * From the scan's end to the answer (building the report, remembering the result in memory). The
   * bookkeeping (the tab's results in storage.session, the badge, the results cache's storage copy) runs after
   * the answer was sent and is in no field here: nobody waits for it.
   */
  publishMs: number;
  /** The whole handler, from message to answer (the bookkeeping after the answer excluded, see publishMs). */
  totalMs: number;
}

/**
 * The content script's timing of one run (milliseconds), sent with `report-highlights` only when the
 * background's answer carried `timings` (a fresh check, not a cached answer). Phases are consecutive: their sum is `totalMs`.
 */
export interface PageTimings {
  /** `performance.now()` of the page (time since navigation start) when the run began; document_idle for the first run. */
  startAt: number;
  /** Settings read (storage.local). */
  settingsMs: number;
  /** The gate: site switch, size cap, isProbablyReaderable. */
  gateMs: number;
  /** Readability on a clone of the document and the page's metadata. */
  extractMs: number;
  /**
   * check-page round trip (the background's own share is in `check.totalMs`). While the check is out the
   * content script takes the re-check baseline and indexes the live page's text; when that outlasts the
   * answer, the rest is counted here.
   */
  checkMs: number;
  /**
   * Mapping the spans onto the live page and building the passages' Ranges (plus indexing the live text again
   * when the page changed while the check was out).
   */
  mapMs: number;
  /** Drawing the boxes in the overlay (until drawn). */
  drawMs: number;
  totalMs: number;
  check: CheckTimings;
}

