/**
 * The housekeeping job that `createProvefy` starts (SQLite and PostgreSQL): without any request it expires overdue
 * sessions through the state machine and deletes images past retention, expired idempotency keys and rate-limit
 * windows; `close()` stops it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type KyselyStore, type Provefy, createProvefy } from '../../src/index.js';
import { type TestDatabase, targets } from '../storage/targets.js';

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

for (const target of targets) {
  target.describe(`housekeeping started by createProvefy on ${target.name}`, () => {
    let db: TestDatabase;
    let store: KyselyStore;
    let provefy: Provefy;

    beforeAll(async () => {
      db = target.database();
      store = await db.open();
      provefy = createProvefy({ store, webhooks: false, sweepIntervalMs: 50, sessionTtlMs: 200, hostedPage: false });
      await provefy.ready();
    });

    afterAll(async () => {
      await provefy?.close();
      await store?.close();
      await db?.cleanup();
    });

    it('runs by itself: expiry through the state machine, image, idempotency and rate-limit retention', async () => {
      expect(provefy.housekeeping).toBeDefined();
      const { key } = await store.apiKeys.create({ name: 'hk', webhookUrl: 'https://hooks.example.com/k' });
      const res = await provefy.fetch(
        new Request('http://localhost/api/v1/verify', {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ checks: ['liveness'], externalRef: 'hk-1' }),
        }),
      );
      expect(res.status).toBe(201);
      const { sessionId } = (await res.json()) as { sessionId: string };
      const img = new Uint8Array(64).fill(7);
      const old = await store.blobs.put({ sessionId: null, kind: 'selfie', contentType: 'image/jpeg', data: img, retainUntil: new Date(Date.now() - 1) });
      const kept = await store.blobs.put({ sessionId: null, kind: 'selfie', contentType: 'image/jpeg', data: img, retainUntil: new Date(Date.now() + 3_600_000) });
      const apiKeyId = (await store.apiKeys.list()).find((k) => k.name === 'hk')!.id;
      await store.idempotency.begin({ apiKeyId, key: 'hk-idem', fingerprint: 'fp', ttlMs: 1 });
      await store.rateLimits.hit('hk-bucket', 10, { windowMs: 1 });

      expect(await until(async () => (await store.sessions.get(sessionId))?.status === 'EXPIRED')).toBe(true);
      expect(await until(async () => (await store.blobs.get(old.id)) === null)).toBe(true);
      expect(await store.blobs.get(kept.id)).not.toBeNull();
      const events = await store.webhooks.list({ sessionId });
      expect(events.map((e) => e.type)).toEqual(['verification.expired']);
      expect(JSON.parse(events[0]!.body!)).toMatchObject({ event: 'verification.expired', sessionId, externalRef: 'hk-1', overallResult: null, checks: { liveness: { result: null } } });
      // A few runs later the expired idempotency key and rate-limit window are gone (nothing left to sweep here).
      await new Promise((r) => setTimeout(r, 200));
      expect(await store.idempotency.sweep(new Date())).toBe(0);
      expect(await store.rateLimits.sweep(Date.now())).toBe(0);

      await provefy.close();
      const after = await store.blobs.put({ sessionId: null, kind: 'selfie', contentType: 'image/jpeg', data: img, retainUntil: new Date(Date.now() - 1) });
      await new Promise((r) => setTimeout(r, 300));
      expect(await store.blobs.get(after.id)).not.toBeNull(); // stopped
    });
  });
}
