import { createHash, timingSafeEqual } from 'node:crypto';
import { type Context, HttpError } from '@provefy/server-adapter';
import { ADMIN_SESSION_TTL_MS, type AdminAccounts, type AdminSession } from './admin-accounts.js';

/**
 * Cookie name: `__Host-` prefixed over TLS (then it is Secure, host-only, Path=/).
 *
 * @example
 * ```ts
 * adminCookieName(true); // '__Host-provefy_admin'
 * ```
 */
export function adminCookieName(https: boolean): string {
  return https ? '__Host-provefy_admin' : 'provefy_admin';
}

/**
 * The dashboard session cookie: HttpOnly, SameSite=Strict, Secure over TLS.
 *
 * @example
 * ```ts
 * sessionCookie('abc', true); // '__Host-provefy_admin=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure'
 * ```
 */
export function sessionCookie(token: string, https: boolean, maxAgeSeconds = ADMIN_SESSION_TTL_MS / 1000): string {
  return `${adminCookieName(https)}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${https ? '; Secure' : ''}`;
}

/**
 * A `Set-Cookie` value that clears the session cookie.
 *
 * @example
 * ```ts
 * res.headers.set('set-cookie', clearedCookie(req.https));
 * ```
 */
export function clearedCookie(https: boolean): string {
  return sessionCookie('', https, 0);
}

/**
 * A cookie's value from the `Cookie` header, or null.
 *
 * @example
 * ```ts
 * readCookie('a=1; provefy_admin=xyz', 'provefy_admin'); // 'xyz'
 * ```
 */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim() || null;
  }
  return null;
}

/**
 * The session token a request carries (the `__Host-` cookie over TLS, else the plain one).
 *
 * @example
 * ```ts
 * await accounts.session(sessionToken(req)); // AdminSession | null
 * ```
 */
export function sessionToken(req: Context): string | null {
  const header = req.request.headers.get('cookie');
  return readCookie(header, adminCookieName(req.https)) ?? (req.https ? null : readCookie(header, adminCookieName(true)));
}

function equal(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses cross-site state changes: for unsafe methods, `Sec-Fetch-Site` (when sent) must be same-origin and `Origin`
 * (when sent) must be this server's origin. Browsers always send at least one of them on cross-site POSTs.
 *
 * @example
 * ```ts
 * assertSameOrigin(req); // throws 403 for a form posted from another site
 * ```
 */
export function assertSameOrigin(req: Context): void {
  if (!UNSAFE.has(req.method)) return;
  const site = req.request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') throw new HttpError('PROVEFY_ERR_FORBIDDEN', 'Cross-site request refused');
  const origin = req.request.headers.get('origin');
  if (origin !== null && origin !== req.url.origin) throw new HttpError('PROVEFY_ERR_FORBIDDEN', 'Cross-origin request refused');
}

/**
 * Requires a signed-in dashboard session; for unsafe methods also the session's CSRF token in `X-CSRF-Token`
 * (synchronizer token: the token is only readable by the dashboard's own script) and a same-origin request.
 * 401 without a session, 403 for a missing or wrong CSRF token.
 *
 * @example
 * ```ts
 * const session = await requireAdmin(req, accounts);
 * ```
 */
export async function requireAdmin(req: Context, accounts: AdminAccounts): Promise<AdminSession> {
  const session = await accounts.session(sessionToken(req));
  if (!session) throw new HttpError('PROVEFY_ERR_ADMIN_UNAUTHORIZED', 'Sign in to the dashboard');
  if (UNSAFE.has(req.method)) {
    assertSameOrigin(req);
    const csrf = req.request.headers.get('x-csrf-token');
    if (!csrf || !equal(csrf, session.csrfToken)) throw new HttpError('PROVEFY_ERR_FORBIDDEN', 'Missing or invalid CSRF token');
  }
  return session;
}
