import {
  type CheckName,
  type Session,
  type SessionJson,
  deserializeSession,
  refreshSession,
  selectProfile,
  toContractJson,
  toSessionJson,
} from '@provefy/core';
import { type ApiKey, HttpError, type Route, type SessionRecord, type Store, SESSION_STATUSES, json, resolveSessionReview } from '@provefy/server-adapter';
import { dashboardRoute, invalidField, readJsonObject } from '../../http/dashboard-route.js';
import type { AdminAccounts } from '../auth/admin-accounts.js';
import { requireAdmin } from '../auth/admin-guard.js';

export interface SessionRouteDeps {
  store: () => Store;
  accounts: () => AdminAccounts;
}

const RESULTS = ['APPROVED', 'REJECTED', 'REVIEW'] as const;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

function decode(record: SessionRecord, now: Date): Session | null {
  try {
    return refreshSession(deserializeSession(record.document as unknown as SessionJson), now);
  } catch {
    return null;
  }
}

/** A row of the sessions table in the dashboard. */
function summary(record: SessionRecord, keys: Map<string, ApiKey>, now: Date) {
  const s = decode(record, now);
  const checks: Record<string, string | null> = {};
  if (s) for (const name of s.requestedChecks) checks[name] = s.checks[name]?.result ?? null;
  return {
    id: record.id,
    apiKeyId: record.apiKeyId,
    keyName: keys.get(record.apiKeyId)?.name ?? null,
    externalRef: record.externalRef,
    status: s?.status ?? record.status,
    overallResult: s ? s.overallResult : record.overallResult,
    reviewed: s?.review ? { decision: s.review.decision, reviewer: s.review.reviewer, at: s.review.at.toISOString() } : null,
    checks,
    createdAt: record.createdAt.toISOString(),
    completedAt: record.completedAt?.toISOString() ?? null,
    expiresAt: record.expiresAt.toISOString(),
    redactedAt: record.redactedAt?.toISOString() ?? null,
  };
}

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw invalidField(name, `Invalid query parameter '${name}'`);
  return n;
}

function enumParam<T extends string>(url: URL, name: string, values: readonly T[]): T | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  if (!(values as readonly string[]).includes(raw)) throw invalidField(name, `Invalid query parameter '${name}'`);
  return raw as T;
}

/**
 * The dashboard's session views: the list across all keys (filters: status, result, key; exact search by
 * `externalRef` with POST, so it never appears in a URL; it is stored only encrypted and as a keyed blind index), the detail (each check's scores and
 * reasons, document fields, images while retained, webhooks, audit trail), stored images, the REVIEW queue and the
 * reviewer's decision.
 *
 * @example
 * ```ts
 * const routes = sessionRoutes({ store: () => store, accounts: () => accounts });
 * ```
 */
export function sessionRoutes(deps: SessionRouteDeps): Route[] {
  const keyMap = async (store: Store) => new Map((await store.apiKeys.list({ includeRevoked: true })).map((k) => [k.id, k] as const));

  /** One page of sessions across keys; `externalRef` is matched exactly through each key's blind index. */
  const listSessions = async (q: {
    page: number;
    limit: number;
    status?: (typeof SESSION_STATUSES)[number];
    result?: (typeof RESULTS)[number];
    keyId?: string;
    externalRef?: string;
  }) => {
    const store = deps.store();
    const { page, limit, status, result, keyId, externalRef } = q;
    const keys = await keyMap(store);
    const now = new Date(store.now());
    if (externalRef !== undefined) {
      const ids = keyId ? [keyId] : [...keys.keys()];
      const found: SessionRecord[] = [];
      for (const apiKeyId of ids) found.push(...(await store.sessions.list({ apiKeyId, externalRef, limit: 100 })).items);
      const filtered = found
        .filter((r) => (!status || r.status === status) && (!result || r.overallResult === result))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      const items = filtered.slice((page - 1) * limit, page * limit).map((r) => summary(r, keys, now));
      return json({ sessions: items, pagination: { page, limit, total: filtered.length, totalPages: Math.ceil(filtered.length / limit) } });
    }
    let sq = store.db.selectFrom('provefy_sessions');
    if (status) sq = sq.where('status', '=', status);
    if (result) sq = sq.where('overall_result', '=', result);
    if (keyId) sq = sq.where('api_key_id', '=', keyId);
    const [countRow, rows] = await Promise.all([
      sq.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
      sq
        .select('id')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset((page - 1) * limit)
        .execute(),
    ]);
    const records = (await Promise.all(rows.map((r) => store.sessions.get(r.id)))).filter((r): r is SessionRecord => r !== null);
    const total = Number(countRow?.n ?? 0);
    return json({ sessions: records.map((r) => summary(r, keys, now)), pagination: { page, limit, total, totalPages: Math.ceil(total / limit) } });
  };

  // Filters travel in the query; an externalRef (possibly personal data) only in a POST body, never in a URL.
  return [
  dashboardRoute('GET', '/admin/api/sessions', async (req) => {
    await requireAdmin(req, deps.accounts());
    if (req.url.searchParams.has('externalRef')) throw invalidField('externalRef', 'Search by externalRef with POST /admin/api/sessions/search (it must not appear in URLs)');
    return listSessions({
      page: intParam(req.url, 'page', 1, 1, 100_000),
      limit: intParam(req.url, 'limit', 20, 1, 100),
      status: enumParam(req.url, 'status', SESSION_STATUSES),
      result: enumParam(req.url, 'result', RESULTS),
      keyId: req.url.searchParams.get('keyId') || undefined,
    });
  }),

  dashboardRoute('POST', '/admin/api/sessions/search', async (req) => {
    await requireAdmin(req, deps.accounts());
    const body = await readJsonObject(req);
    const params = new URL('http://x/');
    for (const k of ['page', 'limit', 'status', 'result', 'keyId']) {
      const v = body[k];
      if (v !== undefined && v !== null && v !== '') params.searchParams.set(k, String(v));
    }
    const externalRef = body.externalRef;
    if (externalRef !== undefined && (typeof externalRef !== 'string' || externalRef.length === 0 || externalRef.length > 256)) {
      throw invalidField('externalRef');
    }
    return listSessions({
      page: intParam(params, 'page', 1, 1, 100_000),
      limit: intParam(params, 'limit', 20, 1, 100),
      status: enumParam(params, 'status', SESSION_STATUSES),
      result: enumParam(params, 'result', RESULTS),
      keyId: params.searchParams.get('keyId') || undefined,
      ...(typeof externalRef === 'string' ? { externalRef } : {}),
    });
  }),

  dashboardRoute('GET', '/admin/api/review', async (req) => {
    await requireAdmin(req, deps.accounts());
    const store = deps.store();
    const rows = await store.db
      .selectFrom('provefy_sessions')
      .select('id')
      .where('status', '=', 'COMPLETED')
      .where('overall_result', '=', 'REVIEW')
      .where('redacted_at', 'is', null)
      .orderBy('completed_at', 'asc')
      .limit(200)
      .execute();
    const keys = await keyMap(store);
    const now = new Date(store.now());
    const items = [];
    for (const { id } of rows) {
      const record = await store.sessions.get(id);
      if (!record) continue;
      const s = decode(record, now);
      const reasons = s
        ? s.requestedChecks.flatMap((name: CheckName) => {
            const c = s.checks[name];
            return c && c.result !== 'PASS' ? c.reasons.map((r) => ({ check: name, code: r.code, message: r.message })) : [];
          })
        : [];
      items.push({ ...summary(record, keys, now), reasons });
    }
    return json({ sessions: items });
  }),

  dashboardRoute('GET', '/admin/api/sessions/:id', async (req) => {
    const admin = await requireAdmin(req, deps.accounts());
    const store = deps.store();
    const record = await store.sessions.get(req.params.id ?? '');
    if (!record) throw new HttpError('PROVEFY_ERR_SESSION_NOT_FOUND');
    const now = new Date(store.now());
    const s = decode(record, now);
    const key = await store.apiKeys.get(record.apiKeyId);
    const [images, webhooks, audit] = await Promise.all([
      store.blobs.listForSession(record.id),
      store.webhooks.list({ sessionId: record.id, limit: 50 }),
      store.audit.list({ sessionId: record.id, limit: 200 }),
    ]);
    await store.audit.append({ action: 'admin.session_viewed', apiKeyId: record.apiKeyId, sessionId: record.id, actor: `admin:${admin.username}` }).catch(() => undefined);
    const keys = new Map(key ? [[key.id, key] as const] : []);
    return json({
      summary: summary(record, keys, now),
      key: key ? { id: key.id, name: key.name, prefix: key.prefix, mode: key.mode } : null,
      session: s ? toSessionJson(s) : null,
      contract: s ? toContractJson(s) : null,
      images: images
        .filter((b) => IMAGE_TYPES.has(b.contentType))
        .map((b) => ({ id: b.id, kind: b.kind, contentType: b.contentType, size: b.size, createdAt: b.createdAt.toISOString(), retainUntil: b.retainUntil.toISOString() })),
      webhooks: webhooks.map((w) => ({ id: w.id, type: w.type, status: w.status, attempts: w.attempts, createdAt: w.createdAt.toISOString(), deliveredAt: w.deliveredAt?.toISOString() ?? null, lastError: w.lastError })),
      audit: audit.map((a) => ({ ...a, at: a.at.toISOString() })),
    });
  }),

  dashboardRoute('GET', '/admin/api/sessions/:id/images/:blobId', async (req) => {
    await requireAdmin(req, deps.accounts());
    const store = deps.store();
    const blob = await store.blobs.get(req.params.blobId ?? '');
    if (!blob || blob.meta.sessionId !== req.params.id || !IMAGE_TYPES.has(blob.meta.contentType)) throw new HttpError('PROVEFY_ERR_NOT_FOUND', 'Image not found');
    return new Response(blob.data as BodyInit, {
      headers: {
        'content-type': blob.meta.contentType,
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'",
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'same-origin',
      },
    });
  }),

  dashboardRoute('POST', '/admin/api/sessions/:id/review', async (req) => {
    const admin = await requireAdmin(req, deps.accounts());
    const body = await readJsonObject(req);
    const decision = body.decision;
    if (decision !== 'APPROVED' && decision !== 'REJECTED') throw invalidField('decision', "Invalid field 'decision': must be APPROVED or REJECTED");
    const note = typeof body.note === 'string' ? body.note.trim() : '';
    if (note.length === 0 || note.length > 2000) throw invalidField('note', "Invalid field 'note': write why (1 to 2000 characters)");
    const outcome = await resolveSessionReview(deps.store(), req.params.id ?? '', { decision, reviewer: admin.username, note });
    return json({ contract: toContractJson(outcome.session), webhookEventId: outcome.webhookEventId });
  }),

  dashboardRoute('GET', '/admin/api/overview', async (req) => {
    await requireAdmin(req, deps.accounts());
    const store = deps.store();
    const byStatus = await store.db
      .selectFrom('provefy_sessions')
      .select(['status', 'overall_result', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy(['status', 'overall_result'])
      .execute();
    const hooks = await store.db
      .selectFrom('provefy_webhook_events')
      .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('status')
      .execute();
    const sessions: Record<string, number> = {};
    let review = 0;
    for (const r of byStatus) {
      sessions[r.status] = (sessions[r.status] ?? 0) + Number(r.n);
      if (r.status === 'COMPLETED' && r.overall_result === 'REVIEW') review += Number(r.n);
    }
    let models: { profile: string | null; recognizer: string | null } = { profile: null, recognizer: null };
    try {
      const p = selectProfile();
      models = { profile: p.name, recognizer: p.recognizer };
    } catch {
      /* no complete profile: /readyz reports it */
    }
    return json({ sessions, review, webhooks: Object.fromEntries(hooks.map((h) => [h.status, Number(h.n)])), models });
  }),
  ];
}
