import { hostname } from 'node:os';
import { randomBase62 } from '../crypto/random.js';
import type { Store, WebhookAttempt, WebhookEvent } from '../storage/types.js';
import { type BackoffOptions, nextAttemptAt } from './backoff.js';
import { type DeliveryResult, deliverWebhook } from './deliver.js';

export interface WebhookWorkerOptions {
  /** Events delivered in parallel per batch (default 4). */
  concurrency?: number;
  /** Poll interval when idle (default 1000 ms); local enqueues wake the worker at once. */
  pollIntervalMs?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Lease per claimed event; must exceed the request timeout (default 2 × timeout + 5 s). */
  leaseMs?: number;
  /** Retry schedule (default 30 s × 2ⁿ, cap 1 h, ±20 % jitter, give up after 24 h). */
  backoff?: BackoffOptions;
  /** Allow private/loopback/link-local callback URLs for every key (default false; per-key flag also works). */
  allowPrivateCallbacks?: boolean;
  /** Max response bytes read from receivers (default 64 KiB). */
  maxResponseBytes?: number;
  /** Worker id written as lease owner (default `<host>:<pid>:<random>`). */
  workerId?: string;
  /** Called after every attempt (logging/metrics). */
  onAttempt?: (event: WebhookEvent, attempt: WebhookAttempt) => void;
  logger?: Pick<Console, 'error' | 'warn'>;
}

export interface WebhookWorker {
  readonly id: string;
  readonly running: boolean;
  /** Starts the poll loop (idempotent). */
  start(): void;
  /**
   * Stops polling and waits for in-flight deliveries (up to `timeoutMs`, default 10 s); then
   * aborts what is left, which is rescheduled at once for another worker.
   */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
  /** Claims one batch of due events and delivers it; returns how many were processed. */
  runOnce(): Promise<number>;
  /** Runs batches until no event is due (tests, CLI). Returns the number processed. */
  drain(opts?: { maxBatches?: number }): Promise<number>;
}

/**
 * Delivers the durable webhook outbox: claims due events with a lease (so several workers or
 * instances never send one event at once), signs and POSTs them with undici, records every
 * attempt, marks success, and reschedules failures with exponential backoff and jitter for
 * about 24 hours before marking them dead.
 *
 * @example
 * const worker = createWebhookWorker(store, { concurrency: 4 });
 * worker.start();
 * process.on('SIGTERM', () => worker.stop().then(() => store.close()));
 */
export function createWebhookWorker(store: Store, options: WebhookWorkerOptions = {}): WebhookWorker {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const pollIntervalMs = Math.max(10, options.pollIntervalMs ?? 1000);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? timeoutMs * 2 + 5000;
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBase62(6)}`;
  const logger = options.logger ?? console;
  let abort = new AbortController();

  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let unsubscribe: (() => void) | null = null;

  async function resolveTarget(ev: WebhookEvent): Promise<{ secret: string | null; allowPrivate: boolean }> {
    const key = await store.apiKeys.get(ev.apiKeyId);
    const secret = key ? await store.apiKeys.getWebhookSecret(ev.apiKeyId) : null;
    return { secret, allowPrivate: options.allowPrivateCallbacks === true || key?.allowPrivateCallbacks === true };
  }

  async function processEvent(ev: WebhookEvent): Promise<void> {
    const startedAt = new Date();
    let result: DeliveryResult;
    const { secret, allowPrivate } = await resolveTarget(ev);
    if (ev.body === null) {
      result = { success: false, statusCode: null, latencyMs: 0, error: 'payload redacted', retryable: false };
    } else if (!secret) {
      result = { success: false, statusCode: null, latencyMs: 0, error: 'no webhook secret for the API key', retryable: false };
    } else {
      result = await deliverWebhook({
        url: ev.url,
        body: ev.body,
        secret,
        eventId: ev.id,
        eventType: ev.type,
        attempt: ev.attempts,
        allowPrivate,
        timeoutMs,
        maxResponseBytes: options.maxResponseBytes,
        signal: abort.signal,
      });
    }
    const shuttingDown = abort.signal.aborted && !result.success;
    const attempt = await store.webhooks.recordAttempt({
      eventId: ev.id,
      attempt: ev.attempts,
      startedAt,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error: shuttingDown ? 'aborted: worker shutting down' : result.error,
      success: result.success,
    });
    options.onAttempt?.(ev, attempt);
    if (result.success) {
      await store.webhooks.markDelivered(ev.id, id);
      return;
    }
    const next = shuttingDown
      ? new Date(store.now())
      : result.retryable
        ? nextAttemptAt(ev.createdAt, ev.attempts, store.now(), options.backoff)
        : null;
    await store.webhooks.reschedule(ev.id, id, next, attempt.error ?? 'failed');
    if (next === null) {
      await store.audit.append({
        action: 'webhook.dead',
        apiKeyId: ev.apiKeyId,
        sessionId: ev.sessionId,
        actor: 'system',
        details: { eventId: ev.id, type: ev.type, attempts: ev.attempts, lastError: attempt.error },
      });
    }
  }

  async function runOnce(): Promise<number> {
    const batch = await store.webhooks.claim(id, { limit: concurrency, leaseMs });
    await Promise.all(
      batch.map((ev) =>
        processEvent(ev).catch((e) => {
          // Storage failure mid-way: the lease expires and the event is retried by someone.
          logger.error(`[provefy] webhook ${ev.id} processing failed: ${(e as Error)?.message ?? e}`);
        }),
      ),
    );
    return batch.length;
  }

  function sleep(): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, pollIntervalMs);
      function done() {
        clearTimeout(t);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  async function run(): Promise<void> {
    while (running) {
      let n = 0;
      try {
        n = await runOnce();
      } catch (e) {
        logger.error(`[provefy] webhook worker poll failed: ${(e as Error)?.message ?? e}`);
      }
      if (running && n === 0) await sleep();
    }
  }

  return {
    id,
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      if (abort.signal.aborted) abort = new AbortController();
      unsubscribe = store.onWebhookEnqueued(() => wake?.());
      loop = run();
    },
    async stop({ timeoutMs: stopTimeout = 10_000 } = {}) {
      if (!running) return;
      running = false;
      unsubscribe?.();
      wake?.();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), stopTimeout);
      });
      const outcome = await Promise.race([loop, timedOut]);
      if (outcome === 'timeout') {
        abort.abort();
        await loop;
      }
      clearTimeout(timer);
    },
    runOnce,
    async drain({ maxBatches = 1000 } = {}) {
      let total = 0;
      for (let i = 0; i < maxBatches; i++) {
        const n = await runOnce();
        total += n;
        if (n === 0) break;
      }
      return total;
    },
  };
}
