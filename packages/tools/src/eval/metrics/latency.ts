/** Latency summaries shared by `provefy eval` (per item) and `provefy bench` (per call). */

/**
 * The q-quantile (0..1) of a sample by linear interpolation between order statistics (Hyndman-Fan type 7,
 * the default of R and NumPy). NaN for an empty sample.
 *
 * @example
 * ```ts
 * percentile([1, 2, 3, 4], 0.5); // 2.5
 * percentile([10, 20, 30], 0.95); // 29
 * ```
 */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Summary of a set of durations in milliseconds. */
export interface LatencySummary {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/**
 * n, p50, p95, p99, mean and max of durations (ms), rounded to 0.1 ms.
 *
 * @example
 * ```ts
 * summariseLatency([12, 15, 11, 40]); // { n: 4, p50: 13.5, p95: 36.2, p99: 39.2, mean: 19.5, max: 40 } (36.25 and 39.25 rounded)
 * ```
 */
export function summariseLatency(ms: readonly number[]): LatencySummary {
  const r = (x: number) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : Number.NaN);
  const mean = ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : Number.NaN;
  return {
    n: ms.length,
    p50: r(percentile(ms, 0.5)),
    p95: r(percentile(ms, 0.95)),
    p99: r(percentile(ms, 0.99)),
    mean: r(mean),
    max: r(ms.length ? Math.max(...ms) : Number.NaN),
  };
}

/**
 * Runs `fn` and returns its value with the elapsed wall time in ms; a thrown error is returned, not thrown.
 *
 * @example
 * ```ts
 * const { value, error, ms } = await timed(() => estimateAge(img));
 * ```
 */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - t0 };
  } catch (error) {
    return { error, ms: performance.now() - t0 };
  }
}
