import { describe, expect, it } from 'vitest';
import { retryDelay, retry } from './retry.js';

describe('retryDelay', () => {
  it('grows exponentially, is capped, and jitters within ±jitter', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, { baseMs: 250 }))).toEqual([250, 500, 1000, 2000]);
    expect(retryDelay(30, { baseMs: 250, maxDelayMs: 30_000 })).toBe(30_000);
    expect(retryDelay(1e9, { baseMs: 1, maxDelayMs: 10 })).toBe(10);
    expect(retryDelay(1, { baseMs: 1000, jitter: 0.2, random: () => 0 })).toBe(800);
    expect(retryDelay(1, { baseMs: 1000, jitter: 0.2, random: () => 0.999999 })).toBe(1200);
    expect(retryDelay(0, { baseMs: 1000 })).toBe(1000);
  });
});

describe('retry', () => {
  it('retries retryable failures up to the limit, then throws the last one unchanged', async () => {
    const seen: number[] = [];
    const last = new Error('3');
    await expect(
      retry(
        async (n) => {
          seen.push(n);
          throw n === 3 ? last : new Error(String(n));
        },
        { retries: 2 },
      ),
    ).rejects.toBe(last);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops at a failure that is not retryable, and returns the first success', async () => {
    let calls = 0;
    const fatal = new Error('fatal');
    await expect(retry(async () => { calls++; throw fatal; }, { retries: 5, shouldRetry: (e) => e !== fatal })).rejects.toBe(fatal);
    expect(calls).toBe(1);
    expect(await retry(async (n) => { if (n < 3) throw new Error('again'); return n; }, { retries: 5, backoff: { baseMs: 1 } })).toBe(3);
  });
});
