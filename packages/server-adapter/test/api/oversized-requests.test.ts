/**
 * Every HTTP answer of the adapter has the contract's JSON error shape, also for what Node refuses before a route
 * runs (issue #17 item 5): a 60 KB path gets a JSON 431 instead of Node's bare one, and chunked 50 MB uploads (JSON
 * and multipart, 16 of them) each get a JSON 413 instead of a connection reset. Real HTTP over the node:http mount.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Provefy, createProvefy } from '../../src/index.js';
import { type ApiClient, client } from '../contract/contract-client.js';
import { type RawResponse as Answer, rawRequest } from '../fuzz/raw-http.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Listening, listen } from '../support/mounts.js';

const ADMIN_TOKEN = 'oversized-admin-token-0123456789abcdef';
const sqlite = targets.find((t) => t.name === 'sqlite')!;
const MB = 1024 * 1024;

/** Sends `total` bytes chunked (no Content-Length) in 64 KiB writes with backpressure; resolves with the answer. */
function chunkedUpload(baseUrl: string, path: string, headers: Record<string, string>, total: number): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method: 'POST', path, headers: { ...headers, 'transfer-encoding': 'chunked' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    const pump = () => {
      while (sent < total && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

function expectJsonError(res: Answer, status: number, code: string): void {
  expect(res.status, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(body).toMatchObject({ error: expect.any(String), code, docs: `docs/errors.md#${code.toLowerCase()}` });
}

sqlite.describe('oversized headers and bodies answer JSON errors (node:http)', () => {
  let db: TestDatabase;
  let provefy: Provefy;
  let server: Listening;
  let api: ApiClient;
  let key: string;
  let token: string;

  beforeAll(async () => {
    db = sqlite.database();
    provefy = createProvefy({ store: await db.open(), adminToken: ADMIN_TOKEN, webhooks: false, sweepIntervalMs: 0, logger: { error: console.error, warn: () => {}, info: () => {} } });
    await provefy.ready();
    server = await listen('node-http', provefy.fetch);
    api = client(server.baseUrl);
    key = (await api.request<{ key: string }>('POST', '/api/v1/admin/keys', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, json: { name: 'big' } })).body.key;
    const session = await api.request<{ verificationUrl: string }>('POST', '/api/v1/verify', { key, json: { checks: ['age_estimation'] } });
    token = session.body.verificationUrl.split('/verify/')[1]!;
  });
  afterAll(async () => {
    await server?.close();
    await provefy?.close();
    await db?.cleanup();
  });

  it('a 60 KB path gets a JSON 431, and the server keeps answering', async () => {
    expectJsonError(await rawRequest(server.baseUrl, 'GET', `/api/v1/verify/${'a'.repeat(60 * 1024)}`, {}), 431, 'PROVEFY_ERR_HEADERS_TOO_LARGE');
    expect((await api.request('GET', '/api/v1/health')).status).toBeLessThan(500);
  });

  it('16 chunked 50 MB uploads, JSON and multipart, each get a JSON 413 (never a reset)', async () => {
    const json = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const multipart = { 'content-type': 'multipart/form-data; boundary=xyz' };
    const answers: Answer[] = [];
    for (let i = 0; i < 8; i++) {
      answers.push(await chunkedUpload(server.baseUrl, '/api/v1/verify', json, 50 * MB));
      answers.push(await chunkedUpload(server.baseUrl, `/api/v1/flow/${token}/selfie`, multipart, 50 * MB));
    }
    for (const a of answers) expectJsonError(a, 413, 'PROVEFY_ERR_PAYLOAD_TOO_LARGE');
  }, 120_000);
});
