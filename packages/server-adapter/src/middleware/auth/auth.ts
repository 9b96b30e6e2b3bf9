import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Middleware } from '../../http/context.js';
import { HttpError } from '../../http/http-error.js';
import type { ApiKey, ApiKeyRepository } from '../../storage/types.js';

declare module '../../http/context.js' {
  interface ContextVars {
    /** The authenticated API key (set by {@link apiKeyAuth} / {@link resolveApiKey}). */
    apiKey?: ApiKey | null;
  }
}

/** The shape of an API key: `kyc_live_` or `kyc_test_` and 32 or more base62 characters. */
export const API_KEY_PATTERN = /^kyc_(live|test)_[A-Za-z0-9]{32,128}$/;

/**
 * The token of an `Authorization: Bearer <token>` header, or null (missing, other scheme, empty, or over 512 chars).
 *
 * @example
 * ```ts
 * bearerToken(new Request('http://x', { headers: { authorization: 'Bearer kyc_live_abc' } })); // 'kyc_live_abc'
 * ```
 */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (header === null || header.length > 600) return null;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m ? m[1]! : null;
}

/**
 * Resolves the API key of a request once (cached on `ctx.vars.apiKey`): null when the header is missing, malformed,
 * unknown or revoked. Keys are looked up by the SHA-256 of the presented key through a unique index, so no comparison
 * ever runs over the secret itself and the lookup time does not depend on how many leading characters are right.
 *
 * @example
 * ```ts
 * const key = await resolveApiKey(ctx, store.apiKeys); // ApiKey | null
 * ```
 */
export async function resolveApiKey(ctx: Context, apiKeys: Pick<ApiKeyRepository, 'authenticate'>): Promise<ApiKey | null> {
  if (ctx.vars.apiKey !== undefined) return ctx.vars.apiKey;
  const token = bearerToken(ctx.request);
  let key: ApiKey | null = null;
  if (token !== null && API_KEY_PATTERN.test(token)) {
    const found = await apiKeys.authenticate(token);
    if (found && found.revokedAt === null && token.startsWith(`kyc_${found.mode}_`)) key = found;
  }
  ctx.vars.apiKey = key;
  return key;
}

/**
 * Requires a valid, unrevoked API key (`Authorization: Bearer kyc_live_...`), else 401.
 *
 * @example
 * ```ts
 * const route = defineRoute({ ..., middleware: [apiKeyAuth(store.apiKeys)] });
 * ```
 */
export function apiKeyAuth(apiKeys: Pick<ApiKeyRepository, 'authenticate'>): Middleware {
  return async (ctx, next) => {
    const key = await resolveApiKey(ctx, apiKeys);
    if (!key) {
      ctx.responseHeaders.set('www-authenticate', 'Bearer realm="provefy"');
      throw new HttpError('PROVEFY_ERR_UNAUTHORIZED');
    }
    return next();
  };
}

/** The API key of an authenticated request (throws 401 when the route did not authenticate). */
export function requireApiKey(ctx: Context): ApiKey {
  const key = ctx.vars.apiKey;
  if (!key) throw new HttpError('PROVEFY_ERR_UNAUTHORIZED');
  return key;
}

/**
 * Constant-time equality of two secrets (compares their SHA-256 digests, so lengths leak nothing either).
 *
 * @example
 * ```ts
 * constantTimeEqual('a-long-admin-token', presented); // boolean
 * ```
 */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * Guards the admin API with a static admin token (`Authorization: Bearer <token>`), compared in constant time.
 * Without a configured token the admin API answers 403 (disabled).
 *
 * @example
 * ```ts
 * const mw = adminAuth(process.env.PROVEFY_ADMIN_TOKEN);
 * ```
 */
export function adminAuth(adminToken: string | undefined): Middleware {
  return async (ctx, next) => {
    if (!adminToken) throw new HttpError('PROVEFY_ERR_ADMIN_DISABLED');
    const token = bearerToken(ctx.request);
    if (token === null || !constantTimeEqual(token, adminToken)) {
      ctx.responseHeaders.set('www-authenticate', 'Bearer realm="provefy-admin"');
      throw new HttpError('PROVEFY_ERR_ADMIN_UNAUTHORIZED');
    }
    return next();
  };
}
