/**
 * The content script's share of the browser benchmark's timings (src/shared/timings.ts): consecutive phases of
 * one run on the page's clock (`performance.now()`: time since navigation start). A no-op in a build without
 * timings.
 */
import { TIMINGS_ENABLED, type CheckTimings, type PageTimings } from '../shared/timings';

export type RunPhase = 'settings' | 'gate' | 'extract' | 'check' | 'map' | 'draw';

export interface RunTimer {
  /** Ends a phase (they are consecutive: each one since the previous one's end, or the run's start). */
  lap(phase: RunPhase): void;
  /** The background's timing of this run's check (only a fresh check has one). */
  checked(check: CheckTimings | undefined): void;
  /** The run's timings once it is drawn: only for a run whose check was timed, and every phase lapped. */
  timings(): PageTimings | undefined;
}

const NO_TIMER: RunTimer = { lap: () => undefined, checked: () => undefined, timings: () => undefined };

const FIELDS = { settings: 'settingsMs', gate: 'gateMs', extract: 'extractMs', check: 'checkMs', map: 'mapMs', draw: 'drawMs' } as const;

export function startRunTimer(win: Window): RunTimer {
  if (!TIMINGS_ENABLED) return NO_TIMER;
  const now = (): number => win.performance?.now() ?? Date.now();
  const startAt = now();
  let last = startAt;
  let check: CheckTimings | undefined;
  const phases: Partial<Record<(typeof FIELDS)[RunPhase], number>> = {};
  return {
    lap(phase) {
      const t = now();
      phases[FIELDS[phase]] = t - last;
      last = t;
    },
    checked(c) {
      check = c;
    },
    timings() {
      const { settingsMs, gateMs, extractMs, checkMs, mapMs, drawMs } = phases;
      if (!check || settingsMs === undefined || gateMs === undefined || extractMs === undefined) return undefined;
      if (checkMs === undefined || mapMs === undefined || drawMs === undefined) return undefined;
      return { startAt, settingsMs, gateMs, extractMs, checkMs, mapMs, drawMs, totalMs: last - startAt, check };
    },
  };
}
