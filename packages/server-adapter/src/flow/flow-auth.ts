import type { Session } from '@provefy/core';
import { sessionOf } from '../api/verify/session-service.js';
import type { Context, Middleware } from '../http/context.js';
import { HttpError } from '../http/http-error.js';
import type { ApiKey, SessionRecord, Store } from '../storage/types.js';

/** The session a flow request works on, found by its verification token. */
export interface FlowSession {
  token: string;
  record: SessionRecord;
  session: Session;
  key: ApiKey;
}

declare module '../http/context.js' {
  interface ContextVars {
    flow?: FlowSession | null;
  }
}

/** The shape of a verification token (generated tokens are 43 base62 characters). */
export const VERIFICATION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Finds the session of a verification token once per request (cached on `ctx.vars.flow`): null for a malformed or
 * unknown token, a redacted session, or a session whose API key was revoked.
 *
 * @example
 * ```ts
 * const flow = await resolveFlowSession(ctx, store, token);
 * ```
 */
export async function resolveFlowSession(ctx: Context, store: Store, token: string): Promise<FlowSession | null> {
  if (ctx.vars.flow !== undefined) return ctx.vars.flow;
  let flow: FlowSession | null = null;
  if (VERIFICATION_TOKEN_PATTERN.test(token)) {
    const record = await store.sessions.findByVerificationToken(token);
    if (record && record.redactedAt === null) {
      const key = await store.apiKeys.get(record.apiKeyId);
      if (key && key.revokedAt === null) flow = { token, record, session: sessionOf(record), key };
    }
  }
  ctx.vars.flow = flow;
  return flow;
}

/**
 * Authenticates flow requests by the session token in the path (`/api/v1/flow/:token/...`): 401 for an unknown token.
 * The API key is never used here: the token is what the hosted page and the kiosk hold.
 *
 * @example
 * ```ts
 * const route = defineRoute({ path: '/api/v1/flow/:token', middleware: [flowAuth(store)], ... });
 * ```
 */
export function flowAuth(store: () => Store): Middleware {
  return async (ctx, next) => {
    const flow = await resolveFlowSession(ctx, store(), ctx.params.token ?? '');
    if (!flow) throw new HttpError('PROVEFY_ERR_SESSION_TOKEN');
    return next();
  };
}

/** The flow session of an authenticated flow request. */
export function requireFlow(ctx: Context): FlowSession {
  const flow = ctx.vars.flow;
  if (!flow) throw new HttpError('PROVEFY_ERR_SESSION_TOKEN');
  return flow;
}
