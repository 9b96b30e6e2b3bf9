/**
 * The dashboard's login throttle on SQLite and PostgreSQL, with two stores on one database standing for two instances:
 * backoff per account for unknown browsers, a known browser (signed device cookie) never slowed by anyone else's
 * failures, forged cookies treated as unknown, and the counters shared across instances.
 */
import type { Context, KyselyStore } from '@provefy/server-adapter';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestDatabase, targets } from '../../../../packages/server-adapter/test/storage/targets.js';
import { createLoginThrottle, type LoginThrottle, sweepLoginFailures } from '../../src/server/admin/auth/login-throttle.js';
import { ensureReferenceTables } from '../../src/server/store/reference-tables.js';

/** The parts of a request the throttle reads: client IP, `Cookie` header, https. */
function request(ip: string, cookie?: string): Context {
  return { clientIp: ip, https: false, request: new Request('http://127.0.0.1/admin/api/login', { method: 'POST', headers: cookie ? { cookie } : {} }) } as unknown as Context;
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { status?: number }).status ?? 500;
  }
}

for (const target of targets) {
  target.describe(`login throttle on ${target.name}`, () => {
    let db: TestDatabase;
    let a: KyselyStore;
    let b: KyselyStore;
    let onA: LoginThrottle;
    let onB: LoginThrottle;
    beforeAll(async () => {
      db = target.database();
      [a, b] = [await db.open(), await db.open()];
      await ensureReferenceTables(a);
      const make = (store: KyselyStore) =>
        createLoginThrottle({
          store: () => store,
          signer: { sign: (v) => store.keyring.blindIndex(v, 'admin-device'), signAll: (v) => store.keyring.blindIndex(v, 'admin-device', true) },
          perIpPerMinute: 1000,
        });
      [onA, onB] = [make(a), make(b)];
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it('unknown browsers: 5 free failures per account, then each try waits after the last failure; known browsers are not slowed', async () => {
      // Admin signs in once from their browser: it gets a device cookie.
      const admin = await onA.begin(request('10.0.0.1'), 'root');
      const cookie = onA.succeeded(request('10.0.0.1'), admin).split(';')[0]!;
      // A guesser from many addresses, on both instances.
      for (let i = 0; i < 5; i++) {
        const t = i % 2 ? onB : onA;
        const attempt = await t.begin(request(`203.0.113.${i}`), 'root');
        expect(attempt.device).toBeNull();
        await t.failed(attempt);
      }
      // Sixth try, from yet another address and the other instance: wait (1 s after the last failure).
      const refused = await onB.begin(request('198.51.100.7'), 'root').then(
        () => null,
        (e: { status: number; headers?: Record<string, string> }) => e,
      );
      expect(refused?.status).toBe(429);
      // The admin's browser, with the right password, is let through at once (nobody else's failures count for it).
      const known = await onB.begin(request('198.51.100.7', cookie), 'ROOT'); // account names are case-insensitive
      expect(known.device).toMatch(/^[A-Za-z0-9_-]{22}$/);
      // A forged cookie, or one for another account, is an unknown browser.
      expect((await status(onA.begin(request('10.0.0.1', `provefy_admin_device=${'B'.repeat(22)}.${'a'.repeat(64)}`), 'root')))).toBe(429);
      expect((await onA.begin(request('10.0.0.1', cookie), 'other')).device).toBeNull();
      // After the wait, one more try.
      await new Promise((r) => setTimeout(r, 1100));
      const later = await onA.begin(request('198.51.100.8'), 'root');
      await onA.failed(later);
      // Now 6 failures: the next try waits 2 s.
      expect(await status(onB.begin(request('198.51.100.9'), 'root'))).toBe(429);
    });

    it('a known browser is slowed only by its own failures', async () => {
      const first = await onA.begin(request('10.0.0.2'), 'ops');
      const cookie = onA.succeeded(request('10.0.0.2'), first).split(';')[0]!;
      const results: number[] = [];
      for (let i = 0; i < 6; i++) {
        const s = await status(
          onB.begin(request('10.0.0.2', cookie), 'ops').then(async (attempt) => {
            await onB.failed(attempt);
          }),
        );
        results.push(s);
      }
      expect(results).toEqual([200, 200, 200, 200, 200, 429]);
      // The account's other browsers are not slowed by that browser's failures.
      expect(await status(onA.begin(request('10.0.0.3'), 'ops'))).toBe(200);
      // Old failure rows are swept once their window has passed.
      expect(await sweepLoginFailures(a, Date.now() + 16 * 60_000)).toBeGreaterThanOrEqual(2);
    });
  });
}
