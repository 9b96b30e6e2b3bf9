import express from 'express';
import { verifyWebhookSignature } from '@provefy/server-adapter';

/** Builds an Express app that accepts only genuine Provefy webhooks. */
export function createExpressReceiver(secret: string, onEvent: (event: Record<string, unknown>) => void) {
  const app = express();
  // express.raw keeps the exact bytes: the signature covers the raw body, not re-serialized JSON.
  app.post('/webhook/kyc', express.raw({ type: 'application/json', limit: '1mb' }), (req, res) => {
    const check = verifyWebhookSignature({ rawBody: req.body, headers: req.headers, secret });
    if (!check.valid) {
      res.status(401).json({ error: 'Invalid signature', reason: check.reason });
      return;
    }
    // Deliveries are at-least-once: deduplicate on req.headers['x-kyc-event-id'] if it matters.
    onEvent(JSON.parse(req.body.toString('utf8')));
    res.status(200).json({ received: true });
  });
  return app;
}

// Usage: createExpressReceiver(process.env.KYC_WEBHOOK_SECRET!, handle).listen(3000);
