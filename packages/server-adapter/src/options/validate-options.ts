import { ProvefyError } from '@provefy/core';

/** The longest delay a Node timer takes (a larger one fires after 1 ms, with only a warning). */
const MAX_TIMER_MS = 2_147_483_647;

/** One numeric option: its path in the options, its lower bound and its upper bound (2^31 - 1 ms for a timer). */
type NumericRule = readonly [path: string, min: number, max?: number];

const RULES: readonly NumericRule[] = [
  ['apiKeyCacheTtlMs', 0],
  ['sessionTtlMs', 1, MAX_TIMER_MS],
  ['limits.jsonBytes', 1],
  ['limits.maxBodyBytes', 1],
  ['limits.maxImageBytes', 1],
  ['limits.maxFiles', 1],
  ['limits.maxRequestPixels', 1],
  ['rateLimit.windowMs', 1, MAX_TIMER_MS],
  ['rateLimit.flowPerMinute', 1],
  ['rateLimit.adminPerMinute', 1],
  ['rateLimit.anonymousPerMinute', 1],
  ['workQueue.concurrency', 1],
  ['workQueue.maxQueued', 0],
  ['workQueue.maxWaitMs', 0, MAX_TIMER_MS],
  ['workQueue.maxQueuedPerOwner', 0],
  ['imageRetentionMs', 0],
  ['sweepIntervalMs', 0, MAX_TIMER_MS],
  ['sessionRetentionMs', 0],
  ['webhooks.concurrency', 1],
  ['webhooks.pollIntervalMs', 1, MAX_TIMER_MS],
  ['webhooks.timeoutMs', 1, MAX_TIMER_MS],
  ['webhooks.leaseMs', 1, MAX_TIMER_MS],
  ['webhooks.maxResponseBytes', 0],
  ['webhooks.backoff.baseMs', 0, MAX_TIMER_MS],
  ['webhooks.backoff.factor', 1],
  ['webhooks.backoff.maxDelayMs', 0, MAX_TIMER_MS],
  ['webhooks.backoff.maxAgeMs', 0],
  ['webhooks.backoff.jitter', 0, 1],
  ['webhooks.backoff.maxAttempts', 1],
];

function at(options: object, path: string): unknown {
  let v: unknown = options;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * Checks the numeric options of `createProvefy` (its `ProvefyOptions`, taken as a plain object so this file needs
 * nothing of it) before anything starts: each one given must be a number at least
 * its lower bound (NaN, a string, a negative lifetime are refused), and a delay that feeds a timer at most 2^31 - 1
 * ms (Node fires a larger one after 1 ms). An option left out or `undefined` takes its default. Throws
 * `PROVEFY_ERR_CONFIG` naming the option, instead of a server that expires every session at once or polls in a loop.
 *
 * @example
 * ```ts
 * validateProvefyOptions({ sweepIntervalMs: Number.NaN }); // throws PROVEFY_ERR_CONFIG: sweepIntervalMs must be ...
 * ```
 */
export function validateProvefyOptions(options: object): void {
  for (const [path, min, max = Number.POSITIVE_INFINITY] of RULES) {
    const v = at(options, path);
    if (v === undefined) continue;
    if (typeof v !== 'number' || Number.isNaN(v) || v < min || v > max) {
      const range = max === Number.POSITIVE_INFINITY ? `a number >= ${min}` : `a number from ${min} to ${max}`;
      throw new ProvefyError('PROVEFY_ERR_CONFIG', `createProvefy: ${path} must be ${range}, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`, { option: path });
    }
  }
}
