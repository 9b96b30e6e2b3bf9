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
 *
 * **Leases.** A bucket whose limit is large (≥ `RATE_LIMIT_LEASE.minLimit`) and far from reached takes a few counts at
 * once: the statement adds `n + lease` instead of `n`, and the instance hands out the extra counts to its next hits
 * without a statement (each still a distinct count of the shared counter, so the limit is never exceeded, across any
 * number of instances). A lease is at most `limit / 1000` counts (≤ 64), is taken only while the window's count is
 * under half the limit, ends with its window and is never taken inside a caller's transaction. What it can cost: counts
 * leased by one instance and not used there are counted as used, so near the limit other instances may be refused up
 * to `64 × instances` hits early (0.1 % of the limit per instance at most). A key limited to 1,000,000 a minute then
 * makes one counter statement per 64 requests instead of one per request.
 */
/** The counter a hit adds to: a bucket's window. */
interface HitWindow {
  readonly bucket: string;
  readonly windowStart: number;
  readonly windowMs: number;
  readonly limit: number;
}

/** When a bucket takes a lease (see above). */
export const RATE_LIMIT_LEASE = {
  /** Smallest limit that leases. */
  minLimit: 1000,
  /** Largest lease, and the share of the limit one lease may be. */
  maxCounts: 64,
  share: 1 / 1000,
} as const;

/** A leasing bucket's current window in this instance: its counts as last seen, and the counts leased here. */
interface Lane {
  readonly windowStart: number;
  readonly windowMs: number;
  seen: { count: number; previous: number } | undefined;
  lease: Lease | undefined;
  /** A statement taking a lease is running: concurrent hits take none (a second lease would replace the first). */
  leasing: boolean;
}

/** Counts this instance holds in one bucket's window: `next`..`last`, each handed to one hit. */
interface Lease {
  next: number;
  last: number;
  /** The previous window's count, as the leasing statement read it. */
  readonly previous: number;
}

/** How many extra counts a statement should take, given the window's count as last seen (0: none). */
function leaseSize(limit: number, seen: { count: number; previous: number } | undefined): number {
  if (!seen || limit < RATE_LIMIT_LEASE.minLimit) return 0;
  const size = Math.min(RATE_LIMIT_LEASE.maxCounts, Math.floor(limit * RATE_LIMIT_LEASE.share));
  return seen.count + seen.previous + size <= limit / 2 ? size : 0;
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
  // Buckets that may lease (limit ≥ RATE_LIMIT_LEASE.minLimit), per window length and bucket: the current window's
  // counts as last seen and the counts leased to this instance. Small limits never get an entry.
  const lanes = new Map<string, Lane>();
  const laneOf = (w: HitWindow, now: number): Lane | undefined => {
    if (w.limit < RATE_LIMIT_LEASE.minLimit) return undefined;
    const key = `${w.windowMs}:${w.bucket}`;
    let lane = lanes.get(key);
    if (!lane || lane.windowStart !== w.windowStart) {
      if (lane && lane.windowStart > w.windowStart) return undefined; // a hit dated in an earlier window: no lease
      if (lanes.size >= 1000) for (const [k, l] of lanes) if (l.windowStart + l.windowMs <= now) lanes.delete(k);
      lane = { windowStart: w.windowStart, windowMs: w.windowMs, seen: undefined, lease: undefined, leasing: false };
      lanes.set(key, lane);
    }
    return lane;
  };
  /**
   * Counts for `n` hits: first from the lane's lease (hits that queued for a statement while another one took it), then
   * one counter statement for the rest, plus a new lease when the bucket qualifies. In order: leased counts, then the
   * statement's.
   */
  const countHits = async (w: HitWindow, n: number, asyncCommit: boolean, lane: Lane | undefined) => {
    const counts: { count: number; previous: number }[] = [];
    const held = lane?.lease;
    while (held && held.next <= held.last && counts.length < n) counts.push({ count: held.next++, previous: held.previous });
    const rest = n - counts.length;
    if (rest === 0) return counts;
    const lease = lane && !lane.leasing ? leaseSize(w.limit, lane.seen) : 0;
    if (lease > 0) lane!.leasing = true;
    let count: number;
    let previous: number;
    try {
      ({ count, previous } = await addHits(w.bucket, w.windowStart, w.windowMs, rest + lease, asyncCommit));
    } finally {
      if (lease > 0) lane!.leasing = false;
    }
    if (lane) {
      if (!lane.seen || count > lane.seen.count) lane.seen = { count, previous };
      // Only one leasing statement runs at a time, and it started with the lease used up, so none is replaced unused.
      if (lease > 0) lane.lease = { next: count - lease + 1, last: count, previous };
    }
    const first = count - lease - rest;
    for (let i = 1; i <= rest; i++) counts.push({ count: first + i, previous });
    return counts;
  };
  // PostgreSQL outside a transaction: concurrent hits of one bucket and window share a statement (after any counts
  // left in the lease); each gets a distinct count, in arrival order.
  const coalesced = new CoalescedStatements<{ window: HitWindow; lane: Lane | undefined }, { count: number; previous: number }>((_key, hits) =>
    countHits(hits[0]!.window, hits.length, true, hits[0]!.lane),
  );
  return {
    async hit(bucket: string, limit: number, opts = {}): Promise<RateLimitDecision> {
      const windowMs = opts.windowMs ?? DEFAULT_RATE_LIMIT_WINDOW_MS;
      const now = opts.now ?? ctx.now();
      const windowStart = Math.floor(now / windowMs) * windowMs;
      const window: HitWindow = { bucket, windowStart, windowMs, limit };
      // Never inside a caller's transaction: it could roll the leased counts back.
      const lane = ctx.db.isTransaction ? undefined : laneOf(window, now);
      const lease = lane?.lease;
      if (lease && lease.next <= lease.last) return slidingDecision(lease.next++, lease.previous, limit, now, windowStart, windowMs);
      // PostgreSQL, outside a caller's transaction: the hit's own transaction commits asynchronously (above).
      const own = sharesStatements(ctx)
        ? await coalesced.submit(`${windowMs}:${windowStart}:${bucket}`, { window, lane })
        : (await countHits(window, 1, false, lane))[0]!;
      return slidingDecision(own.count, own.previous, limit, now, windowStart, windowMs);
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
