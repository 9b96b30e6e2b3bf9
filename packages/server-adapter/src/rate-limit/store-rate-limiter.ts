import type { RateLimitDecision, Store } from '../storage/types.js';

export interface RateLimiterOptions {
  /** Window length (default 60 000 ms: limits are "per minute"). */
  windowMs?: number;
}

export interface RateLimiter {
  /** Counts one request of `apiKeyId` against `limit` per window. */
  consume(apiKeyId: string, limit: number): Promise<RateLimitDecision>;
}

/**
 * Per-key rate limiter backed by the store's atomic counters: exact under concurrency and
 * shared by every instance using the same database (one-minute sliding windows).
 *
 * @example
 * const limiter = createRateLimiter(store);
 * const d = await limiter.consume(apiKey.id, apiKey.rateLimitPerMinute);
 * for (const [k, v] of Object.entries(rateLimitHeaders(d))) res.setHeader(k, v);
 * if (!d.allowed) return res.status(429).json({ error: 'Rate limit exceeded' });
 */
export function createRateLimiter(store: Store, options: RateLimiterOptions = {}): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  return {
    consume(apiKeyId, limit) {
      return store.rateLimits.hit(`key:${apiKeyId}`, limit, { windowMs });
    },
  };
}

/**
 * The contract's headers for a decision (`X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`, plus
 * `Retry-After` when refused): the one implementation, shared with the `rateLimit` middleware.
 */
export { rateLimitHeaders } from '../middleware/rate-limit/rate-limit.js';
