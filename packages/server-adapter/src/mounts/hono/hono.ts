import type { Context as HonoContext, Hono } from 'hono';
import type { FetchHandler } from '../shared/node-bridge.js';

/** What @hono/node-server puts on `c.env` (the Node request), used for the client address. */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * A Hono handler serving the Provefy routes: `app.all('/api/v1/*', provefyHonoHandler(provefy.fetch))`. Hono hands
 * over the original WHATWG Request, so nothing is converted.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { serve } from '@hono/node-server';
 * const app = new Hono();
 * app.all('/api/v1/*', provefyHonoHandler(provefy.fetch));
 * serve({ fetch: app.fetch, port: 3000 });
 * ```
 */
export function provefyHonoHandler(fetch: FetchHandler): (c: HonoContext) => Promise<Response> {
  return (c) => fetch(c.req.raw, { clientIp: (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress });
}

/**
 * Registers the Provefy routes on a Hono app (`/api/v1` and everything under it).
 *
 * @example
 * ```ts
 * mountProvefyOnHono(app, provefy.fetch);
 * ```
 */
export function mountProvefyOnHono<A extends Hono>(app: A, fetch: FetchHandler, prefix = '/api/v1'): A {
  const handler = provefyHonoHandler(fetch);
  app.all(prefix, handler);
  app.all(`${prefix}/*`, handler);
  return app;
}
