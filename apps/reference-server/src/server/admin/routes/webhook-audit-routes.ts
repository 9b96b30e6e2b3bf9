import { HttpError, type Route, type Store, type WebhookEventStatus, json } from '@provefy/server-adapter';
import { dashboardRoute, invalidField } from '../../http/dashboard-route.js';
import type { AdminAccounts } from '../auth/admin-accounts.js';
import { requireAdmin } from '../auth/admin-guard.js';

export interface WebhookAuditRouteDeps {
  store: () => Store;
  accounts: () => AdminAccounts;
}

const STATUSES: readonly WebhookEventStatus[] = ['pending', 'delivered', 'dead'];

function limitOf(url: URL, fallback: number): number {
  const raw = url.searchParams.get('limit');
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw invalidField('limit', "Invalid query parameter 'limit'");
  return n;
}

/**
 * The webhook delivery log (events with their attempts: status code, latency, error) with a manual retry of delivered
 * or dead events, and the audit log (key changes, logins, reviews, redactions; never PII).
 *
 * @example
 * ```ts
 * const routes = webhookAuditRoutes({ store: () => store, accounts: () => accounts });
 * ```
 */
export function webhookAuditRoutes(deps: WebhookAuditRouteDeps): Route[] {
  return [
  dashboardRoute('GET', '/admin/api/webhooks', async (req) => {
    await requireAdmin(req, deps.accounts());
    const status = req.url.searchParams.get('status') || undefined;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw invalidField('status', "Invalid query parameter 'status'");
    const keyId = req.url.searchParams.get('keyId') || undefined;
    const sessionId = req.url.searchParams.get('sessionId') || undefined;
    const events = await deps.store().webhooks.list({
      limit: limitOf(req.url, 100),
      ...(status ? { status: status as WebhookEventStatus } : {}),
      ...(keyId ? { apiKeyId: keyId } : {}),
      ...(sessionId ? { sessionId } : {}),
    });
    return json({
      events: events.map((e) => ({
        id: e.id,
        apiKeyId: e.apiKeyId,
        sessionId: e.sessionId,
        type: e.type,
        url: e.url,
        status: e.status,
        attempts: e.attempts,
        createdAt: e.createdAt.toISOString(),
        nextAttemptAt: e.status === 'pending' ? e.nextAttemptAt.toISOString() : null,
        deliveredAt: e.deliveredAt?.toISOString() ?? null,
        lastError: e.lastError,
        bodyBytes: e.body === null ? null : Buffer.byteLength(e.body),
      })),
    });
  }),

  dashboardRoute('GET', '/admin/api/webhooks/:id', async (req) => {
    await requireAdmin(req, deps.accounts());
    const store = deps.store();
    const event = await store.webhooks.get(req.params.id ?? '');
    if (!event) throw new HttpError('PROVEFY_ERR_NOT_FOUND', 'Webhook event not found');
    const attempts = await store.webhooks.attempts(event.id);
    return json({
      event: { ...event, createdAt: event.createdAt.toISOString(), nextAttemptAt: event.nextAttemptAt.toISOString(), deliveredAt: event.deliveredAt?.toISOString() ?? null, leaseExpiresAt: null, leaseOwner: null },
      attempts: attempts.map((a) => ({ ...a, startedAt: a.startedAt.toISOString() })),
    });
  }),

  dashboardRoute('POST', '/admin/api/webhooks/:id/retry', async (req) => {
    const admin = await requireAdmin(req, deps.accounts());
    const store = deps.store();
    const before = await store.webhooks.get(req.params.id ?? '');
    if (!before) throw new HttpError('PROVEFY_ERR_NOT_FOUND', 'Webhook event not found');
    if (before.status === 'pending') throw new HttpError('PROVEFY_ERR_WEBHOOK_EVENT_PENDING');
    if (before.body === null) throw new HttpError('PROVEFY_ERR_WEBHOOK_EVENT_REDACTED');
    const after = await store.webhooks.retry(before.id);
    await store.audit
      .append({ action: 'webhook.retried', apiKeyId: before.apiKeyId, sessionId: before.sessionId, actor: `admin:${admin.username}`, details: { eventId: before.id } })
      .catch(() => undefined);
    return json({ id: before.id, status: after?.status ?? before.status });
  }),

  dashboardRoute('GET', '/admin/api/audit', async (req) => {
    await requireAdmin(req, deps.accounts());
    const sessionId = req.url.searchParams.get('sessionId') || undefined;
    const keyId = req.url.searchParams.get('keyId') || undefined;
    const entries = await deps.store().audit.list({ limit: limitOf(req.url, 200), ...(sessionId ? { sessionId } : {}), ...(keyId ? { apiKeyId: keyId } : {}) });
    return json({ entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) });
  }),
  ];
}
