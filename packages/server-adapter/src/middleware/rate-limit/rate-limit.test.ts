import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Context, compose } from '../../http/context.js';
import { HttpError, errorResponse } from '../../http/http-error.js';
import type { KyselyStore } from '../../storage/create-store.js';
import { type TestDatabase, targets } from '../../../test/storage/targets.js';
import { rateLimit, rateLimitHeaders } from './rate-limit.js';

let db: TestDatabase;
let store: KyselyStore;
beforeAll(async () => {
  db = targets[0]!.database();
  store = await db.open();
});
afterAll(() => db.cleanup());

async function hit(bucket: string, limit: number) {
  const ctx = new Context(new Request('http://localhost/api/v1/verify'));
  const mw = rateLimit({ limiter: store.rateLimits, identify: async () => ({ bucket, limit }), windowMs: 3_600_000 });
  let res: Response;
  try {
    res = await compose([mw], ctx, async () => new Response('{}', { status: 200 }));
  } catch (e) {
    res = errorResponse(e);
  }
  return { res, headers: ctx.responseHeaders };
}

describe('rateLimit', () => {
  it('counts per bucket, sets the contract headers, refuses past the limit with 429 and Retry-After', async () => {
    const first = await hit('test:a', 3);
    expect(first.res.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    await hit('test:a', 3);
    await hit('test:a', 3);
    const refused = await hit('test:a', 3);
    expect(refused.res.status).toBe(429);
    expect((await refused.res.json()).error).toMatch(/Rate limit exceeded/);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await hit('test:b', 3)).res.status).toBe(200);
  });

  it('is exact under concurrency: 40 concurrent hits with limit 20 let exactly 20 through', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => hit('test:burst', 20)));
    expect(results.filter((r) => r.res.status === 200)).toHaveLength(20);
  });

  it('headers of a refused decision include Retry-After', () => {
    expect(rateLimitHeaders({ allowed: false, limit: 1, remaining: 0, resetAt: 1_700_000_000, retryAfterSeconds: 12 })['retry-after']).toBe('12');
    expect(new HttpError('PROVEFY_ERR_RATE_LIMITED').status).toBe(429);
  });
});
