import { retryDelay } from '@provefy/core';

/** How quickly to restart something that keeps crashing. */
export interface RestartPolicyOptions {
  /** Delay after an isolated crash (default 250 ms). */
  baseDelayMs?: number;
  /** Longest delay (default 30 s). */
  maxDelayMs?: number;
  /** Crashes older than this are forgotten (default 60 s). */
  windowMs?: number;
}

/**
 * Exponential restart backoff over a sliding window: the first crash restarts after `baseDelayMs`, each further
 * crash within `windowMs` doubles the delay up to `maxDelayMs`; a quiet window resets it. Used for the check worker
 * process and for renderer crashes (reload).
 *
 * @example
 * ```ts
 * const policy = new RestartPolicy();
 * policy.recordCrash(Date.now()); // 250
 * policy.recordCrash(Date.now()); // 500
 * ```
 */
export class RestartPolicy {
  readonly #base: number;
  readonly #max: number;
  readonly #window: number;
  #crashes: number[] = [];

  constructor(opts: RestartPolicyOptions = {}) {
    this.#base = opts.baseDelayMs ?? 250;
    this.#max = opts.maxDelayMs ?? 30_000;
    this.#window = opts.windowMs ?? 60_000;
  }

  /** Records a crash at `now` and returns the delay before restarting. */
  recordCrash(now: number): number {
    this.#crashes = this.#crashes.filter((t) => now - t < this.#window);
    this.#crashes.push(now);
    return retryDelay(this.#crashes.length, { baseMs: this.#base, maxDelayMs: this.#max });
  }

  /** Crashes within the window at `now`. */
  recentCrashes(now: number): number {
    return this.#crashes.filter((t) => now - t < this.#window).length;
  }
}
