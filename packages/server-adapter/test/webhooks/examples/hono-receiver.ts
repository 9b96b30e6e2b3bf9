import { Hono } from 'hono';
import { verifyWebhookSignature } from '@provefy/server-adapter';

/** Builds a Hono app that accepts only genuine Provefy webhooks. */
export function createHonoReceiver(secret: string, onEvent: (event: Record<string, unknown>) => void) {
  const app = new Hono();
  app.post('/webhook/kyc', async (c) => {
    const rawBody = await c.req.text(); // the exact body; do not use c.req.json() before verifying
    const check = verifyWebhookSignature({ rawBody, headers: c.req.raw.headers, secret });
    if (!check.valid) return c.json({ error: 'Invalid signature', reason: check.reason }, 401);
    // Deliveries are at-least-once: deduplicate on c.req.header('x-kyc-event-id') if it matters.
    onEvent(JSON.parse(rawBody));
    return c.json({ received: true });
  });
  return app;
}

// Usage (Node): import { serve } from '@hono/node-server'; serve({ fetch: createHonoReceiver(secret, handle).fetch, port: 3000 });
