import type { Context, Route, Store } from '@provefy/server-adapter';
import { dashboardRoute } from '../../http/dashboard-route.js';
import type { AdminAccounts } from '../auth/admin-accounts.js';
import { requireAdmin } from '../auth/admin-guard.js';

export interface KeyRouteDeps {
  store: () => Store;
  accounts: () => AdminAccounts;
  /** The adapter's fetch handler (its admin API lives at `/api/v1/admin/keys`). */
  adapterFetch: (request: Request) => Promise<Response>;
  /** The admin token the adapter checks. */
  adminToken: string;
}

/**
 * API keys in the dashboard: a thin, session- and CSRF-guarded proxy to the adapter's programmatic admin API
 * (`/api/v1/admin/keys`: create, shown once; list and get without secrets; update; revoke; rotate the webhook
 * secret), so the dashboard and scripts validate and audit keys the same way.
 *
 * @example
 * ```ts
 * const routes = keyRoutes({ store: () => store, accounts: () => accounts, adapterFetch: provefy.fetch, adminToken });
 * ```
 */
export function keyRoutes(deps: KeyRouteDeps): Route[] {
  const forward = async (req: Context, method: string, path: string): Promise<Response> => {
    const session = await requireAdmin(req, deps.accounts());
    const headers = new Headers({ authorization: `Bearer ${deps.adminToken}`, 'x-provefy-admin-user': session.username });
    let body: Uint8Array | undefined;
    if (method !== 'GET') {
      body = await req.bodyBytes(256 * 1024);
      headers.set('content-type', req.request.headers.get('content-type') ?? 'application/json');
    }
    const res = await deps.adapterFetch(
      new Request(`${req.url.origin}${path}${req.url.search}`, { method, headers, ...(body && body.byteLength > 0 ? { body: body as BodyInit } : {}) }),
    );
    return new Response(await res.arrayBuffer(), {
      status: res.status,
      headers: { 'content-type': res.headers.get('content-type') ?? 'application/json', 'cache-control': 'no-store' },
    });
  };
  const keyPath = (req: Context, suffix = '') => `/api/v1/admin/keys/${encodeURIComponent(req.params.id ?? '')}${suffix}`;

  return [
    dashboardRoute('GET', '/admin/api/keys', (req) => forward(req, 'GET', '/api/v1/admin/keys')),
    dashboardRoute('POST', '/admin/api/keys', (req) => forward(req, 'POST', '/api/v1/admin/keys')),
    dashboardRoute('GET', '/admin/api/keys/:id', (req) => forward(req, 'GET', keyPath(req))),
    dashboardRoute('PATCH', '/admin/api/keys/:id', (req) => forward(req, 'PATCH', keyPath(req))),
    dashboardRoute('POST', '/admin/api/keys/:id/revoke', (req) => forward(req, 'POST', keyPath(req, '/revoke'))),
    dashboardRoute('POST', '/admin/api/keys/:id/webhook-secret', (req) => forward(req, 'POST', keyPath(req, '/webhook-secret'))),
  ];
}
