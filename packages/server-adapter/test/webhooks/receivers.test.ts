/**
 * The receiver examples of docs/webhooks.md (the files in ./examples, included verbatim in the
 * doc) really verify real deliveries from the worker, and refuse forged ones.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KyselyStore, createWebhookWorker, signWebhook } from '../../src/index.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { createExpressReceiver } from './examples/express-receiver.js';
import { createFastifyReceiver } from './examples/fastify-receiver.js';
import { createHonoReceiver } from './examples/hono-receiver.js';

const docs = readFileSync(fileURLToPath(new URL('../../../../docs/webhooks.md', import.meta.url)), 'utf8');
const example = (name: string) => readFileSync(fileURLToPath(new URL(`./examples/${name}`, import.meta.url)), 'utf8');

type Started = { url: string; close: () => Promise<void> };
type Framework = { name: string; file: string; start: (secret: string, onEvent: (e: Record<string, unknown>) => void) => Promise<Started> };

const frameworks: Framework[] = [
  {
    name: 'Express',
    file: 'express-receiver.ts',
    async start(secret, onEvent) {
      const server = await new Promise<Server>((r) => {
        const s = createExpressReceiver(secret, onEvent).listen(0, '127.0.0.1', () => r(s));
      });
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/kyc`,
        close: () => new Promise((r) => server.close(() => r())),
      };
    },
  },
  {
    name: 'Fastify',
    file: 'fastify-receiver.ts',
    async start(secret, onEvent) {
      const app = createFastifyReceiver(secret, onEvent);
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url: `${address}/webhook/kyc`, close: () => app.close() };
    },
  },
  {
    name: 'Hono',
    file: 'hono-receiver.ts',
    async start(secret, onEvent) {
      const server = await new Promise<Server>((r) => {
        const s = serve({ fetch: createHonoReceiver(secret, onEvent).fetch, port: 0, hostname: '127.0.0.1' }, () => r(s as Server));
      });
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/kyc`,
        close: () => new Promise((r) => server.close(() => r())),
      };
    },
  },
];

describe('docs/webhooks.md receiver examples', () => {
  let db: TestDatabase;
  let store: KyselyStore;
  beforeAll(async () => {
    db = targets[0]!.database();
    store = await db.open();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  for (const fw of frameworks) {
    it(`${fw.name}: the documented code is the tested code`, () => {
      expect(docs).toContain(example(fw.file).trim());
    });

    it(`${fw.name}: accepts a real signed delivery, refuses forged, tampered and replayed requests`, async () => {
      const { apiKey, webhookSecret } = await store.apiKeys.create({ name: fw.name, allowPrivateCallbacks: true });
      const received: Record<string, unknown>[] = [];
      const server = await fw.start(webhookSecret, (e) => received.push(e));
      try {
        const payload = { event: 'verification.completed', sessionId: `s-${fw.name}`, externalRef: 'user_12345 ✓', overallResult: 'APPROVED', metadata: { plan: 'premium' } };
        const ev = await store.webhooks.enqueue({ apiKeyId: apiKey.id, sessionId: null, type: 'verification.completed', url: server.url, payload });
        await createWebhookWorker(store).runOnce();
        expect((await store.webhooks.attempts(ev.id)).map((a) => a.statusCode)).toEqual([200]);
        expect(received).toEqual([payload]);

        const body = JSON.stringify(payload);
        const post = (headers: Record<string, string>, b = body) =>
          fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: b }).then((r) => r.status);
        expect(await post(signWebhook(body, 'whsec_forged_forged_forged_forged_00'))).toBe(401); // wrong secret
        expect(await post(signWebhook(body, webhookSecret), body.replace('APPROVED', 'REJECTED'))).toBe(401); // tampered
        expect(await post(signWebhook(body, webhookSecret, Date.now() / 1000 - 3600))).toBe(401); // replayed an hour later
        expect(await post({})).toBe(401); // unsigned
        expect(await post(signWebhook(body, webhookSecret))).toBe(200); // control: a fresh genuine signature passes
        expect(received).toHaveLength(2);
      } finally {
        await server.close();
      }
    });
  }
});
