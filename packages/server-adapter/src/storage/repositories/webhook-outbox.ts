import { ProvefyError } from '@provefy/core';
import { newId } from '../../crypto/random.js';
import { aad } from '../aad.js';
import { type StoreContext, dateOf, dateOrNull } from '../context.js';
import type { WebhookAttemptsTable, WebhookEventsTable } from '../schema.js';
import type { WebhookAttempt, WebhookEnqueueInput, WebhookEvent, WebhookEventStatus, WebhookEventType, WebhookOutbox } from '../types.js';

const events = 'provefy_webhook_events' as const;
const attemptsTable = 'provefy_webhook_attempts' as const;
const EVENT_TYPES: readonly WebhookEventType[] = ['verification.completed', 'verification.expired', 'verification.cancelled'];
const bodyAad = aad.webhookBody;
/** Max stored length of an attempt's error text. */
const MAX_ERROR_CHARS = 500;

function clip(s: string | null): string | null {
  return s === null ? null : s.length > MAX_ERROR_CHARS ? `${s.slice(0, MAX_ERROR_CHARS - 1)}…` : s;
}

function toAttempt(row: WebhookAttemptsTable): WebhookAttempt {
  return {
    id: row.id,
    eventId: row.event_id,
    attempt: Number(row.attempt),
    startedAt: dateOf(row.started_at),
    statusCode: row.status_code === null ? null : Number(row.status_code),
    latencyMs: Number(row.latency_ms),
    error: row.error,
    success: Number(row.success) === 1,
  };
}

/**
 * Durable webhook outbox: events are rows written in the same transaction as the session change;
 * workers lease due rows (see the dialect adapters), record every attempt, then mark them
 * delivered, reschedule them or mark them dead.
 */
export function webhookOutbox(ctx: StoreContext): WebhookOutbox {
  function toEvent(row: WebhookEventsTable): WebhookEvent {
    return {
      id: row.id,
      apiKeyId: row.api_key_id,
      sessionId: row.session_id,
      type: row.type as WebhookEventType,
      url: row.url,
      body: row.body_enc === null ? null : ctx.keyring.decryptString(row.body_enc, bodyAad(row.id)),
      status: row.status as WebhookEventStatus,
      attempts: Number(row.attempts),
      createdAt: dateOf(row.created_at),
      nextAttemptAt: dateOf(row.next_attempt_at),
      deliveredAt: dateOrNull(row.delivered_at),
      lastError: row.last_error,
      leaseOwner: row.lease_owner,
      leaseExpiresAt: dateOrNull(row.lease_expires_at),
    };
  }

  async function get(eventId: string): Promise<WebhookEvent | null> {
    const row = await ctx.db.selectFrom(events).selectAll().where('id', '=', eventId).executeTakeFirst();
    return row ? toEvent(row) : null;
  }

  return {
    async enqueue(input: WebhookEnqueueInput): Promise<WebhookEvent> {
      if (!EVENT_TYPES.includes(input.type)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `type: must be one of ${EVENT_TYPES.join(', ')}`, { field: 'type' });
      if (typeof input.url !== 'string' || !/^https?:\/\//i.test(input.url)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'url: must be an http(s) URL', { field: 'url' });
      if (input.payload === null || typeof input.payload !== 'object') throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'payload: must be an object', { field: 'payload' });
      const id = newId('evt');
      const now = ctx.now();
      const row: WebhookEventsTable = {
        id,
        api_key_id: input.apiKeyId,
        session_id: input.sessionId,
        type: input.type,
        url: input.url,
        body_enc: ctx.keyring.encryptString(JSON.stringify(input.payload), bodyAad(id)),
        status: 'pending',
        attempts: 0,
        created_at: now,
        next_attempt_at: input.availableAt ? input.availableAt.getTime() : now,
        delivered_at: null,
        last_error: null,
        lease_owner: null,
        lease_expires_at: null,
      };
      await ctx.db.insertInto(events).values(row).execute();
      ctx.webhookEnqueued();
      return toEvent(row);
    },

    async claim(owner: string, opts: { limit: number; leaseMs: number }): Promise<WebhookEvent[]> {
      const now = ctx.now();
      const rows = await ctx.adapter.claimWebhookEvents(ctx.db, {
        owner,
        now,
        leaseUntil: now + Math.max(1, Math.floor(opts.leaseMs)),
        limit: Math.max(1, Math.floor(opts.limit)),
      });
      return rows.map(toEvent).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : 1));
    },

    async recordAttempt(a: Omit<WebhookAttempt, 'id'>): Promise<WebhookAttempt> {
      const row: WebhookAttemptsTable = {
        id: newId('att'),
        event_id: a.eventId,
        attempt: a.attempt,
        started_at: a.startedAt.getTime(),
        status_code: a.statusCode,
        latency_ms: Math.max(0, Math.round(a.latencyMs)),
        error: clip(a.error),
        success: a.success ? 1 : 0,
      };
      await ctx.db.insertInto(attemptsTable).values(row).execute();
      return toAttempt(row);
    },

    async markDelivered(eventId: string, owner: string): Promise<boolean> {
      const now = ctx.now();
      const r = await ctx.db
        .updateTable(events)
        .set({ status: 'delivered', delivered_at: now, lease_owner: null, lease_expires_at: null, last_error: null })
        .where('id', '=', eventId)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async reschedule(eventId: string, owner: string, nextAttemptAt: Date | null, error: string): Promise<boolean> {
      const r = await ctx.db
        .updateTable(events)
        .set({
          status: nextAttemptAt === null ? 'dead' : 'pending',
          next_attempt_at: nextAttemptAt === null ? ctx.now() : nextAttemptAt.getTime(),
          last_error: clip(error),
          lease_owner: null,
          lease_expires_at: null,
        })
        .where('id', '=', eventId)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async retry(eventId: string): Promise<WebhookEvent | null> {
      const now = ctx.now();
      await ctx.db
        .updateTable(events)
        .set({ status: 'pending', next_attempt_at: now, lease_owner: null, lease_expires_at: null })
        .where('id', '=', eventId)
        .where('status', 'in', ['delivered', 'dead'])
        .where('body_enc', 'is not', null)
        .execute();
      const ev = await get(eventId);
      if (ev?.status === 'pending') ctx.webhookEnqueued();
      return ev;
    },

    get,

    async list(query) {
      let q = ctx.db.selectFrom(events).selectAll();
      if (query.apiKeyId !== undefined) q = q.where('api_key_id', '=', query.apiKeyId);
      if (query.sessionId !== undefined) q = q.where('session_id', '=', query.sessionId);
      if (query.status !== undefined) q = q.where('status', '=', query.status);
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.min(1000, Math.max(1, query.limit ?? 100)))
        .execute();
      return rows.map(toEvent);
    },

    async attempts(eventId: string): Promise<WebhookAttempt[]> {
      const rows = await ctx.db.selectFrom(attemptsTable).selectAll().where('event_id', '=', eventId).orderBy('attempt').orderBy('started_at').execute();
      return rows.map(toAttempt);
    },

    async countPending(): Promise<number> {
      const r = await ctx.db
        .selectFrom(events)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
  };
}
