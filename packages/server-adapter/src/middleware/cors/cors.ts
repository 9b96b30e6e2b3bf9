import type { Middleware } from '../../http/context.js';

export interface CorsOptions {
  /** Path prefixes that answer CORS (default: the flow endpoints and the OpenAPI document). */
  paths?: string[];
  /**
   * Allowed origins: `'*'` (default: the flow endpoints authenticate with the session token in the URL, never with
   * cookies, so any origin may call them), a list of exact origins, or a predicate.
   */
  origins?: '*' | string[] | ((origin: string) => boolean);
  /** Preflight cache lifetime in seconds (default 600). */
  maxAge?: number;
}

const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key';
const EXPOSED_HEADERS = 'x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, retry-after, x-request-id';

/**
 * CORS for the browser-facing endpoints (the hosted page and the kiosk call the flow endpoints, possibly from another
 * origin). Never sends `Access-Control-Allow-Credentials`: nothing here is cookie-authenticated. Preflight headers are
 * added and the request continues, so the rate limiter still counts and labels it; the router answers `OPTIONS` on a
 * known path with 204.
 *
 * @example
 * ```ts
 * const chain = [cors({ paths: ['/api/v1/flow'], origins: ['https://verify.example.com'] })];
 * ```
 */
export function cors(options: CorsOptions = {}): Middleware {
  const { paths = ['/api/v1/flow', '/api/v1/openapi.json'], origins = '*', maxAge = 600 } = options;
  const isAllowed = (origin: string): boolean =>
    origins === '*' ? true : typeof origins === 'function' ? origins(origin) : origins.includes(origin);
  return async (ctx, next) => {
    const origin = ctx.request.headers.get('origin');
    const applies = paths.some((p) => ctx.url.pathname === p || ctx.url.pathname.startsWith(`${p}/`));
    if (!applies || origin === null) return next();
    if (!isAllowed(origin)) return next();
    const h = ctx.responseHeaders;
    h.set('access-control-allow-origin', origins === '*' ? '*' : origin);
    if (origins !== '*') h.append('vary', 'Origin');
    h.set('access-control-expose-headers', EXPOSED_HEADERS);
    if (ctx.method === 'OPTIONS' && ctx.request.headers.has('access-control-request-method')) {
      h.set('access-control-allow-methods', 'GET, POST, OPTIONS');
      h.set('access-control-allow-headers', ALLOWED_HEADERS);
      h.set('access-control-max-age', String(maxAge));
    }
    return next();
  };
}
