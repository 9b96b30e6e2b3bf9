/**
 * Session expiry over HTTP: an overdue session reads as EXPIRED, cannot be cancelled (409), its verification link
 * shows the final state, and the sweeper queues `verification.expired` to the callback without any request.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type KyselyStore, type Provefy, createProvefy } from '../../src/index.js';
import { type ApiClient, client } from '../contract/contract-client.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Listening, listen } from '../support/mounts.js';

let db: TestDatabase;
let store: KyselyStore;
let provefy: Provefy;
let server: Listening;
let api: ApiClient;

beforeAll(async () => {
  db = targets[0]!.database();
  store = await db.open();
  provefy = createProvefy({ store, sessionTtlMs: 400, sweepIntervalMs: 100, webhooks: { pollIntervalMs: 50 } });
  await provefy.ready();
  server = await listen('node-http', provefy.fetch);
  api = client(server.baseUrl);
});

afterAll(async () => {
  await server?.close();
  await provefy?.close();
  await db?.cleanup();
});

it('overdue sessions become EXPIRED, refuse cancel, and send verification.expired', async () => {
  const received: Array<Record<string, unknown>> = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('{}');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  try {
    const { key } = await store.apiKeys.create({ name: 'expiry', allowPrivateCallbacks: true });
    const callbackUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const swept = await api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'], callbackUrl, externalRef: 'swept' } });
    const read = await api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'], externalRef: 'read' } });
    const token = (read.body.verificationUrl as string).split('/').pop();
    await new Promise((r) => setTimeout(r, 600));
    const get = await api.request('GET', `/api/v1/verify/${read.body.sessionId}`, { key });
    expect(get.body.status).toBe('EXPIRED');
    expect(get.body.overallResult).toBeNull();
    expect((await api.request('POST', `/api/v1/verify/${read.body.sessionId}/cancel`, { key })).status).toBe(409);
    const flow = await api.request('GET', `/api/v1/flow/${token}`);
    expect((flow.body.state as { status: string; next: string[] }).status).toBe('EXPIRED');
    expect((await api.request('POST', `/api/v1/flow/${token}/start`)).status).toBe(409);
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ event: 'verification.expired', sessionId: swept.body.sessionId, externalRef: 'swept', overallResult: null });
    const list = await api.request<{ sessions: { status: string }[] }>('GET', '/api/v1/verify?status=EXPIRED', { key });
    expect(list.body.sessions).toHaveLength(2);
  } finally {
    await new Promise((r) => hook.close(r));
  }
});
