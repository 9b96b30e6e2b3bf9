import {
  ProvefyError,
  type Session,
  type SessionJson,
  deserializeSession,
  isProvefyError,
  refreshSession,
  retry,
  type VerifySessionJson,
  toContractJson,
  toSessionJson,
  toWebhookPayload,
  webhookEventFor,
} from '@provefy/core';
import { HttpError } from '../../http/http-error.js';
import type { ApiKey, SessionPatch, SessionRecord, Store } from '../../storage/types.js';

/** A stored session record with its decoded session. */
export interface LoadedSession {
  record: SessionRecord;
  session: Session;
}

/** The outcome of {@link transitionSession}. */
export interface TransitionResult {
  before: Session;
  after: Session;
  record: SessionRecord;
  /** The webhook event enqueued by this transition, or null (no change, no event, or no URL). */
  webhookEventId: string | null;
}

/** Options of {@link transitionSession}. */
export interface TransitionOptions {
  /** The error for a missing session (default 404 `PROVEFY_ERR_SESSION_NOT_FOUND`). */
  notFound?: () => Error;
  /** Runs inside the transaction after a changed session was written (e.g. an audit entry); throwing rolls it back. */
  afterWrite?: (tx: Store, result: TransitionResult) => Promise<void>;
}

/**
 * Decodes the session stored in a record (throws 404 for a redacted record whose document is only a skeleton marker).
 *
 * @example
 * ```ts
 * const session = sessionOf(record);
 * ```
 */
export function sessionOf(record: SessionRecord): Session {
  return deserializeSession(record.document as unknown as SessionJson);
}

/**
 * The contract JSON of a stored session as of `now`. A redacted record whose document is not a session (redacted
 * by another tool) still answers with its audit skeleton from the index columns.
 *
 * @example
 * ```ts
 * const body = contractJsonOf(record, new Date());
 * ```
 */
export function contractJsonOf(record: SessionRecord, now: Date): VerifySessionJson {
  let session: Session;
  try {
    session = sessionOf(record);
  } catch (e) {
    if (record.redactedAt === null) throw e;
    return { id: record.id, externalRef: null, status: record.status, overallResult: record.overallResult, checks: {}, metadata: {} };
  }
  return toContractJson(record.redactedAt === null ? refreshSession(session, now) : session);
}

/**
 * The store patch that persists a session: status, result and times in clear index columns, the whole session encrypted.
 *
 * @example
 * ```ts
 * await store.sessions.update(id, version, sessionPatch(session));
 * ```
 */
export function sessionPatch(session: Session): SessionPatch {
  return {
    status: session.status,
    overallResult: session.overallResult,
    completedAt: session.completedAt ?? (session.status === 'COMPLETED' ? session.updatedAt : null),
    document: toSessionJson(session) as unknown as Record<string, unknown>,
  };
}

/**
 * Loads a session scoped to an API key (null when missing or another key's).
 *
 * @example
 * ```ts
 * const loaded = await loadSession(store, sessionId, key.id);
 * ```
 */
export async function loadSession(store: Store, id: string, apiKeyId?: string): Promise<LoadedSession | null> {
  const record = await store.sessions.get(id, apiKeyId === undefined ? {} : { apiKeyId });
  if (!record) return null;
  return { record, session: sessionOf(record) };
}

/**
 * Enqueues the webhook for a transition (in the caller's transaction): to the session's `callbackUrl`, else the key's
 * `webhookUrl`; nothing when neither is set.
 *
 * @example
 * ```ts
 * await store.transaction((tx) => enqueueWebhookFor(tx, key, before, after));
 * ```
 */
export async function enqueueWebhookFor(tx: Store, key: ApiKey | null, before: Session, after: Session): Promise<string | null> {
  const event = webhookEventFor(before, after);
  if (!event) return null;
  const url = after.callbackUrl ?? key?.webhookUrl ?? null;
  if (!url || !key) return null;
  const queued = await tx.webhooks.enqueue({
    apiKeyId: key.id,
    sessionId: after.id,
    type: event,
    url,
    payload: toWebhookPayload(after, event) as unknown as Record<string, unknown>,
  });
  return queued.id;
}

/** Retries of a transition on a concurrent update, with a short jittered wait (0-5 ms, then 1.5x longer each time). */
const CONFLICT_RETRY = {
  retries: 6,
  shouldRetry: (e: unknown) => isProvefyError(e, 'PROVEFY_ERR_STORE_CONFLICT'),
  backoff: { baseMs: 2.5, factor: 1.5, jitter: 1 },
} as const;

/**
 * Applies a transition to a stored session atomically: reads it, applies the clock (an overdue session becomes
 * EXPIRED), runs `fn`, writes the new session with a version check, and enqueues the matching webhook in the same
 * transaction. Retries on concurrent updates. When `fn` throws on a session that just expired, the expiry is still
 * saved (and its webhook enqueued) before the error propagates.
 *
 * @example
 * ```ts
 * const { after } = await transitionSession(store, id, { apiKeyId: key.id }, (s, now) => cancelSession(s, { now }));
 * ```
 */
export async function transitionSession(
  store: Store,
  id: string,
  scope: { apiKeyId?: string },
  fn: (session: Session, now: Date) => Session,
  opts: TransitionOptions = {},
): Promise<TransitionResult> {
  const notFound = opts.notFound ?? (() => new HttpError('PROVEFY_ERR_SESSION_NOT_FOUND'));
  let deferred: unknown = null;
  const result = await retry(async () => {
    deferred = null;
    return store.transaction(async (tx) => {
      const record = await tx.sessions.get(id, scope.apiKeyId === undefined ? {} : { apiKeyId: scope.apiKeyId });
      if (!record) throw notFound();
      if (record.redactedAt !== null) throw new HttpError('PROVEFY_ERR_SESSION_FINISHED', 'The session data was deleted');
      const before = sessionOf(record);
      const now = new Date(tx.now());
      const refreshed = refreshSession(before, now);
      let after: Session;
      try {
        after = fn(refreshed, now);
      } catch (e) {
        if (refreshed === before) throw e;
        deferred = e; // persist the expiry, then rethrow
        after = refreshed;
      }
      if (after === before) return { before, after, record, webhookEventId: null };
      const updated = await tx.sessions.update(id, record.version, sessionPatch(after));
      const key = await tx.apiKeys.get(record.apiKeyId);
      const webhookEventId = await enqueueWebhookFor(tx, key, before, after);
      const done: TransitionResult = { before, after, record: updated, webhookEventId };
      await opts.afterWrite?.(tx, done);
      return done;
    });
  }, CONFLICT_RETRY);
  if (deferred !== null) throw deferred;
  return result;
}

/**
 * Persists the expiry of overdue sessions (and enqueues `verification.expired`). Returns how many expired.
 *
 * @example
 * ```ts
 * setInterval(() => expireOverdueSessions(store), 30_000).unref();
 * ```
 */
export async function expireOverdueSessions(store: Store, limit = 100): Promise<number> {
  const overdue = await store.sessions.listExpired(new Date(store.now()), limit);
  let n = 0;
  for (const record of overdue) {
    try {
      const { before, after } = await transitionSession(store, record.id, {}, (s) => s);
      if (before.status !== after.status) n++;
    } catch (e) {
      if (!(e instanceof HttpError) && !(e instanceof ProvefyError)) throw e;
    }
  }
  return n;
}
