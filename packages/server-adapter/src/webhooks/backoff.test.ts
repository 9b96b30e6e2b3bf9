import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, nextAttemptAt } from './backoff.js';

const half = () => 0.5; // no jitter: 2 * 0.5 - 1 = 0

describe('webhook backoff', () => {
  it('grows exponentially from 30 s and is capped at 1 h by default', () => {
    expect(backoffDelay(1, { random: half })).toBe(30_000);
    expect(backoffDelay(3, { random: half })).toBe(120_000);
    expect(backoffDelay(20, { random: half })).toBe(DEFAULT_BACKOFF.maxDelayMs);
  });

  it('options set to undefined keep their defaults (a delay is never NaN, an event never retries for ever)', () => {
    // As a config object passes them through: { baseMs: cfg.baseMs, maxAgeMs: cfg.maxAgeMs } with nothing set.
    const unset = { baseMs: undefined, factor: undefined, maxDelayMs: undefined, maxAgeMs: undefined, jitter: undefined, random: half };
    expect(backoffDelay(1, unset)).toBe(30_000);
    const created = new Date(0);
    expect(nextAttemptAt(created, 1, 60_000, unset)?.getTime()).toBe(90_000);
    // Past createdAt + 24 h the event is given up (dead), as with no options at all.
    const late = DEFAULT_BACKOFF.maxAgeMs - 1_000;
    expect(nextAttemptAt(created, 10, late, unset)).toBeNull();
    expect(nextAttemptAt(created, 10, late, { random: half })).toBeNull();
  });
});
