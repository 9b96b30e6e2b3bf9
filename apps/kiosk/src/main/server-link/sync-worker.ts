import { ProvefyError, retryDelay } from '@provefy/core';
import type { SyncView } from '../../shared/kiosk-view.js';
import { deliverItem } from './deliver-item.js';
import type { OfflineQueue } from './offline-queue.js';
import type { ProvefyClient } from './provefy-client.js';
import { isServerLinkError } from './server-link-error.js';

export interface SyncWorkerOptions {
  queue: OfflineQueue;
  /** Null when no server is configured: everything stays queued. */
  client: ProvefyClient | null;
  /** Background pass interval (default 15 s). */
  intervalMs?: number;
  /** First retry delay of an item; doubles per failure, with ±20 % jitter (default 2 s, at most 5 minutes). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  now?: () => number;
  onChange?: () => void;
  logger?: Pick<Console, 'warn' | 'info'>;
}

/** What one pass did. */
export interface SyncReport {
  delivered: string[];
  rejected: string[];
  /** The item that stopped the pass (and why), if any. */
  blockedBy: { id: string; error: string } | null;
}

/**
 * Delivers the offline queue to the server strictly in order: one pass at a time (single flight), oldest item first;
 * a retryable failure (server down, timeout, 5xx, 429) stops the pass so later items never overtake it, and the item
 * waits with exponential backoff; an item the server refuses for good (e.g. its session was cancelled) is parked as
 * `rejected` (kept, with its images) and the pass goes on.
 *
 * @example
 * ```ts
 * const sync = new SyncWorker({ queue, client });
 * sync.start();
 * await sync.syncNow(); // e.g. when the operator taps "sync now"
 * ```
 */
export class SyncWorker {
  readonly #o: SyncWorkerOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<SyncReport> | null = null;
  #again = false;
  online: boolean | null = null;
  lastError: string | null = null;
  lastSyncAt: number | null = null;
  activeItem: string | null = null;

  constructor(opts: SyncWorkerOptions) {
    this.#o = opts;
    this.#now = opts.now ?? Date.now;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.syncNow().catch(() => undefined), this.#o.intervalMs ?? 15_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
  }

  status(): SyncView {
    const c = this.#o.queue.counts();
    return {
      configured: this.#o.client !== null,
      online: this.online,
      pending: c.pending,
      delivered: c.delivered,
      rejected: c.rejected,
      lastError: this.lastError,
      lastSyncAt: this.lastSyncAt,
    };
  }

  /**
   * Runs a pass now (or joins the running one and runs another right after it). `force` ignores the items' backoff.
   */
  syncNow(opts: { force?: boolean } = {}): Promise<SyncReport> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    const run = async (): Promise<SyncReport> => {
      let report: SyncReport;
      do {
        this.#again = false;
        report = await this.#pass(opts.force === true);
      } while (this.#again && report.blockedBy === null);
      return report;
    };
    this.#running = run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  #backoff(attempts: number): number {
    return retryDelay(attempts + 1, { baseMs: this.#o.backoffBaseMs ?? 2000, maxDelayMs: this.#o.backoffMaxMs ?? 300_000, jitter: 0.2 });
  }

  async #pass(force: boolean): Promise<SyncReport> {
    const report: SyncReport = { delivered: [], rejected: [], blockedBy: null };
    const client = this.#o.client;
    const queue = this.#o.queue;
    if (!client) return report;
    for (const meta of queue.pending()) {
      const now = this.#now();
      if (!force && meta.nextAttemptAt > now) {
        report.blockedBy = { id: meta.id, error: 'waiting to retry' };
        break;
      }
      this.activeItem = meta.id;
      this.#o.onChange?.();
      try {
        const result = await deliverItem(queue, client, meta.id, {
          onProgress: (p) => queue.setProgress(meta.id, { status: p.status, action: p.action ?? null, remoteSessionId: p.remoteSessionId }),
        });
        queue.markDelivered(meta.id, result, this.#now());
        report.delivered.push(meta.id);
        this.online = true;
        this.lastError = null;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (isServerLinkError(e) && e.kind === 'item') {
          queue.markRejected(meta.id, message);
          report.rejected.push(meta.id);
          this.online = true;
          this.#o.logger?.warn?.(`[kiosk] queue item ${meta.id} rejected: ${message}`);
          continue;
        }
        if (e instanceof ProvefyError && (e.code === 'PROVEFY_ERR_DECRYPT' || e.code === 'PROVEFY_ERR_STORE')) {
          // The stored item cannot be read (key lost, rows damaged): retrying will not help.
          queue.markRejected(meta.id, message);
          report.rejected.push(meta.id);
          continue;
        }
        const retryAfter = isServerLinkError(e) ? e.retryAfterMs : null;
        queue.recordFailure(meta.id, message, this.#now() + Math.max(retryAfter ?? 0, this.#backoff(meta.attempts)));
        this.online = isServerLinkError(e) ? e.httpStatus !== null : false;
        this.lastError = message;
        report.blockedBy = { id: meta.id, error: message };
        break;
      } finally {
        this.activeItem = null;
        this.#o.onChange?.();
      }
    }
    this.lastSyncAt = this.#now();
    if (report.blockedBy === null && report.delivered.length === 0 && report.rejected.length === 0 && client) {
      // Nothing to send: probe the server so the operator sees whether it is reachable.
      try {
        await client.health();
        this.online = true;
        this.lastError = null;
      } catch (e) {
        this.online = false;
        this.lastError = e instanceof Error ? e.message : String(e);
      }
    }
    this.#o.onChange?.();
    return report;
  }
}
