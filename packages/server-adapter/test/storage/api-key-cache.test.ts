/**
 * The store's API-key cache on both dialects: a verified key is served from memory for at most
 * `apiKeyCacheTtlMs`; a revoke, update or webhook-secret rotation made through the same store applies at once; one
 * made by another instance on the same database applies within the TTL; with a TTL of 0 every call reads the
 * database; wrong tokens are never cached.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type KyselyStore, createProvefy } from '../../src/index.js';
import type { StoreConnection } from '../../src/storage/types.js';
import { TEST_KEY, type TestDatabase, targets } from './targets.js';

for (const target of targets) {
  target.describe(`API-key cache on ${target.name}`, () => {
    let db: TestDatabase;
    let clock = Date.now();
    const now = () => clock;
    let a: KyselyStore;
    let b: KyselyStore;
    let uncached: KyselyStore;
    beforeAll(async () => {
      db = target.database();
      a = await db.open({ now, apiKeyCacheTtlMs: 5_000 });
      b = await db.open({ now, apiKeyCacheTtlMs: 5_000 }); // another instance on the same database
      uncached = await db.open({ now, apiKeyCacheTtlMs: 0 });
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it('a revoke through the same store applies at once; through another instance within the TTL, not later', async () => {
      const { key, apiKey } = await a.apiKeys.create({ name: 'revoke-me' });
      expect((await a.apiKeys.authenticate(key))?.id).toBe(apiKey.id);
      expect((await b.apiKeys.authenticate(key))?.id).toBe(apiKey.id);
      await a.apiKeys.revoke(apiKey.id);
      expect(await a.apiKeys.authenticate(key)).toBeNull(); // same instance: immediately
      expect(await uncached.apiKeys.authenticate(key)).toBeNull(); // TTL 0: immediately
      expect((await b.apiKeys.authenticate(key))?.id).toBe(apiKey.id); // other instance: still trusted inside the TTL
      clock += 5_001;
      expect(await b.apiKeys.authenticate(key)).toBeNull(); // ... and refused once it is over
      clock += 60_000;
      expect(await b.apiKeys.authenticate(key)).toBeNull(); // a revoked key is never cached again
    });

    it('an update through the same store is seen at once (rate limit, checks), through another instance after the TTL', async () => {
      const { key, apiKey } = await a.apiKeys.create({ name: 'update-me', rateLimitPerMinute: 100 });
      expect((await a.apiKeys.authenticate(key))?.rateLimitPerMinute).toBe(100);
      expect((await b.apiKeys.authenticate(key))?.rateLimitPerMinute).toBe(100);
      await a.apiKeys.update(apiKey.id, { rateLimitPerMinute: 7, enabledChecks: ['liveness'] });
      const fresh = await a.apiKeys.authenticate(key);
      expect([fresh?.rateLimitPerMinute, fresh?.enabledChecks]).toEqual([7, ['liveness']]);
      expect((await b.apiKeys.authenticate(key))?.rateLimitPerMinute).toBe(100);
      clock += 5_001;
      expect((await b.apiKeys.authenticate(key))?.rateLimitPerMinute).toBe(7);
    });

    it('a webhook-secret rotation clears the cache (the key reads hasWebhookSecret afresh)', async () => {
      const { key, apiKey } = await a.apiKeys.create({ name: 'rotate-me' });
      const before = await a.apiKeys.authenticate(key);
      await a.apiKeys.rotateWebhookSecret(apiKey.id);
      const after = await a.apiKeys.authenticate(key);
      expect(after).not.toBe(before); // a new object: read from the database again
      expect(after?.hasWebhookSecret).toBe(true);
    });

    it('serves a verified key from memory within the TTL (a direct database change is not seen until it ends)', async () => {
      const { key, apiKey } = await a.apiKeys.create({ name: 'cached', rateLimitPerMinute: 50 });
      const first = await a.apiKeys.authenticate(key);
      // a write that bypasses the repository, as another instance's would
      await a.db.updateTable('provefy_api_keys').set({ rate_limit_per_minute: 51 }).where('id', '=', apiKey.id).execute();
      expect(await a.apiKeys.authenticate(key)).toBe(first);
      expect((await uncached.apiKeys.authenticate(key))?.rateLimitPerMinute).toBe(51);
      clock += 5_001;
      expect((await a.apiKeys.authenticate(key))?.rateLimitPerMinute).toBe(51);
    });

    it('cached keys are frozen (one request cannot change what the next one sees)', async () => {
      const { key } = await a.apiKeys.create({ name: 'frozen' });
      const k = (await a.apiKeys.authenticate(key))!;
      expect(() => {
        (k as { rateLimitPerMinute: number }).rateLimitPerMinute = 1;
      }).toThrow(TypeError);
      expect(() => k.enabledChecks.push('liveness')).toThrow(TypeError);
    });

    it('wrong and malformed tokens are refused and never cached', async () => {
      const { key } = await a.apiKeys.create({ name: 'right' });
      const wrong = `${key.slice(0, -4)}${key.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      expect(await a.apiKeys.authenticate(wrong)).toBeNull();
      expect(await a.apiKeys.authenticate('kyc_live_short')).toBeNull();
      expect(await a.apiKeys.authenticate(key.toUpperCase())).toBeNull();
    });

    it('over HTTP: a key revoked through the admin API gets 401 on the next request of the same instance', async () => {
      const provefy = createProvefy({ store: a, webhooks: false, sweepIntervalMs: 0, adminToken: 'admin-token-of-at-least-32-characters!!' });
      await provefy.ready();
      try {
        const { key, apiKey } = await a.apiKeys.create({ name: 'http' });
        const get = () => provefy.fetch(new Request('http://127.0.0.1/api/v1/verify', { headers: { authorization: `Bearer ${key}` } }));
        expect((await get()).status).toBe(200);
        expect((await get()).status).toBe(200); // cached
        const revoked = await provefy.fetch(
          new Request(`http://127.0.0.1/api/v1/admin/keys/${apiKey.id}/revoke`, { method: 'POST', headers: { authorization: 'Bearer admin-token-of-at-least-32-characters!!' } }),
        );
        expect(revoked.status).toBeLessThan(300);
        expect((await get()).status).toBe(401);
      } finally {
        await provefy.close();
      }
    });

    it('createProvefy({ apiKeyCacheTtlMs: 0 }): a revoke by another instance gets 401 on the very next request', async () => {
      const provefy = createProvefy({
        database: db.connection as unknown as StoreConnection,
        encryption: { key: TEST_KEY },
        apiKeyCacheTtlMs: 0,
        webhooks: false,
        sweepIntervalMs: 0,
      });
      await provefy.ready();
      try {
        const { key, apiKey } = await b.apiKeys.create({ name: 'ttl-0' });
        const get = () => provefy.fetch(new Request('http://127.0.0.1/api/v1/verify', { headers: { authorization: `Bearer ${key}` } }));
        expect((await get()).status).toBe(200);
        await b.apiKeys.revoke(apiKey.id); // another instance
        expect((await get()).status).toBe(401);
      } finally {
        await provefy.close();
      }
    });
  });
}
