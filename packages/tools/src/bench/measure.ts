import { type LatencySummary, summariseLatency } from '../eval/metrics/latency.js';

/** How long and how often to measure one function. */
export interface MeasureOptions {
  /** Calls before measuring (default 3). */
  readonly warmup?: number;
  /** Measured calls at most (default 30). */
  readonly iterations?: number;
  /** Stop measuring after this many seconds, whatever the count (default 15; at least 3 calls are made). */
  readonly maxSeconds?: number;
}

/** Latency of sequential calls after warm-up, and the duration of the very first call. */
export interface LatencyMeasurement {
  /** The first call (lazy model loads, caches) in ms. */
  readonly firstCallMs: number;
  readonly latencyMs: LatencySummary;
}

/**
 * Calls `fn` sequentially: once cold, `warmup` more times, then up to `iterations` measured times within
 * `maxSeconds`; returns the cold time and the percentiles. `fn` gets the call index (to build fresh inputs).
 *
 * @example
 * ```ts
 * const m = await measureLatency(() => estimateAge(Buffer.from(bytes)), { iterations: 20 });
 * m.latencyMs.p95;
 * ```
 */
export async function measureLatency(fn: (i: number) => Promise<unknown>, opts: MeasureOptions = {}): Promise<LatencyMeasurement> {
  const warmup = opts.warmup ?? 3;
  const iterations = opts.iterations ?? 30;
  const maxMs = (opts.maxSeconds ?? 15) * 1000;
  let i = 0;
  const t0 = performance.now();
  await fn(i++);
  const firstCallMs = performance.now() - t0;
  for (let k = 0; k < warmup; k++) await fn(i++);
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < iterations && (samples.length < 3 || performance.now() - start < maxMs)) {
    const s = performance.now();
    await fn(i++);
    samples.push(performance.now() - s);
  }
  return { firstCallMs: Math.round(firstCallMs * 10) / 10, latencyMs: summariseLatency(samples) };
}

/** Completed calls per second with `concurrency` calls in flight. */
export interface ThroughputMeasurement {
  readonly concurrency: number;
  readonly calls: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/**
 * Throughput with `concurrency` workers, each calling `fn` in a loop, for about `seconds` (at least
 * `minCalls` calls in total); in-flight calls are awaited and counted.
 *
 * @example
 * ```ts
 * const t = await measureThroughput(() => matchFaces(a(), b()), 4, 5);
 * t.perSecond;
 * ```
 */
export async function measureThroughput(fn: (i: number) => Promise<unknown>, concurrency: number, seconds: number, minCalls = concurrency * 2): Promise<ThroughputMeasurement> {
  let calls = 0;
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline || next < minCalls) {
      await fn(next++);
      calls++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  return { concurrency, calls, seconds: Math.round(elapsed * 100) / 100, perSecond: Math.round((calls / elapsed) * 100) / 100 };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}
