import { type Context, HttpError, type Route, type Store, json } from '@provefy/server-adapter';
import { dashboardRoute, invalidField, readJsonObject } from '../../http/dashboard-route.js';
import type { AdminAccounts } from '../auth/admin-accounts.js';
import { assertSameOrigin, clearedCookie, requireAdmin, sessionCookie, sessionToken } from '../auth/admin-guard.js';
import { createLoginThrottle, type DeviceSigner } from '../auth/login-throttle.js';
import { passwordProblem } from '../auth/password-hash.js';

export interface LoginRouteDeps {
  store: () => Store;
  accounts: () => AdminAccounts;
  /** Signs the known-browser cookies (the store's keyring, shared by every instance). */
  signer: DeviceSigner;
  /** Sign-in attempts per client IP and minute from browsers not known for the account (default 10). */
  loginPerIpPerMinute?: number;
  /** Failed sign-ins of one account (or one known browser) in 15 minutes before each try waits longer (default 5). */
  freeFailures?: number;
}

function str(body: Record<string, unknown>, field: string, max = 300): string {
  const v = body[field];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw invalidField(field);
  return v;
}

/**
 * Dashboard sign-in: one-time setup (`POST /admin/api/setup` with the token of the printed link and a new password),
 * login, logout, the current session (with its CSRF token) and password change. Sign-in and password change go through
 * the login throttle (`createLoginThrottle`: backoff per account and per known browser, a per-IP limit, never a lockout
 * of a browser that signed in before); setup is limited per client IP. All counters are in the shared database.
 *
 * @example
 * ```ts
 * const routes = loginRoutes({ store: () => store, accounts: () => accounts });
 * ```
 */
export function loginRoutes(deps: LoginRouteDeps): Route[] {
  const perIp = deps.loginPerIpPerMinute ?? 10;
  const throttle = createLoginThrottle({ store: deps.store, signer: deps.signer, perIpPerMinute: perIp, ...(deps.freeFailures !== undefined ? { freeFailures: deps.freeFailures } : {}) });
  const setupLimit = async (req: Context) => {
    const byIp = await deps.store().rateLimits.hit(`admin-setup:ip:${req.clientIp}`, perIp, { windowMs: 60_000 });
    if (!byIp.allowed) {
      throw new HttpError('PROVEFY_ERR_RATE_LIMITED', 'Too many sign-in attempts, try again later', { headers: { 'retry-after': String(Math.max(1, byIp.retryAfterSeconds)) } });
    }
  };
  const audit = (action: string, username: string) => deps.store().audit.append({ action, actor: `admin:${username}` }).catch(() => undefined);

  return [
  dashboardRoute('POST', '/admin/api/setup', async (req) => {
    assertSameOrigin(req);
    const body = await readJsonObject(req);
    const token = str(body, 'token', 200);
    const password = body.password;
    const problem = passwordProblem(password);
    if (problem) throw invalidField('password', problem);
    await setupLimit(req);
    const started = await deps.accounts().completeSetup(token, password as string);
    if (!started) throw new HttpError('PROVEFY_ERR_SETUP_LINK');
    await audit('admin.setup_completed', started.session.username);
    return json({ username: started.session.username, csrfToken: started.session.csrfToken }, 200, { 'set-cookie': sessionCookie(started.token, req.https) });
  }),

  dashboardRoute('POST', '/admin/api/login', async (req) => {
    assertSameOrigin(req);
    const body = await readJsonObject(req);
    const username = str(body, 'username', 64);
    const password = str(body, 'password', 200);
    const attempt = await throttle.begin(req, username);
    const started = await deps.accounts().login(username, password);
    if (!started) {
      await throttle.failed(attempt);
      await audit('admin.login_failed', username.replace(/[^A-Za-z0-9_.-]/g, '?').slice(0, 64));
      throw new HttpError('PROVEFY_ERR_LOGIN_FAILED');
    }
    await audit('admin.login', started.session.username);
    return json({ username: started.session.username, csrfToken: started.session.csrfToken }, 200, [
      ['set-cookie', sessionCookie(started.token, req.https)],
      ['set-cookie', throttle.succeeded(req, attempt)],
    ]);
  }),

  dashboardRoute('POST', '/admin/api/logout', async (req) => {
    assertSameOrigin(req);
    await deps.accounts().logout(sessionToken(req));
    return json({ ok: true }, 200, { 'set-cookie': clearedCookie(req.https) });
  }),

  dashboardRoute('GET', '/admin/api/session', async (req) => {
    const session = await requireAdmin(req, deps.accounts());
    return json({ username: session.username, csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() });
  }),

  dashboardRoute('POST', '/admin/api/password', async (req) => {
    const session = await requireAdmin(req, deps.accounts());
    const body = await readJsonObject(req);
    const current = str(body, 'currentPassword', 200);
    const problem = passwordProblem(body.newPassword);
    if (problem) throw invalidField('newPassword', problem);
    const attempt = await throttle.begin(req, session.username);
    const ok = await deps.accounts().changePassword(session.username, current, body.newPassword as string, sessionToken(req) ?? '');
    if (!ok) {
      await throttle.failed(attempt);
      throw invalidField('currentPassword', 'The current password is wrong');
    }
    await audit('admin.password_changed', session.username);
    return json({ ok: true });
  }),
  ];
}
