import type { Middleware } from '../../http/context.js';

export interface SecurityHeadersOptions {
  /** Send `Strict-Transport-Security` (default `'auto'`: only when the request came over https, see `Context.https`). */
  hsts?: boolean | 'auto';
  /** `max-age` of HSTS in seconds (default 1 year). */
  hstsMaxAge?: number;
}

/**
 * Sets defensive headers on every response: no MIME sniffing, no caching of API answers, no referrer, a CSP that
 * forbids everything (responses are JSON, never HTML), no framing, and HSTS over https.
 *
 * @example
 * ```ts
 * const chain = [securityHeaders({ hsts: 'auto' })];
 * ```
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): Middleware {
  const { hsts = 'auto', hstsMaxAge = 31_536_000 } = options;
  return async (ctx, next) => {
    const h = ctx.responseHeaders;
    h.set('x-content-type-options', 'nosniff');
    h.set('referrer-policy', 'no-referrer');
    h.set('x-frame-options', 'DENY');
    h.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    h.set('cross-origin-opener-policy', 'same-origin');
    h.set('cache-control', 'no-store');
    h.set('x-request-id', ctx.requestId);
    if (hsts === true || (hsts === 'auto' && ctx.https)) {
      h.set('strict-transport-security', `max-age=${hstsMaxAge}; includeSubDomains`);
    }
    return next();
  };
}
