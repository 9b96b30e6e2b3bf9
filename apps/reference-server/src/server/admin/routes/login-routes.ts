import { type Context, HttpError, type Route, type Store, json } from '@provefy/server-adapter';
import { dashboardRoute, invalidField, readJsonObject } from '../../http/dashboard-route.js';
import type { AdminAccounts } from '../auth/admin-accounts.js';
import { assertSameOrigin, clearedCookie, requireAdmin, sessionCookie, sessionToken } from '../auth/admin-guard.js';
import { passwordProblem } from '../auth/password-hash.js';

export interface LoginRouteDeps {
  store: () => Store;
  accounts: () => AdminAccounts;
  /** Login attempts per client IP and minute (default 10). */
  loginPerIpPerMinute?: number;
  /** Login attempts per username in 15 minutes, from anywhere (default 30). */
  loginPerUserPer15Min?: number;
}

function str(body: Record<string, unknown>, field: string, max = 300): string {
  const v = body[field];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw invalidField(field);
  return v;
}

/**
 * Dashboard sign-in: one-time setup (`POST /admin/api/setup` with the token of the printed link and a new password),
 * login, logout, the current session (with its CSRF token) and password change. Login and setup are rate-limited per
 * client IP and per username in the shared database, so limits hold across instances.
 *
 * @example
 * ```ts
 * const routes = loginRoutes({ store: () => store, accounts: () => accounts });
 * ```
 */
export function loginRoutes(deps: LoginRouteDeps): Route[] {
  const perIp = deps.loginPerIpPerMinute ?? 10;
  const perUser = deps.loginPerUserPer15Min ?? 30;

  const limit = async (req: Context, username: string) => {
    const store = deps.store();
    const byIp = await store.rateLimits.hit(`admin-login:ip:${req.clientIp}`, perIp, { windowMs: 60_000 });
    const byUser = byIp.allowed ? await store.rateLimits.hit(`admin-login:user:${username.toLowerCase().slice(0, 64)}`, perUser, { windowMs: 15 * 60_000 }) : byIp;
    const blocked = !byIp.allowed ? byIp : !byUser.allowed ? byUser : null;
    if (blocked) throw new HttpError('PROVEFY_ERR_RATE_LIMITED', 'Too many sign-in attempts, try again later', {
        headers: { 'retry-after': String(Math.max(1, blocked.retryAfterSeconds)) },
      });
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
    await limit(req, 'setup');
    const started = await deps.accounts().completeSetup(token, password as string);
    if (!started) throw new HttpError('PROVEFY_ERR_ADMIN_UNAUTHORIZED', 'This setup link is not valid or was already used');
    await audit('admin.setup_completed', started.session.username);
    return json({ username: started.session.username, csrfToken: started.session.csrfToken }, 200, { 'set-cookie': sessionCookie(started.token, req.https) });
  }),

  dashboardRoute('POST', '/admin/api/login', async (req) => {
    assertSameOrigin(req);
    const body = await readJsonObject(req);
    const username = str(body, 'username', 64);
    const password = str(body, 'password', 200);
    await limit(req, username);
    const started = await deps.accounts().login(username, password);
    if (!started) {
      await audit('admin.login_failed', username.replace(/[^A-Za-z0-9_.-]/g, '?').slice(0, 64));
      throw new HttpError('PROVEFY_ERR_ADMIN_UNAUTHORIZED', 'Wrong username or password');
    }
    await audit('admin.login', started.session.username);
    return json({ username: started.session.username, csrfToken: started.session.csrfToken }, 200, { 'set-cookie': sessionCookie(started.token, req.https) });
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
    await limit(req, session.username);
    const ok = await deps.accounts().changePassword(session.username, current, body.newPassword as string, sessionToken(req) ?? '');
    if (!ok) throw invalidField('currentPassword', 'The current password is wrong');
    await audit('admin.password_changed', session.username);
    return json({ ok: true });
  }),
  ];
}
