import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Context, compose } from '../../http/context.js';
import { errorResponse } from '../../http/http-error.js';
import type { KyselyStore } from '../../storage/create-store.js';
import { type TestDatabase, targets } from '../../../test/storage/targets.js';
import { adminAuth, apiKeyAuth, bearerToken, constantTimeEqual } from './auth.js';

let db: TestDatabase;
let store: KyselyStore;
beforeAll(async () => {
  db = targets[0]!.database();
  store = await db.open();
});
afterAll(() => db.cleanup());

async function call(mw: ReturnType<typeof apiKeyAuth>, authorization?: string) {
  const ctx = new Context(new Request('http://localhost/api/v1/verify', authorization ? { headers: { authorization } } : {}));
  try {
    return { res: await compose([mw], ctx, async () => new Response('ok')), ctx };
  } catch (e) {
    return { res: errorResponse(e), ctx };
  }
}

describe('apiKeyAuth', () => {
  it('accepts an active key and exposes it; refuses missing, malformed, unknown and revoked keys with 401', async () => {
    const created = await store.apiKeys.create({ name: 'auth test' });
    const mw = apiKeyAuth(store.apiKeys);
    const ok = await call(mw, `Bearer ${created.key}`);
    expect(ok.res.status).toBe(200);
    expect(ok.ctx.vars.apiKey?.id).toBe(created.apiKey.id);
    for (const header of [undefined, 'Bearer', `Basic ${created.key}`, `Bearer ${created.key}x`, `Bearer ${created.key.slice(0, -1)}`, 'Bearer kyc_live_short']) {
      const r = await call(mw, header);
      expect(r.res.status, String(header)).toBe(401);
      expect((await r.res.json()).error).toBe('Invalid or missing API key');
    }
    await store.apiKeys.revoke(created.apiKey.id);
    expect((await call(mw, `Bearer ${created.key}`)).res.status).toBe(401);
  });

  it('parses only well-formed bearer headers', () => {
    const req = (v: string) => new Request('http://x', { headers: { authorization: v } });
    expect(bearerToken(req('Bearer abc'))).toBe('abc');
    expect(bearerToken(req('bearer   abc  '))).toBe('abc');
    expect(bearerToken(req('Bearer a b'))).toBeNull();
    expect(bearerToken(req(`Bearer ${'a'.repeat(700)}`))).toBeNull();
  });
});

describe('adminAuth', () => {
  it('requires the configured admin token, compared in constant time; disabled without one', async () => {
    const mw = adminAuth('admin-token-0123456789');
    expect((await call(mw, 'Bearer admin-token-0123456789')).res.status).toBe(200);
    expect((await call(mw, 'Bearer admin-token-012345678')).res.status).toBe(401);
    expect((await call(mw)).res.status).toBe(401);
    expect((await call(adminAuth(undefined), 'Bearer anything')).res.status).toBe(403);
    expect(constantTimeEqual('a', 'a')).toBe(true);
    expect(constantTimeEqual('a', 'ab')).toBe(false);
  });
});
