/**
 * The background's share of the browser benchmark's timings (src/shared/timings.ts): a timer per check, and
 * the content script's timings as `report-highlights` brings them. In a build without timings the timer is a
 * no-op and page-sent timings are dropped.
 */
import { TIMINGS_ENABLED, type CheckTimings, type PageTimings } from '../shared/timings';
import { isRecord } from './validate';

/** The scan's phases, in order (scan-text.ts). */
export type ScanPhase = 'index' | 'analyze' | 'candidates' | 'records' | 'align';

export interface CheckTimer {
  /**
   * Ends the preparation (settings, size and site checks, generation, results-cache lookup). `loadsIndex`: the
   * scan that follows has to load the index first.
   */
  prepared(loadsIndex?: boolean): void;
  /** Ends a phase of the scan. */
  lap(phase: ScanPhase): void;
  /** A `done` answer, with its `timings` in a build with them; the time since the last phase is its publishing. */
  answer<A extends object>(answer: A): A & { timings?: CheckTimings };
}

/** The timer of a check nobody times (pasted text), and of every check in a build without timings. */
export const NO_TIMER: CheckTimer = {
  prepared: () => undefined,
  lap: () => undefined,
  answer: (answer) => answer,
};

const SCAN_FIELDS = { index: 'indexMs', analyze: 'analyzeMs', candidates: 'candidatesMs', records: 'recordsMs', align: 'alignMs' } as const;

/** A timer started now, when the check arrived (its `workerAgeMs` is the worker's clock then). */
export function startCheckTimer(): CheckTimer {
  if (!TIMINGS_ENABLED) return NO_TIMER;
  const t0 = performance.now();
  let last = t0;
  const since = (): number => {
    const now = performance.now();
    const ms = now - last;
    last = now;
    return ms;
  };
  const t: Omit<CheckTimings, 'publishMs' | 'totalMs'> = {
    cached: true,
    indexLoaded: false,
    workerAgeMs: t0,
    prepareMs: 0,
    indexMs: 0,
    analyzeMs: 0,
    candidatesMs: 0,
    recordsMs: 0,
    alignMs: 0,
  };
  return {
    prepared(loadsIndex = false) {
      t.prepareMs = since();
      t.indexLoaded = loadsIndex;
    },
    lap(phase) {
      t.cached = false;
      t[SCAN_FIELDS[phase]] = since();
    },
    answer(answer) {
      const publishMs = since();
      return { ...answer, timings: { ...t, publishMs, totalMs: last - t0 } };
    },
  };
}

const PAGE_TIMING_FIELDS = ['startAt', 'settingsMs', 'gateMs', 'extractMs', 'checkMs', 'mapMs', 'drawMs', 'totalMs'] as const;
const CHECK_TIMING_FIELDS = ['workerAgeMs', 'prepareMs', 'indexMs', 'analyzeMs', 'candidatesMs', 'recordsMs', 'alignMs', 'publishMs', 'totalMs'] as const;

/**
 * The optional timings of `report-highlights`, or undefined: always in a build without timings; otherwise
 * when anything but finite numbers and the two booleans is found.
 */
export function parsePageTimings(value: unknown): PageTimings | undefined {
  if (!TIMINGS_ENABLED || !isRecord(value) || !isRecord(value.check)) return undefined;
  const check = value.check;
  if (typeof check.cached !== 'boolean' || typeof check.indexLoaded !== 'boolean') return undefined;
  const num = (o: Record<string, unknown>, k: string): number | null => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? o[k] : null);
  const out: Record<string, unknown> = {};
  for (const k of PAGE_TIMING_FIELDS) if ((out[k] = num(value, k)) === null) return undefined;
  const checkOut: Record<string, unknown> = { cached: check.cached, indexLoaded: check.indexLoaded };
  for (const k of CHECK_TIMING_FIELDS) if ((checkOut[k] = num(check, k)) === null) return undefined;
  return { ...out, check: checkOut } as unknown as PageTimings;
}
