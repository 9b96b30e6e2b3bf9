import Fastify from 'fastify';
import { verifyWebhookSignature } from '@provefy/server-adapter';

/** Builds a Fastify instance that accepts only genuine Provefy webhooks. */
export function createFastifyReceiver(secret: string, onEvent: (event: Record<string, unknown>) => void) {
  const app = Fastify();
  // Keep the raw bytes for JSON bodies (in this instance or an encapsulated plugin).
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post('/webhook/kyc', async (req, reply) => {
    const rawBody = req.body as Buffer;
    const check = verifyWebhookSignature({ rawBody, headers: req.headers, secret });
    if (!check.valid) return reply.code(401).send({ error: 'Invalid signature', reason: check.reason });
    // Deliveries are at-least-once: deduplicate on req.headers['x-kyc-event-id'] if it matters.
    onEvent(JSON.parse(rawBody.toString('utf8')));
    return { received: true };
  });
  return app;
}

// Usage: await createFastifyReceiver(process.env.KYC_WEBHOOK_SECRET!, handle).listen({ port: 3000 });
