/**
 * Several instances, one database: two stores (separate connection pools / connections) each
 * run a worker over the same outbox. Every event must be delivered exactly once
 * (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: single-statement lease under the write lock).
 */
import { afterAll, expect, it } from 'vitest';
import { createWebhookWorker } from '../../src/index.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { startReceiver, waitFor } from './receiver.js';

const N = 60;

for (const target of targets) {
  target.describe(`two workers on ${target.name}`, () => {
    const dbs: TestDatabase[] = [];
    afterAll(async () => {
      for (const d of dbs) await d.cleanup();
    });

    it(`deliver each of ${N} events exactly once`, async () => {
      const db = target.database();
      dbs.push(db);
      const a = await db.open();
      const b = await db.open();
      const { apiKey } = await a.apiKeys.create({ name: 'Multi', allowPrivateCallbacks: true });
      // Small random receiver latency so the two workers interleave.
      const receiver = await startReceiver(() => new Promise((r) => setTimeout(() => r(200), Math.random() * 15)));
      try {
        const ids: string[] = [];
        for (let i = 0; i < N; i++) {
          const ev = await a.webhooks.enqueue({ apiKeyId: apiKey.id, sessionId: null, type: 'verification.completed', url: receiver.url, payload: { i } });
          ids.push(ev.id);
        }
        const perWorker = new Map<string, number>();
        const count = (w: string) => () => perWorker.set(w, (perWorker.get(w) ?? 0) + 1);
        const w1 = createWebhookWorker(a, { concurrency: 4, pollIntervalMs: 20, onAttempt: count('a') });
        const w2 = createWebhookWorker(b, { concurrency: 4, pollIntervalMs: 20, onAttempt: count('b') });
        w1.start();
        w2.start();
        await waitFor(async () => (await a.webhooks.countPending()) === 0, 60_000);
        await Promise.all([w1.stop(), w2.stop()]);

        const sent = receiver.requests.map((r) => r.headers['x-kyc-event-id'] as string);
        expect(sent).toHaveLength(N);
        expect(new Set(sent).size).toBe(N);
        expect([...sent].sort()).toEqual([...ids].sort());
        for (const id of ids) {
          const attempts = await a.webhooks.attempts(id);
          expect(attempts.map((x) => [x.attempt, x.success])).toEqual([[1, true]]);
        }
        console.info(`[multi-worker ${target.name}] deliveries per worker: ${JSON.stringify(Object.fromEntries(perWorker))}`);
      } finally {
        await receiver.close();
      }
    });
  });
}
