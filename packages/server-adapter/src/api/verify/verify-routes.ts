import { type CheckName, cancelSession, createSession, redactSession, toContractJson, toCreateResponse, toSessionJson } from '@provefy/core';
import type { Context } from '../../http/context.js';
import { HttpError } from '../../http/http-error.js';
import { json } from '../../http/response.js';
import { type Route, defineRoute } from '../../http/route.js';
import { apiKeyAuth, requireApiKey } from '../../middleware/auth/auth.js';
import { idempotency } from '../../middleware/idempotency/idempotency.js';
import type { ApiKey } from '../../storage/types.js';
import type { AppDeps } from '../deps.js';
import { contractJsonOf, expireOverdueSessions, transitionSession } from './session-service.js';
import { assertPublicTarget, isAllowedOrigin } from './url-policy.js';
import { createVerifyBody, createVerifyResponse, listVerifyQuery, listVerifyResponse, sessionIdParam, sessionResponse } from './verify-schemas.js';

const TAGS = ['Verification sessions'];

/** The face-match threshold a key sets for the recognizer in use, if any. */
function faceMatchThreshold(key: ApiKey): number | undefined {
  const values = Object.values(key.thresholds.faceMatch ?? {});
  return key.thresholds.faceMatch?.arcface_r50 ?? (values.length === 1 ? values[0] : undefined);
}

/** Checks requested by a create request, refused with 403 when the key does not enable one. */
function resolveChecks(key: ApiKey, requested: readonly CheckName[] | undefined): CheckName[] {
  const checks = [...new Set(requested ?? key.enabledChecks)];
  if (checks.length === 0) throw new HttpError('PROVEFY_ERR_CHECK_NOT_ENABLED', 'No checks are enabled for this API key');
  for (const check of checks) {
    if (!key.enabledChecks.includes(check)) {
      throw new HttpError('PROVEFY_ERR_CHECK_NOT_ENABLED', `Feature not enabled for this API key: ${check}`, { details: { check } });
    }
  }
  return checks;
}

/**
 * The contract's session endpoints under `/api/v1/verify` (API-key authenticated): create, get, list, cancel, and
 * redact (`DELETE /verify/:sessionId/data`).
 *
 * @example
 * ```ts
 * const routes = verifyRoutes(deps);
 * ```
 */
export function verifyRoutes(deps: AppDeps): Route[] {
  const auth = apiKeyAuth({ authenticate: (token) => deps.store.apiKeys.authenticate(token) });
  const idem = idempotency({
    repo: { begin: (i) => deps.store.idempotency.begin(i), complete: (i) => deps.store.idempotency.complete(i), release: (i) => deps.store.idempotency.release(i) },
    scope: (ctx) => ctx.vars.apiKey?.id ?? null,
    bodyLimit: deps.jsonLimit,
  });
  const byId = { params: { sessionId: sessionIdParam }, paramError: 'PROVEFY_ERR_SESSION_NOT_FOUND' as const };
  const notFound = { description: 'Session not found' };

  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/verify',
      operationId: 'createVerification',
      summary: 'Create Verification Session',
      description: 'Creates a new verification session and returns a URL where your user can complete the verification. Sessions expire in 30 minutes by default.',
      tags: TAGS,
      security: 'apiKey',
      middleware: [auth, idem],
      body: createVerifyBody,
      bodyLimit: deps.jsonLimit,
      responses: { 201: { description: 'Created', schema: createVerifyResponse }, 403: { description: 'Feature not enabled for this API key' } },
      handler: async (ctx, { body }) => {
        const key = requireApiKey(ctx);
        const checks = resolveChecks(key, body.checks);
        if (body.redirectUrl !== undefined && !isAllowedOrigin(body.redirectUrl, key.allowedRedirectOrigins)) {
          throw new HttpError('PROVEFY_ERR_VALIDATION', "Invalid field 'redirectUrl': its origin is not allowed for this API key", { field: 'redirectUrl' });
        }
        const target = { allowPrivate: key.allowPrivateCallbacks, lookup: deps.resolveHost };
        if (body.redirectUrl !== undefined) await assertPublicTarget(body.redirectUrl, 'redirectUrl', { ...target, kind: 'browser' });
        if (body.callbackUrl !== undefined) await assertPublicTarget(body.callbackUrl, 'callbackUrl', { ...target, kind: 'server' });
        const now = new Date(deps.store.now());
        const threshold = faceMatchThreshold(key);
        const session = createSession(
          {
            checks,
            externalRef: body.externalRef ?? null,
            redirectUrl: body.redirectUrl ?? null,
            callbackUrl: body.callbackUrl ?? null,
            metadata: body.metadata ?? null,
            config: {
              minAge: key.thresholds.minAge,
              livenessThreshold: key.thresholds.liveness,
              ...(threshold === undefined ? {} : { faceMatchThreshold: threshold }),
              expiresInMs: deps.sessionTtlMs,
            },
          },
          { now, actor: `api_key:${key.id}` },
        );
        const created = await deps.store.sessions.create({
          id: session.id,
          apiKeyId: key.id,
          externalRef: session.externalRef,
          expiresAt: session.expiresAt,
          document: toSessionJson(session) as unknown as Record<string, unknown>,
        });
        const verificationUrl = deps.verificationUrl(created.verificationToken, ctx.url.origin);
        return json(toCreateResponse(session, { verificationUrl }), 201, { location: `/api/v1/verify/${session.id}` });
      },
    }),
    defineRoute({
      ...byId,
      method: 'GET',
      path: '/api/v1/verify/:sessionId',
      operationId: 'getVerification',
      summary: 'Get Session Status',
      description: 'Returns the current status and results of a verification session.',
      tags: TAGS,
      security: 'apiKey',
      middleware: [auth],
      responses: { 200: { description: 'OK', schema: sessionResponse }, 404: notFound },
      handler: async (ctx, { params }) => json(await currentSession(ctx, deps, params.sessionId!)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/verify',
      operationId: 'listVerifications',
      summary: 'List Sessions',
      description: 'Returns a paginated list of your sessions, newest first. Filter by status, externalRef.',
      tags: TAGS,
      security: 'apiKey',
      middleware: [auth],
      query: listVerifyQuery,
      responses: { 200: { description: 'OK', schema: listVerifyResponse } },
      handler: async (ctx, { query }) => {
        const key = requireApiKey(ctx);
        await expireOverdueSessions(deps.store, 50);
        const page = query.page ?? 1;
        const limit = query.limit ?? 20;
        const result = await deps.store.sessions.list({
          apiKeyId: key.id,
          page,
          limit,
          ...(query.status ? { status: query.status } : {}),
          ...(query.externalRef !== undefined ? { externalRef: query.externalRef } : {}),
        });
        const now = new Date(deps.store.now());
        const sessions = result.items.map((record) => contractJsonOf(record, now));
        return json({ sessions, pagination: { page, limit, total: result.total, totalPages: Math.ceil(result.total / limit) } });
      },
    }),
    defineRoute({
      ...byId,
      method: 'POST',
      path: '/api/v1/verify/:sessionId/cancel',
      operationId: 'cancelVerification',
      summary: 'Cancel Session',
      description: 'Cancels an active session. Only works on PENDING or IN_PROGRESS sessions (409 otherwise).',
      tags: TAGS,
      security: 'apiKey',
      middleware: [auth, idem],
      responses: { 200: { description: 'Cancelled', schema: sessionResponse }, 404: notFound, 409: { description: 'The session is already finished' } },
      handler: async (ctx, { params }) => {
        const key = requireApiKey(ctx);
        const { after } = await transitionSession(deps.store, params.sessionId!, { apiKeyId: key.id }, (s, now) =>
          cancelSession(s, { now, actor: `api_key:${key.id}` }),
        );
        return json(toContractJson(after));
      },
    }),
    defineRoute({
      ...byId,
      method: 'DELETE',
      path: '/api/v1/verify/:sessionId/data',
      operationId: 'redactVerification',
      summary: 'Delete session data (redact)',
      description:
        'Removes personal data (externalRef, metadata, document fields, redirect URL) and stored images, keeping the audit skeleton ' +
        '(id, status, results, scores, timestamps). An active session is cancelled first. Redacting twice is harmless.',
      tags: TAGS,
      security: 'apiKey',
      middleware: [auth],
      responses: { 200: { description: 'Redacted', schema: sessionResponse }, 404: notFound },
      handler: async (ctx, { params }) => {
        const key = requireApiKey(ctx);
        const id = params.sessionId!;
        const existing = await deps.store.sessions.get(id, { apiKeyId: key.id });
        if (!existing) throw new HttpError('PROVEFY_ERR_SESSION_NOT_FOUND');
        if (existing.redactedAt === null) {
          const cancelled = await transitionSession(deps.store, id, { apiKeyId: key.id }, (s, now) =>
            s.status === 'PENDING' || s.status === 'IN_PROGRESS' ? cancelSession(s, { now, actor: `api_key:${key.id}`, reason: 'data deleted' }) : s,
          );
          const redacted = redactSession(cancelled.after, { now: new Date(deps.store.now()), actor: `api_key:${key.id}` });
          await deps.store.sessions.redact(id, { apiKeyId: key.id, skeleton: toSessionJson(redacted) as unknown as Record<string, unknown> });
        }
        const record = await deps.store.sessions.get(id, { apiKeyId: key.id });
        if (!record) throw new HttpError('PROVEFY_ERR_SESSION_NOT_FOUND');
        return json({ ...contractJsonOf(record, new Date(deps.store.now())), redactedAt: record.redactedAt?.toISOString() ?? null });
      },
    }),
  ];
}

/** The session as of now for its key; an overdue session is persisted as EXPIRED (and its webhook enqueued). */
async function currentSession(ctx: Context, deps: AppDeps, id: string) {
  const key = requireApiKey(ctx);
  const record = await deps.store.sessions.get(id, { apiKeyId: key.id });
  if (!record) throw new HttpError('PROVEFY_ERR_SESSION_NOT_FOUND');
  const now = new Date(deps.store.now());
  const json = contractJsonOf(record, now);
  if (record.redactedAt !== null || json.status === record.status) return json;
  return toContractJson((await transitionSession(deps.store, id, { apiKeyId: key.id }, (s) => s)).after);
}
