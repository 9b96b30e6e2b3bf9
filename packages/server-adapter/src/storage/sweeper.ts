import { isProvefyError } from '@provefy/core';
import { buildExpiredPayload } from '../webhooks/payloads.js';
import type { SessionDocument, SessionRecord, Store } from './types.js';

export interface SweeperOptions {
  /** Run interval when started (default 30 s). */
  intervalMs?: number;
  /** Sessions handled per run and step (default 200). */
  batchSize?: number;
  /**
   * Redact finished sessions (PII, images) this long after their last change. Default: never
   * (data is kept until `DELETE /verify/:id/data`).
   */
  sessionRetentionMs?: number;
  /** New document of an expiring session (default: `{ ...doc, status: 'EXPIRED' }` when the document has a `status`). */
  expireDocument?: (doc: SessionDocument, now: Date, session: SessionRecord) => SessionDocument;
  /** Webhook URL for a session's expiry (default: `document.callbackUrl` if a string, else the key's `webhookUrl`). */
  resolveWebhookUrl?: (session: SessionRecord, store: Store) => Promise<string | null>;
  /** Payload of `verification.expired` (default `buildExpiredPayload`). */
  buildExpiredPayload?: (session: SessionRecord, now: Date) => Record<string, unknown>;
  /** Skeleton document kept after retention redaction (default `{ redacted: true }`). */
  redactedDocument?: (session: SessionRecord) => SessionDocument;
  logger?: Pick<Console, 'error'>;
}

export interface SweepReport {
  expiredSessions: number;
  redactedSessions: number;
  deletedBlobs: number;
  deletedIdempotencyKeys: number;
  deletedRateLimitWindows: number;
}

export interface Sweeper {
  runOnce(): Promise<SweepReport>;
  start(): void;
  stop(): Promise<void>;
}

function defaultExpireDocument(doc: SessionDocument): SessionDocument {
  return 'status' in doc ? { ...doc, status: 'EXPIRED' } : doc;
}

async function defaultWebhookUrl(session: SessionRecord, store: Store): Promise<string | null> {
  const cb = session.document.callbackUrl;
  if (typeof cb === 'string' && cb !== '') return cb;
  return (await store.apiKeys.get(session.apiKeyId))?.webhookUrl ?? null;
}

/**
 * Periodic housekeeping: expires PENDING/IN_PROGRESS sessions past `expiresAt` (status EXPIRED +
 * a `verification.expired` webhook in the same transaction), deletes images past their
 * retention, optionally redacts finished sessions after `sessionRetentionMs`, and drops expired
 * idempotency keys and rate-limit windows. Safe to run on several instances at once (optimistic
 * versions: a session is expired once).
 *
 * @example
 * const sweeper = createSweeper(store, { intervalMs: 30_000, sessionRetentionMs: 30 * 86_400_000 });
 * sweeper.start();
 */
export function createSweeper(store: Store, options: SweeperOptions = {}): Sweeper {
  const batchSize = options.batchSize ?? 200;
  const logger = options.logger ?? console;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> | null = null;

  async function expire(session: SessionRecord): Promise<boolean> {
    const now = new Date(store.now());
    try {
      return await store.transaction(async (tx) => {
        const doc = (options.expireDocument ?? defaultExpireDocument)(session.document, now, session);
        const updated = await tx.sessions.update(session.id, session.version, { status: 'EXPIRED', document: doc });
        const url = await (options.resolveWebhookUrl ?? defaultWebhookUrl)(updated, tx);
        if (url) {
          await tx.webhooks.enqueue({
            apiKeyId: updated.apiKeyId,
            sessionId: updated.id,
            type: 'verification.expired',
            url,
            payload: (options.buildExpiredPayload ?? buildExpiredPayload)(updated, now),
          });
        }
        await tx.audit.append({ action: 'session.expired', apiKeyId: updated.apiKeyId, sessionId: updated.id, actor: 'system' });
        return true;
      });
    } catch (e) {
      if (isProvefyError(e, 'PROVEFY_ERR_STORE_CONFLICT') || isProvefyError(e, 'PROVEFY_ERR_NOT_FOUND')) return false;
      throw e;
    }
  }

  async function runOnce(): Promise<SweepReport> {
    const now = new Date(store.now());
    const report: SweepReport = { expiredSessions: 0, redactedSessions: 0, deletedBlobs: 0, deletedIdempotencyKeys: 0, deletedRateLimitWindows: 0 };
    for (const s of await store.sessions.listExpired(now, batchSize)) {
      if (await expire(s)) report.expiredSessions++;
    }
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

  return {
    runOnce,
    start() {
      if (timer) return;
      const tick = () => {
        current = runOnce()
          .catch((e) => logger.error(`[provefy] sweeper failed: ${(e as Error)?.message ?? e}`))
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
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await current;
    },
  };
}
