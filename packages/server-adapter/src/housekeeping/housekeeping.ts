import { expireOverdueSessions } from '../api/verify/session-service.js';
import type { SessionDocument, SessionRecord, Store } from '../storage/types.js';

/** Options of {@link createHousekeeping}. */
export interface HousekeepingOptions {
  /** Run interval when started (default 30 s). */
  intervalMs?: number;
  /** Sessions handled per run and step (default 200). */
  batchSize?: number;
  /**
   * Redact finished sessions (PII, images) this long after their last change. Default: never
   * (data is kept until `DELETE /verify/:id/data`).
   */
  sessionRetentionMs?: number;
  /** Skeleton document kept after retention redaction (default `{ redacted: true }`). */
  redactedDocument?: (session: SessionRecord) => SessionDocument;
  logger?: Pick<Console, 'error'>;
}

/** What one housekeeping run did. */
export interface HousekeepingReport {
  expiredSessions: number;
  redactedSessions: number;
  deletedBlobs: number;
  deletedIdempotencyKeys: number;
  deletedRateLimitWindows: number;
}

/** A periodic housekeeping job: `start()` it, `stop()` (or `dispose()`) it, or call `runOnce()` yourself. */
export interface Housekeeping {
  runOnce(): Promise<HousekeepingReport>;
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
  /** Same as `stop()`. */
  dispose(): Promise<void>;
}

/**
 * The one housekeeping job of a Provefy deployment (`createProvefy` starts it): expires overdue sessions through
 * the core state machine (`transitionSession`: the session becomes EXPIRED and the contract's `verification.expired`
 * webhook is enqueued in the same transaction, like every other terminal transition), deletes images past their
 * retention, optionally redacts finished sessions after `sessionRetentionMs`, and drops expired idempotency keys and
 * rate-limit windows. Safe on several instances sharing one database: the optimistic version check of the
 * transition expires each session once, with one webhook.
 *
 * @example
 * ```ts
 * const job = createHousekeeping(store, { intervalMs: 30_000, sessionRetentionMs: 30 * 86_400_000 });
 * job.start(); // ... await job.stop();
 * ```
 */
export function createHousekeeping(store: Store, options: HousekeepingOptions = {}): Housekeeping {
  const batchSize = options.batchSize ?? 200;
  const logger = options.logger ?? console;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> | null = null;

  async function runOnce(): Promise<HousekeepingReport> {
    const now = new Date(store.now());
    const report: HousekeepingReport = { expiredSessions: 0, redactedSessions: 0, deletedBlobs: 0, deletedIdempotencyKeys: 0, deletedRateLimitWindows: 0 };
    report.expiredSessions = await expireOverdueSessions(store, batchSize);
    if (options.sessionRetentionMs !== undefined) {
      const before = new Date(now.getTime() - options.sessionRetentionMs);
      for (const s of await store.sessions.listFinishedBefore(before, batchSize)) {
        const skeleton = options.redactedDocument?.(s);
        if (await store.sessions.redact(s.id, skeleton ? { skeleton } : {})) report.redactedSessions++;
      }
    }
    report.deletedBlobs = await store.blobs.sweepExpired(now);
    report.deletedIdempotencyKeys = await store.idempotency.sweep(now);
    report.deletedRateLimitWindows = await store.rateLimits.sweep(now.getTime());
    return report;
  }

  async function stop(): Promise<void> {
    if (timer) clearInterval(timer);
    timer = null;
    await current;
  }

  return {
    runOnce,
    start() {
      if (timer) return;
      const tick = () => {
        current = runOnce()
          .catch((e) => logger.error(`[provefy] housekeeping failed: ${(e as Error)?.message ?? e}`))
          .finally(() => {
            current = null;
          });
      };
      timer = setInterval(() => {
        if (!current) tick();
      }, options.intervalMs ?? 30_000);
      timer.unref?.();
      tick();
    },
    stop,
    dispose: stop,
  };
}

/** @deprecated Use {@link createHousekeeping} (the same job; kept for compatibility). */
export const createSweeper = createHousekeeping;
/** @deprecated Use {@link Housekeeping}. */
export type Sweeper = Housekeeping;
/** @deprecated Use {@link HousekeepingOptions}. */
export type SweeperOptions = HousekeepingOptions;
/** @deprecated Use {@link HousekeepingReport}. */
export type SweepReport = HousekeepingReport;
