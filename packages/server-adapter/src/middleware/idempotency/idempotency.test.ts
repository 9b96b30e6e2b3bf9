import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Context, compose } from '../../http/context.js';
import { errorResponse } from '../../http/http-error.js';
import type { KyselyStore } from '../../storage/create-store.js';
import { type TestDatabase, targets } from '../../../test/storage/targets.js';
import { idempotency } from './idempotency.js';

let db: TestDatabase;
let store: KyselyStore;
let apiKeyId: string;
beforeAll(async () => {
  db = targets[0]!.database();
  store = await db.open();
  apiKeyId = (await store.apiKeys.create({ name: 'idem' })).apiKey.id;
});
afterAll(() => db.cleanup());

let counter = 0;
async function post(key: string | null, body: string, status = 201, method = 'POST') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['idempotency-key'] = key;
  const ctx = new Context(new Request('http://localhost/api/v1/verify', { method, headers, ...(method === 'GET' ? {} : { body }) }));
  const mw = idempotency({ repo: store.idempotency, scope: () => apiKeyId });
  try {
    return await compose([mw], ctx, async () => new Response(JSON.stringify({ n: ++counter }), { status, headers: { 'content-type': 'application/json' } }));
  } catch (e) {
    return errorResponse(e);
  }
}

describe('idempotency', () => {
  it('replays the first response for the same key and body', async () => {
    const a = await post('k1', '{"x":1}');
    const b = await post('k1', '{"x":1}');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(await b.json()).toEqual(await a.json());
    expect(b.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses the same key with another body (422), runs again without a key, ignores GET', async () => {
    await post('k2', '{"x":1}');
    expect((await post('k2', '{"x":2}')).status).toBe(422);
    const n1 = (await (await post(null, '{}')).json()).n;
    const n2 = (await (await post(null, '{}')).json()).n;
    expect(n2).toBe(n1 + 1);
    expect((await post('k-get', '', 200, 'GET')).headers.get('idempotent-replayed')).toBeNull();
  });

  it('does not store 5xx answers: a retry runs again', async () => {
    const first = await post('k3', '{}', 503);
    const second = await post('k3', '{}', 201);
    expect(first.status).toBe(503);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rejects malformed keys with 400 naming the header', async () => {
    const res = await post('has spaces', '{}');
    expect(res.status).toBe(400);
    expect((await res.json()).field).toBe('Idempotency-Key');
  });
});
