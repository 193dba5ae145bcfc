/** Timing, memory and summary statistics for the benchmarks. */

export interface Summary {
  n: number;
  mean: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
}

/** Percentile `q` (0..1) of sorted values, linear interpolation between closest ranks. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    mean: sorted.length ? sum / sorted.length : NaN,
    min: sorted.length ? sorted[0] : NaN,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

export function median(values: ArrayLike<number>): number {
  return summarize(values).p50;
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length ? sum / values.length : NaN;
}

/** Milliseconds elapsed since `start` (a process.hrtime.bigint() value). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Run `fn` once and return how long it took, in ms. */
export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return msSince(start);
}

/**
 * Latency of `fn` on each input, in ms, after one untimed pass over `warmup`. With `repeat` > 1 each input
 * is run that many times in a row and its median kept: for pure functions, this filters out the pauses
 * that have nothing to do with the input (the OS scheduling another process, a GC step).
 */
export function latencies<T>(inputs: readonly T[], fn: (input: T) => unknown, warmup: readonly T[] = inputs, repeat = 1): number[] {
  for (const x of warmup) fn(x);
  const out: number[] = [];
  const runs = new Float64Array(repeat);
  for (const x of inputs) {
    for (let r = 0; r < repeat; r++) {
      const start = process.hrtime.bigint();
      fn(x);
      runs[r] = msSince(start);
    }
    out.push(repeat === 1 ? runs[0] : percentile(runs.slice().sort(), 0.5));
  }
  return out;
}

const gcFn = (globalThis as { gc?: () => void }).gc;

/** True when the process runs with --expose-gc (memory figures are only meaningful then). */
export const canGc = typeof gcFn === 'function';

/** Full garbage collection (a few passes, so that weak and finalised objects go too). */
export function gc(): void {
  if (!gcFn) return;
  for (let i = 0; i < 3; i++) gcFn();
}

export interface MemorySample {
  /** V8 heap in use. */
  heapUsed: number;
  /** Backing stores of ArrayBuffers (typed arrays): outside the V8 heap, not in heapUsed. */
  arrayBuffers: number;
  rss: number;
}

/** Memory after a full GC. */
export function memoryAfterGc(): MemorySample {
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

/** heapUsed + arrayBuffers: what a data structure made of objects and typed arrays occupies. */
export function totalBytes(m: MemorySample): number {
  return m.heapUsed + m.arrayBuffers;
}
