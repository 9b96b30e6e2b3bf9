/** An exponential backoff schedule: `baseMs * factor^(attempt-1)`, capped, with relative jitter. */
export interface BackoffSchedule {
  /** Delay before the first retry (required: every caller has its own scale, from milliseconds to minutes). */
  baseMs: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Cap of one delay (default: none). */
  maxDelayMs?: number;
  /** Relative jitter 0..1 (default 0: exact; 0.2 gives ±20 %), so many clients do not retry in lockstep. */
  jitter?: number;
  /** Random source in [0,1) (tests). */
  random?: () => number;
}

/**
 * The delay before retry number `attempt` (1 = after the first failure) on a {@link BackoffSchedule}. Used for
 * in-process retries ({@link retry}) and for retries that are persisted and run later (webhook deliveries, the
 * kiosk's offline queue, process restarts).
 *
 * @example
 * ```ts
 * retryDelay(1, { baseMs: 30_000, maxDelayMs: 3_600_000, jitter: 0.2 }); // 24-36 s
 * retryDelay(3, { baseMs: 250 }); // 1000
 * ```
 */
export function retryDelay(attempt: number, schedule: BackoffSchedule): number {
  const { baseMs, factor = 2, maxDelayMs = Number.POSITIVE_INFINITY, jitter = 0 } = schedule;
  // The exponent is bounded so a huge attempt count cannot overflow to Infinity * 0 = NaN.
  const raw = Math.min(maxDelayMs, baseMs * factor ** Math.min(Math.max(0, attempt - 1), 64));
  if (jitter === 0) return raw;
  const rnd = (schedule.random ?? Math.random)();
  return Math.max(0, Math.round(raw * (1 + jitter * (2 * rnd - 1))));
}

/** Options of {@link retry}. */
export interface RetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` calls). */
  retries: number;
  /** Whether a failure is worth another attempt (default: every failure). Not retried failures are rethrown at once. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Wait between attempts (default: none, retry at once). */
  backoff?: BackoffSchedule;
}

/**
 * Calls `fn` until it succeeds, a failure is not retryable, or the retries are used up (then the last failure is
 * thrown, unchanged). `fn` gets the attempt number (1-based).
 *
 * @example
 * ```ts
 * const saved = await retry(() => store.transaction(write), {
 *   retries: 6,
 *   shouldRetry: (e) => isProvefyError(e, 'PROVEFY_ERR_STORE_CONFLICT'),
 *   backoff: { baseMs: 5, jitter: 1 },
 * });
 * ```
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt > options.retries || !(options.shouldRetry?.(e, attempt) ?? true)) throw e;
      const wait = options.backoff ? retryDelay(attempt, options.backoff) : 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
