import type { Store, WebhookEventStatus } from '@provefy/server-adapter';
import { HttpFailure, errorJson, json } from '../../http/app-request.js';
import type { Router } from '../../http/router.js';
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
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new HttpFailure(400, "Invalid query parameter 'limit'");
  return n;
}

/**
 * The webhook delivery log (events with their attempts: status code, latency, error) with a manual retry of delivered
 * or dead events, and the audit log (key changes, logins, reviews, redactions; never PII).
 *
 * @example
 * ```ts
 * webhookAuditRoutes(router, { store: () => store, accounts: () => accounts });
 * ```
 */
export function webhookAuditRoutes(router: Router, deps: WebhookAuditRouteDeps): void {
  router.get('/admin/api/webhooks', async (req) => {
    await requireAdmin(req, deps.accounts());
    const status = req.url.searchParams.get('status') || undefined;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw new HttpFailure(400, "Invalid query parameter 'status'");
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
  });

  router.get('/admin/api/webhooks/:id', async (req) => {
    await requireAdmin(req, deps.accounts());
    const store = deps.store();
    const event = await store.webhooks.get(req.params.id ?? '');
    if (!event) return errorJson(404, 'Webhook event not found');
    const attempts = await store.webhooks.attempts(event.id);
    return json({
      event: { ...event, createdAt: event.createdAt.toISOString(), nextAttemptAt: event.nextAttemptAt.toISOString(), deliveredAt: event.deliveredAt?.toISOString() ?? null, leaseExpiresAt: null, leaseOwner: null },
      attempts: attempts.map((a) => ({ ...a, startedAt: a.startedAt.toISOString() })),
    });
  });

  router.post('/admin/api/webhooks/:id/retry', async (req) => {
    const admin = await requireAdmin(req, deps.accounts());
    const store = deps.store();
    const before = await store.webhooks.get(req.params.id ?? '');
    if (!before) return errorJson(404, 'Webhook event not found');
    if (before.status === 'pending') return errorJson(409, 'The event is still pending: it will be retried automatically');
    if (before.body === null) return errorJson(409, 'The event body was deleted with the session data');
    const after = await store.webhooks.retry(before.id);
    await store.audit
      .append({ action: 'webhook.retried', apiKeyId: before.apiKeyId, sessionId: before.sessionId, actor: `admin:${admin.username}`, details: { eventId: before.id } })
      .catch(() => undefined);
    return json({ id: before.id, status: after?.status ?? before.status });
  });

  router.get('/admin/api/audit', async (req) => {
    await requireAdmin(req, deps.accounts());
    const sessionId = req.url.searchParams.get('sessionId') || undefined;
    const keyId = req.url.searchParams.get('keyId') || undefined;
    const entries = await deps.store().audit.list({ limit: limitOf(req.url, 200), ...(sessionId ? { sessionId } : {}), ...(keyId ? { apiKeyId: keyId } : {}) });
    return json({ entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) });
  });
}
