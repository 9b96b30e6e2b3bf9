import type { Context, Middleware } from '../../http/context.js';
import { HttpError } from '../../http/http-error.js';
import type { RateLimitDecision, RateLimitRepository } from '../../storage/types.js';

/** Who a request counts against. */
export interface RateLimitPrincipal {
  /** Counter bucket, e.g. `key:<apiKeyId>`, `flow:<sessionId>`, `ip:<address>`. */
  bucket: string;
  /** Requests allowed per window. */
  limit: number;
}

declare module '../../http/context.js' {
  interface ContextVars {
    rateLimit?: RateLimitDecision;
  }
}

export interface RateLimitOptions {
  /** The shared counter (the store's `rateLimits`: atomic across instances on one database). */
  limiter: Pick<RateLimitRepository, 'hit'>;
  /** Picks the bucket and limit of a request (null: not limited, no headers). */
  identify: (ctx: Context) => Promise<RateLimitPrincipal | null>;
  /** Window length (default 60 s). */
  windowMs?: number;
}

/**
 * The `X-RateLimit-*` headers of a decision (plus `Retry-After` when refused).
 *
 * @example
 * ```ts
 * rateLimitHeaders({ allowed: true, limit: 100, remaining: 95, resetAt: 1709812800, retryAfterSeconds: 0 });
 * // { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '95', 'x-ratelimit-reset': '1709812800' }
 * ```
 */
export function rateLimitHeaders(d: RateLimitDecision): Record<string, string> {
  const h: Record<string, string> = {
    'x-ratelimit-limit': String(d.limit),
    'x-ratelimit-remaining': String(Math.max(0, d.remaining)),
    'x-ratelimit-reset': String(d.resetAt),
  };
  if (!d.allowed) h['retry-after'] = String(Math.max(1, Math.ceil(d.retryAfterSeconds)));
  return h;
}

/**
 * Sliding-window rate limiting with the contract's headers on every response (errors included) and `Retry-After` on 429.
 * The count is taken before the request runs, so of 2N concurrent requests with limit N exactly N pass.
 *
 * @example
 * ```ts
 * const mw = rateLimit({ limiter: store.rateLimits, identify: async (ctx) => ({ bucket: `ip:${ctx.clientIp}`, limit: 300 }) });
 * ```
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const windowMs = options.windowMs ?? 60_000;
  return async (ctx, next) => {
    const principal = await options.identify(ctx);
    if (!principal) return next();
    const decision = await options.limiter.hit(principal.bucket, principal.limit, { windowMs });
    ctx.vars.rateLimit = decision;
    for (const [k, v] of Object.entries(rateLimitHeaders(decision))) ctx.responseHeaders.set(k, v);
    if (!decision.allowed) {
      throw new HttpError('PROVEFY_ERR_RATE_LIMITED', `Rate limit exceeded: ${decision.limit} requests per ${Math.round(windowMs / 1000)} seconds`);
    }
    return next();
  };
}
