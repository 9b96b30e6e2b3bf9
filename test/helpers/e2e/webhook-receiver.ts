import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: any;
}

/**
 * The contract's own verification snippet (HMAC-SHA256 hex of the body with the webhook secret, constant-time
 * compare), applied to the raw body exactly as received.
 */
export function contractVerify(body: string, signature: string, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(body).digest('hex');
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

/** A local webhook receiver (and redirect landing page) on 127.0.0.1 with a random port. */
export interface WebhookReceiver {
  readonly url: string;
  readonly origin: string;
  readonly received: ReceivedWebhook[];
  /** Resolves with the first request matching `pred` (waits up to `timeoutMs`). */
  waitFor(pred: (w: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
  readonly server: Server;
}

/**
 * Starts a receiver: `POST /hook` records the webhook and answers 200; `GET /done?...` is the redirect landing page;
 * extra GET routes serve HTML (`pages`), e.g. a page embedding the verification flow in an iframe.
 *
 * @example
 * ```ts
 * const rx = await startWebhookReceiver();
 * const hook = await rx.waitFor((w) => w.body.event === 'verification.completed');
 * ```
 */
export async function startWebhookReceiver(pages: Record<string, () => string> = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (req.method === 'POST' && path === '/hook') {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = JSON.parse(rawBody);
        } catch {
          /* recorded as is */
        }
        received.push({ path, headers: req.headers, rawBody, body });
        for (const w of waiters.splice(0)) w();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
        return;
      }
      const page = pages[path];
      if (req.method === 'GET' && page) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page());
        return;
      }
      if (req.method === 'GET' && path === '/done') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>done</title><h1>Back at the integrator</h1>');
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/hook`,
    origin,
    received,
    server,
    async waitFor(pred, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no matching webhook within ${timeoutMs} ms (got ${received.length}: ${received.map((r) => r.rawBody.slice(0, 120)).join(' | ')})`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 250);
        });
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
