import { sql } from 'kysely';
import type { StoreContext } from '../context.js';
import type { RateLimitDecision, RateLimitRepository } from '../types.js';

const table = 'provefy_rate_limits' as const;
export const DEFAULT_RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Fixed-window counters: one `INSERT ... ON CONFLICT (bucket, window_start) DO UPDATE SET
 * count = count + 1 RETURNING count` per hit. The database serialises increments of one row,
 * so every hit gets a distinct count and exactly `limit` hits of a window see `count <= limit`,
 * whatever the concurrency and however many instances share the database.
 */
export function rateLimitRepository(ctx: StoreContext): RateLimitRepository {
  return {
    async hit(bucket: string, limit: number, opts = {}): Promise<RateLimitDecision> {
      const windowMs = opts.windowMs ?? DEFAULT_RATE_LIMIT_WINDOW_MS;
      const now = opts.now ?? ctx.now();
      const windowStart = Math.floor(now / windowMs) * windowMs;
      const row = await ctx.db
        .insertInto(table)
        .values({ bucket, window_start: windowStart, count: 1, expires_at: windowStart + 2 * windowMs })
        .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql<number>`${sql.ref(`${table}.count`)} + 1` }))
        .returning('count')
        .executeTakeFirstOrThrow();
      const count = Number(row.count);
      const resetMs = windowStart + windowMs;
      const allowed = count <= limit;
      return {
        allowed,
        limit,
        remaining: Math.max(0, limit - count),
        resetAt: Math.ceil(resetMs / 1000),
        retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((resetMs - now) / 1000)),
      };
    },

    async sweep(before = ctx.now()): Promise<number> {
      const r = await ctx.db.deleteFrom(table).where('expires_at', '<=', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
