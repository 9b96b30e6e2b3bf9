/**
 * The node:http mount's fast paths (issue #17 item 6): a small body with a Content-Length is read into memory once and
 * handed to the adapter without a body stream; JSON answers are written from their text. Real HTTP round trips: the
 * adapter still parses, limits and answers exactly as before, a handler that is not the adapter still gets its body
 * as a stream, and a client that goes away mid-body does not disturb the next one.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KyselyStore, type Provefy, createProvefy } from '../../src/index.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Listening, listen } from '../support/mounts.js';

const sqlite = targets.find((t) => t.name === 'sqlite')!;

describe('node:http mount bodies', () => {
  let db: TestDatabase;
  let store: KyselyStore;
  let provefy: Provefy;
  let base: string;
  let served: Listening;
  let key: string;
  beforeAll(async () => {
    db = sqlite.database();
    store = await db.open();
    provefy = createProvefy({ store, webhooks: false, sweepIntervalMs: 0, limits: { jsonBytes: 2048 } });
    await provefy.ready();
    served = await listen('node-http', provefy.fetch);
    base = served.baseUrl;
    ({ key } = await store.apiKeys.create({ name: 'bodies', enabledChecks: ['liveness', 'face_match'] }));
  });
  afterAll(async () => {
    await served?.close();
    await provefy?.close();
    await db?.cleanup();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/verify`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body });

  it('a small JSON body creates the session; the answer carries a Content-Length and the JSON the contract gives', async () => {
    const res = await post(JSON.stringify({ externalRef: 'user_1', checks: ['liveness'], metadata: { plan: 'x' } }));
    expect(res.status).toBe(201);
    expect(res.headers.get('content-length')).toMatch(/^\d+$/);
    const body = (await res.json()) as { sessionId: string; verificationUrl: string };
    expect(body.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const got = await fetch(`${base}/api/v1/verify/${body.sessionId}`, { headers: { authorization: `Bearer ${key}` } });
    expect(got.status).toBe(200);
    expect(Number(got.headers.get('content-length'))).toBe(Buffer.byteLength(await got.clone().text()));
    expect(((await got.json()) as { externalRef: string }).externalRef).toBe('user_1');
  });

  it('the JSON limit still holds for an in-memory body (413), and invalid JSON is a 400, not a crash', async () => {
    const big = JSON.stringify({ externalRef: 'x'.repeat(3000) });
    const tooBig = await post(big);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { code: string }).code).toBe('PROVEFY_ERR_PAYLOAD_TOO_LARGE');
    const broken = await post('{"externalRef":');
    expect(broken.status).toBe(400);
  });

  it('an unauthenticated small body gets its 401 and the connection stays usable', async () => {
    const res = await fetch(`${base}/api/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"checks":["liveness"]}' });
    expect(res.status).toBe(401);
    expect((await post(JSON.stringify({ checks: ['liveness'] }))).status).toBe(201);
  });

  it('a client that sends half its declared body and goes away: the server keeps answering', async () => {
    const { hostname, port } = new URL(base);
    await new Promise<void>((resolve) => {
      const req = request({ hostname, port, method: 'POST', path: '/api/v1/verify', headers: { 'content-type': 'application/json', 'content-length': '100', authorization: `Bearer ${key}` } });
      req.on('error', () => resolve());
      req.write('{"checks":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    // the server still answers the next request at once
    expect((await post(JSON.stringify({ checks: ['face_match'] }))).status).toBe(201);
  });

  it('a handler other than the adapter still receives small bodies as a stream', async () => {
    const seen: string[] = [];
    const other = await listen('node-http', async (req) => {
      seen.push(await req.text());
      return new Response('ok');
    });
    try {
      const res = await fetch(`${other.baseUrl}/api/v1/echo`, { method: 'POST', body: 'hello body' });
      expect(await res.text()).toBe('ok');
      expect(seen).toEqual(['hello body']);
    } finally {
      await other.close();
    }
  });
});
