import type { Context as HonoContext, Hono } from 'hono';
import { type FetchHandler, handlerPrefixes } from '../shared/node-bridge.js';

/** What @hono/node-server puts on `c.env` (the Node request), used for the client address. */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * A Hono handler serving the Provefy routes: `app.all('/api/v1/*', handler)` and, for the hosted page,
 * `app.all('/verify/*', handler)` (or let {@link mountProvefyOnHono} register both). Hono hands over the original
 * WHATWG Request, so nothing is converted.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { serve } from '@hono/node-server';
 * const app = new Hono();
 * const handler = provefyHonoHandler(provefy.fetch);
 * app.all('/api/v1/*', handler);
 * app.all('/verify/*', handler);
 * serve({ fetch: app.fetch, port: 3000 });
 * ```
 */
export function provefyHonoHandler(fetch: FetchHandler): (c: HonoContext) => Promise<Response> {
  return (c) => fetch(c.req.raw, { clientIp: (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress });
}

/**
 * Registers the Provefy routes on a Hono app: `/api/v1` (or `prefix`) and everything under it, and `/verify/*` while
 * the Provefy instance serves the hosted page (`provefy.fetch.prefixes`).
 *
 * @example
 * ```ts
 * mountProvefyOnHono(app, provefy.fetch);
 * ```
 */
export function mountProvefyOnHono<A extends Hono>(app: A, fetch: FetchHandler, prefix = '/api/v1'): A {
  const handler = provefyHonoHandler(fetch);
  for (const p of handlerPrefixes(fetch).map((x) => (x === '/api/v1' ? prefix.replace(/\/$/, '') : x))) {
    app.all(p, handler);
    app.all(`${p}/*`, handler);
  }
  return app;
}
