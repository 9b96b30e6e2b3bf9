import { retryDelay } from '@provefy/core';
import { stripUndefined } from '../util/strip-undefined.js';

/** Retry schedule of webhook deliveries. */
export interface BackoffOptions {
  /** First retry delay (default 30 s). */
  baseMs?: number;
  /** Growth factor per attempt (default 2). */
  factor?: number;
  /** Cap of one delay (default 1 h). */
  maxDelayMs?: number;
  /** Give up (event becomes `dead`) once the next attempt would be later than createdAt + maxAgeMs (default 24 h). */
  maxAgeMs?: number;
  /** Relative jitter, 0..1 (default 0.2 → ±20 %). */
  jitter?: number;
  /** Hard cap on attempts (default unlimited within maxAgeMs). */
  maxAttempts?: number;
  /** Random source in [0,1) (tests). */
  random?: () => number;
}

export const DEFAULT_BACKOFF: Required<Omit<BackoffOptions, 'random' | 'maxAttempts'>> = {
  baseMs: 30_000,
  factor: 2,
  maxDelayMs: 60 * 60_000,
  maxAgeMs: 24 * 60 * 60_000,
  jitter: 0.2,
};

/**
 * Delay before retry number `attempt` (1 = after the first failure): exponential with a cap and
 * ±jitter, so many failing events don't retry in lockstep.
 *
 * @example
 * backoffDelay(1) // ≈ 30 s (24–36 s)
 * backoffDelay(8) // ≈ 1 h (capped)
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const o = { ...DEFAULT_BACKOFF, ...stripUndefined(opts) };
  return retryDelay(attempt, { baseMs: o.baseMs, factor: o.factor, maxDelayMs: o.maxDelayMs, jitter: o.jitter, ...(opts.random ? { random: opts.random } : {}) });
}

/**
 * When to try again after `attempt` failed attempts, or `null` when the event should be given
 * up (dead): past `maxAgeMs` since creation or beyond `maxAttempts`.
 *
 * @example
 * nextAttemptAt(new Date(created), 3, Date.now()) // Date ≈ now + 2 min, or null after ~24 h
 */
export function nextAttemptAt(createdAt: Date, attempt: number, now: number, opts: BackoffOptions = {}): Date | null {
  const o = { ...DEFAULT_BACKOFF, ...stripUndefined(opts) };
  if (opts.maxAttempts !== undefined && attempt >= opts.maxAttempts) return null;
  const at = now + backoffDelay(attempt, opts);
  if (at > createdAt.getTime() + o.maxAgeMs) return null;
  return new Date(at);
}
