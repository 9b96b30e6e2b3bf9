/**
 * Rate limits on both dialects: exact under concurrency, shared across instances on one database.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type KyselyStore, createRateLimiter, rateLimitHeaders } from '../../src/index.js';
import { RATE_LIMIT_LEASE } from '../../src/storage/repositories/rate-limits.js';
import { type TestDatabase, targets } from './targets.js';

for (const target of targets) {
  target.describe(`rate limits on ${target.name}`, () => {
    let db: TestDatabase;
    let a: KyselyStore;
    let b: KyselyStore;
    beforeAll(async () => {
      db = target.database();
      a = await db.open();
      b = await db.open(); // a second "instance" on the same database
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it('200 concurrent hits on one key with limit 100: exactly 100 allowed', async () => {
      const now = Date.now();
      // Pin the clock inside one window so the assertion cannot straddle a minute boundary.
      const results = await Promise.all(Array.from({ length: 200 }, () => a.rateLimits.hit('key:one', 100, { now })));
      expect(results.filter((r) => r.allowed)).toHaveLength(100);
      const remaining = results.map((r) => r.remaining).sort((x, y) => x - y);
      expect(remaining.filter((r) => r === 0)).toHaveLength(101); // the 100th and all refused
      expect(new Set(remaining.filter((r) => r > 0)).size).toBe(99); // 99..1 each exactly once
      const refused = results.find((r) => !r.allowed)!;
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(rateLimitHeaders(refused)['retry-after']).toBe(String(refused.retryAfterSeconds));
    });

    it('two instances sharing the database share the counter: 2 x 100 concurrent, limit 100 -> exactly 100', async () => {
      const now = Date.now();
      const results = await Promise.all([
        ...Array.from({ length: 100 }, () => a.rateLimits.hit('key:shared', 100, { now })),
        ...Array.from({ length: 100 }, () => b.rateLimits.hit('key:shared', 100, { now })),
      ]);
      expect(results.filter((r) => r.allowed)).toHaveLength(100);
    });

    it('a large limit leases counts: each hit still gets its own count, and the counter moves in blocks', async () => {
      const limit = 1_000_000;
      const windowMs = 3_600_000;
      const now = Math.floor(Date.now() / windowMs) * windowMs + 1000;
      const remaining: number[] = [];
      for (let i = 0; i < 300; i++) {
        const d = await a.rateLimits.hit('key:lease', limit, { now, windowMs });
        expect(d.allowed).toBe(true);
        remaining.push(d.remaining);
      }
      // Counts 1..300 in order, whether they came from a statement or from a lease.
      expect(remaining).toEqual(Array.from({ length: 300 }, (_, i) => limit - i - 1));
      // Another instance's first hit makes a statement and sees every count taken so far, leased ones included.
      const seenByB = limit - (await b.rateLimits.hit('key:lease', limit, { now, windowMs })).remaining - 1;
      expect(seenByB).toBeGreaterThan(300); // `a` holds leased counts it has not used yet
      expect(seenByB).toBeLessThanOrEqual(300 + RATE_LIMIT_LEASE.maxCounts);
    });

    it('leases never let more than the limit through: two instances, 5,000 hits in waves against a limit of 4,000', async () => {
      const limit = 4000;
      const windowMs = 3_600_000;
      const now = Math.floor(Date.now() / windowMs) * windowMs + 2000;
      const results = [];
      for (let wave = 0; wave < 50; wave++) {
        results.push(...(await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).rateLimits.hit('key:lease-edge', limit, { now, windowMs })))));
      }
      const allowed = results.filter((r) => r.allowed);
      expect(allowed.length).toBeLessThanOrEqual(limit);
      // Counts leased by one instance and left unused there are the only ones lost: at most one lease per instance.
      expect(allowed.length).toBeGreaterThanOrEqual(limit - 2 * Math.floor(limit * RATE_LIMIT_LEASE.share));
      expect(new Set(allowed.map((r) => r.remaining)).size).toBe(allowed.length); // every allowed hit had its own count
    });

    it('the limiter gives contract headers and resets in the next window', async () => {
      const windowMs = 60_000;
      const t0 = Math.floor(Date.now() / windowMs) * windowMs + 1000;
      const d1 = await a.rateLimits.hit('key:win', 2, { now: t0, windowMs });
      await a.rateLimits.hit('key:win', 2, { now: t0, windowMs });
      const d3 = await a.rateLimits.hit('key:win', 2, { now: t0, windowMs });
      expect([d1.allowed, d3.allowed]).toEqual([true, false]);
      expect(rateLimitHeaders(d1)).toEqual({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': String((t0 - 1000 + windowMs) / 1000) });
      // A full window later the three hits of t0 have slid out.
      expect((await a.rateLimits.hit('key:win', 2, { now: t0 + 2 * windowMs, windowMs })).allowed).toBe(true);
      const limiter = createRateLimiter(b);
      const d = await limiter.consume('some-key-id', 100);
      expect(d).toMatchObject({ allowed: true, limit: 100, remaining: 99 });
      expect(await a.rateLimits.sweep(t0 + 10 * windowMs)).toBeGreaterThanOrEqual(2);
    });

    it('holds at a window boundary: 100 at the end of one minute leave room for ~1, not 100, at the start of the next', async () => {
      const windowMs = 60_000;
      const boundary = (Math.floor(Date.now() / windowMs) + 1) * windowMs;
      const before = await Promise.all(Array.from({ length: 100 }, () => a.rateLimits.hit('key:edge', 100, { now: boundary - 700, windowMs })));
      expect(before.filter((r) => r.allowed)).toHaveLength(100);
      // 1.5 s in all, on two instances: a fixed window let another 100 through here.
      const after = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).rateLimits.hit('key:edge', 100, { now: boundary + 800, windowMs })));
      const passed = after.filter((r) => r.allowed).length;
      expect(passed).toBe(1); // 100 × (1 − 0.8/60) = 98.7 -> 99 still weigh
      // The last hit counted (200 in all) must wait until the first burst's weight has decayed and there is room.
      const wait = Math.max(...after.map((r) => r.retryAfterSeconds));
      expect(wait).toBeGreaterThan(30);
      expect(wait).toBeLessThanOrEqual(120);
      const later = await a.rateLimits.hit('key:edge', 100, { now: boundary + 30_000, windowMs });
      // 100 in the window now plus 100 × 0.5 before: still refused.
      expect(later.allowed).toBe(false);
      const muchLater = await a.rateLimits.hit('key:edge', 100, { now: boundary + 2 * windowMs + 10, windowMs });
      expect(muchLater).toMatchObject({ allowed: true });
    });

    it('Retry-After is honest: waiting that long lets the next request through', async () => {
      const windowMs = 60_000;
      const t0 = Math.floor(Date.now() / windowMs) * windowMs + 5_000;
      for (let i = 0; i < 10; i++) await a.rateLimits.hit('key:retry', 10, { now: t0, windowMs });
      const refused = await a.rateLimits.hit('key:retry', 10, { now: t0 + 1000, windowMs });
      expect(refused.allowed).toBe(false);
      const retry = await a.rateLimits.hit('key:retry', 10, { now: t0 + 1000 + refused.retryAfterSeconds * 1000, windowMs });
      expect(retry.allowed).toBe(true);
    });
  });
}
