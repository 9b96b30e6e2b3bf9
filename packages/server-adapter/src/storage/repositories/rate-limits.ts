import { sql } from 'kysely';
import type { StoreContext } from '../context.js';
import { runPrepared } from '../prepared-query.js';
import { CoalescedStatements, sharesStatements } from '../coalesced-statements.js';
import type { RateLimitDecision, RateLimitRepository } from '../types.js';

const table = 'provefy_rate_limits' as const;
export const DEFAULT_RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Sliding-window counters ("sliding window counter" approximation): each window of `windowMs` has one row; a hit counts
 * `current + ceil(previous × share of the previous window still inside the sliding window)` against the limit, so a
 * burst at the end of one window and another at the start of the next cannot pass twice the limit (a fixed window lets
 * 2× through across the boundary).
 *
 * One statement per hit: `INSERT … ON CONFLICT (bucket, window_start) DO UPDATE SET count = count + n RETURNING count,
 * (SELECT count FROM … previous window)`. The database serialises increments of one row, so every hit gets a distinct
 * count and of 2N concurrent hits with room for N exactly N pass, however many instances share the database. On
 * PostgreSQL, hits of one bucket that arrive while its statement is running share the next one (`n` of them, each
 * given the count its own +1 made: `CoalescedStatements`), so under load most requests make one round trip, not two.
 * Refused hits count too (a client hammering past its limit stays limited until it slows down).
 *
 * On PostgreSQL a hit outside a transaction commits asynchronously (`set_config('synchronous_commit', 'off', true)`
 * in the statement, for its own transaction only): the increment is visible to every other connection and instance
 * as soon as it commits, exactly as before, but the commit does not wait for the WAL to reach the disk (the WAL writer
 * flushes it within ~0.6 s). Without it every request paid one `fdatasync` for its counter. What a database crash can
 * lose is the last fraction of a second of counts: requests in that moment may be counted once less, never refused
 * wrongly. Session writes and everything else still commit synchronously.
 */
/** The counter a hit adds to: a bucket's window. */
interface HitWindow {
  readonly bucket: string;
  readonly windowStart: number;
  readonly windowMs: number;
}

export function rateLimitRepository(ctx: StoreContext): RateLimitRepository {
  /** Adds `n` hits to the bucket's current window in one statement: its new count and the previous window's. */
  const addHits = async (bucket: string, windowStart: number, windowMs: number, n: number, asyncCommit: boolean) => {
    const [row] = await runPrepared(
      ctx.db,
      ctx.preparedQueries,
      asyncCommit ? 'rateLimits.hit:asyncCommit' : 'rateLimits.hit',
      (db, p) =>
        db
          .insertInto(table)
          .values({ bucket: p(0), window_start: p(1), count: p(5), expires_at: p(2) })
          .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql<number>`${sql.ref(`${table}.count`)} + excluded.count` }))
          .returning([
            'count',
            sql<number | null>`(select p.count from ${sql.table(table)} as p where p.bucket = ${p(3)} and p.window_start = ${p(4)})`.as('previous'),
            ...(asyncCommit ? [sql<string>`set_config('synchronous_commit', 'off', true)`.as('async_commit')] : []),
          ]),
      [bucket, windowStart, windowStart + 2 * windowMs, bucket, windowStart - windowMs, n],
    );
    if (!row) throw new Error('The rate-limit counter returned no row');
    return { count: Number(row.count), previous: Number(row.previous ?? 0) };
  };
  // PostgreSQL outside a transaction: concurrent hits of one bucket and window share a statement; each gets the count
  // its own +1 made, in arrival order.
  const coalesced = new CoalescedStatements<HitWindow, { count: number; previous: number }>(async (_key, hits) => {
    const { bucket, windowStart, windowMs } = hits[0]!; // one lane: the same bucket and window for all
    const { count, previous } = await addHits(bucket, windowStart, windowMs, hits.length, true);
    const first = count - hits.length;
    return hits.map((_, i) => ({ count: first + i + 1, previous }));
  });
  return {
    async hit(bucket: string, limit: number, opts = {}): Promise<RateLimitDecision> {
      const windowMs = opts.windowMs ?? DEFAULT_RATE_LIMIT_WINDOW_MS;
      const now = opts.now ?? ctx.now();
      const windowStart = Math.floor(now / windowMs) * windowMs;
      // PostgreSQL, outside a caller's transaction: the hit's own transaction commits asynchronously (below).
      const { count, previous } = sharesStatements(ctx)
        ? await coalesced.submit(`${windowMs}:${windowStart}:${bucket}`, { bucket, windowStart, windowMs })
        : await addHits(bucket, windowStart, windowMs, 1, false);
      return slidingDecision(count, previous, limit, now, windowStart, windowMs);
    },

    async sweep(before = ctx.now()): Promise<number> {
      const r = await ctx.db.deleteFrom(table).where('expires_at', '<=', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

/**
 * The decision for a hit that made the current window's count `count`, with `previous` hits in the window before.
 *
 * @example
 * slidingDecision(1, 100, 100, 60_750, 60_000, 60_000).allowed // false: 99 of the previous 100 still weigh
 */
export function slidingDecision(count: number, previous: number, limit: number, now: number, windowStart: number, windowMs: number): RateLimitDecision {
  const elapsed = (now - windowStart) / windowMs;
  const used = count + Math.ceil(previous * (1 - elapsed) - 1e-9);
  const allowed = used <= limit;
  const resetMs = windowStart + windowMs;
  return {
    allowed,
    limit,
    remaining: Math.max(0, limit - used),
    resetAt: Math.ceil(resetMs / 1000),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(retryAfterMs(count, previous, limit, now, windowStart, windowMs) / 1000)),
  };
}

/** Milliseconds until one more hit would pass, assuming no other hits meanwhile. */
function retryAfterMs(count: number, previous: number, limit: number, now: number, windowStart: number, windowMs: number): number {
  // Later in this window: the next hit makes count + 1; it passes once previous × (1 − e) ≤ limit − count − 1.
  const room = limit - count - 1;
  if (room >= 0 && previous > 0) {
    const e = 1 - room / previous;
    return Math.max(0, windowStart + e * windowMs - now);
  }
  // In the next window this window's `count` is the previous one; the hit passes once count × (1 − e) ≤ limit − 1.
  const e = count > 0 ? Math.max(0, 1 - (limit - 1) / count) : 0;
  return windowStart + windowMs + e * windowMs - now;
}
