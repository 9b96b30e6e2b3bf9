/** One year, the usual HSTS max-age. */
export const HSTS_MAX_AGE = 31_536_000;

/**
 * A serialisable origin like `https://yourapp.com` or `http://localhost:5173`, or null for anything else.
 *
 * @example
 * ```ts
 * normaliseOrigin('https://shop.example/checkout'); // 'https://shop.example'
 * ```
 */
export function normaliseOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * The CSP of the hosted verification page: scripts, styles and connections only to this server; images also from the
 * key's logo origin and from blob:/data: (captured frames); camera streams; framing only by the key's allowed frame
 * origins (`frame-ancestors 'none'` without any).
 *
 * @example
 * ```ts
 * hostedPageCsp({ frameOrigins: ['https://shop.example'], logoUrl: 'https://cdn.example/logo.png' });
 * // "default-src 'none'; script-src 'self'; ... img-src 'self' data: blob: https://cdn.example; ... frame-ancestors https://shop.example"
 * ```
 */
export function hostedPageCsp(opts: { frameOrigins: readonly string[]; logoUrl?: string | null }): string {
  const frame = opts.frameOrigins.map(normaliseOrigin).filter((o): o is string => o !== null);
  const logo = opts.logoUrl ? normaliseOrigin(opts.logoUrl) : null;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${logo ? ` ${logo}` : ''}`,
    "media-src 'self' blob: mediastream:",
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frame.length > 0 ? [...new Set(frame)].join(' ') : "'none'"}`,
  ].join('; ');
}

/**
 * Headers every HTML page gets: its CSP, no sniffing, no referrer (the hosted page's URL holds the session token),
 * a permissions policy, and HSTS when the request came over TLS. `X-Frame-Options` is only sent when nobody may frame
 * the page (it cannot express an allow-list; CSP `frame-ancestors` does).
 *
 * @example
 * ```ts
 * pageHeaders({ csp: "default-src 'none'", https: true, camera: false, framable: false });
 * ```
 */
export function pageHeaders(opts: { csp: string; https: boolean; camera: boolean; framable: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': opts.csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': opts.camera ? 'camera=(self), microphone=(), geolocation=(), payment=()' : 'camera=(), microphone=(), geolocation=(), payment=()',
    'cache-control': 'no-store',
  };
  if (!opts.framable) {
    headers['x-frame-options'] = 'DENY';
    headers['cross-origin-opener-policy'] = 'same-origin';
  }
  if (opts.https) headers['strict-transport-security'] = `max-age=${HSTS_MAX_AGE}; includeSubDomains`;
  return headers;
}
