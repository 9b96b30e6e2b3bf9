/**
 * Webhook signatures, end to end: the worker's real HTTP deliveries verify with the contract's
 * own snippet (verbatim, in fixtures/contract-receiver.cjs, mounted in a real Express app), and
 * with `verifyWebhookSignature` (V2, timestamp) on the raw bytes.
 */
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KyselyStore, createWebhookWorker, hmacHex, signWebhook, verifyWebhookSignature } from '../../src/index.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Receiver, startReceiver } from './receiver.js';

const require = createRequire(import.meta.url);
const mountContractReceiver = require('./fixtures/contract-receiver.cjs') as (
  app: express.Express,
  secret: string,
) => (body: string, signature: string, secret: string) => boolean;

/** The contract's example payload, plus strings that stress byte-exactness (unicode, escapes). */
function contractPayload(sessionId: string) {
  return {
    event: 'verification.completed',
    sessionId,
    externalRef: 'user_12345 — José Ñúñez 🚀 "quoted" </script> \u2028',
    overallResult: 'APPROVED',
    completedAt: '2025-03-07T12:35:00.000Z',
    checks: {
      liveness: { result: 'PASS', livenessScore: 0.97 },
      ageEstimation: { result: 'PASS', estimatedAge: 28, meetsMinAge: true },
      documentVerification: { result: 'PASS', documentType: 'DRIVERS_LICENSE', ocrConfidence: 0.85 },
      faceMatch: { result: 'PASS', similarityScore: 0.82, isMatch: true },
    },
    metadata: { plan: 'premium', ratio: 0.1 + 0.2, nested: { list: [1, 2.5e-7, null, false] } },
  };
}

describe('webhook signatures', () => {
  let db: TestDatabase;
  let store: KyselyStore;
  let server: Server;
  let expressUrl: string;
  let statuses: number[];
  let secret: string;
  let keyId: string;
  let raw: Receiver;

  beforeAll(async () => {
    db = targets[0]!.database();
    store = await db.open();
    const created = await store.apiKeys.create({ name: 'Signatures', allowPrivateCallbacks: true });
    secret = created.webhookSecret;
    keyId = created.apiKey.id;

    const app = express();
    app.use(express.json());
    statuses = [];
    app.use((_req, res, next) => {
      res.on('finish', () => statuses.push(res.statusCode));
      next();
    });
    mountContractReceiver(app, secret);
    server = await new Promise<Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    expressUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/kyc`;
    raw = await startReceiver(() => 200);
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await raw?.close();
    await db?.cleanup();
  });

  it("a real delivery is accepted by the contract's verbatim Express snippet (200), a wrong secret is refused (401)", async () => {
    const worker = createWebhookWorker(store, { timeoutMs: 5000 });
    const ev = await store.webhooks.enqueue({ apiKeyId: keyId, sessionId: 'f4a9644f-0c9f-4aab-a879-000000000001', type: 'verification.completed', url: expressUrl, payload: contractPayload('f4a9644f-0c9f-4aab-a879-000000000001') });
    expect(await worker.runOnce()).toBe(1);
    const attempts = await store.webhooks.attempts(ev.id);
    expect(attempts.map((a) => [a.statusCode, a.success])).toEqual([[200, true]]);
    expect((await store.webhooks.get(ev.id))?.status).toBe('delivered');
    expect(statuses).toEqual([200]);

    // Negative control: the same snippet with another secret refuses our signature.
    await store.apiKeys.rotateWebhookSecret(keyId);
    const ev2 = await store.webhooks.enqueue({ apiKeyId: keyId, sessionId: null, type: 'verification.completed', url: expressUrl, payload: contractPayload('s-2') });
    await worker.runOnce();
    expect((await store.webhooks.attempts(ev2.id)).map((a) => a.statusCode)).toEqual([401]);
    expect(statuses).toEqual([200, 401]);
    await store.apiKeys.rotateWebhookSecret(keyId, secret); // restore
  });

  it('the raw body is exactly JSON.stringify(payload); X-KYC-Signature and V2 verify on the raw bytes', async () => {
    const payload = contractPayload('s-raw');
    const ev = await store.webhooks.enqueue({ apiKeyId: keyId, sessionId: 's-raw', type: 'verification.completed', url: raw.url, payload });
    await createWebhookWorker(store).runOnce();
    expect(raw.requests).toHaveLength(1);
    const req = raw.requests[0]!;
    expect(req.rawBody.toString('utf8')).toBe(JSON.stringify(payload));
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-kyc-event']).toBe('verification.completed');
    expect(req.headers['x-kyc-event-id']).toBe(ev.id);
    expect(req.headers['x-kyc-delivery-attempt']).toBe('1');

    const verifyWebhook = mountContractReceiver(express(), secret);
    expect(verifyWebhook(req.rawBody.toString('utf8'), req.headers['x-kyc-signature'] as string, secret)).toBe(true);
    expect(req.headers['x-kyc-signature']).toBe(hmacHex(secret, req.rawBody));

    const ts = Number(req.headers['x-kyc-timestamp']);
    expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(120);
    expect(req.headers['x-kyc-signature-v2']).toBe(hmacHex(secret, `${ts}.${req.rawBody.toString('utf8')}`));
    expect(verifyWebhookSignature({ rawBody: req.rawBody, headers: req.headers, secret })).toEqual({ valid: true, scheme: 'v2', timestamp: ts });
    // Fetch-style Headers work as well.
    const h = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
    expect(verifyWebhookSignature({ rawBody: req.rawBody.toString('utf8'), headers: h, secret }).valid).toBe(true);
  });

  it('verifyWebhookSignature rejects tampering, replays, wrong secrets and missing headers', () => {
    const body = JSON.stringify(contractPayload('s-v'));
    const now = Date.UTC(2025, 2, 7, 12, 35);
    const ts = now / 1000;
    const headers = signWebhook(body, secret, ts);
    const ok = verifyWebhookSignature({ rawBody: body, headers, secret, now });
    expect(ok.valid).toBe(true);
    const fail = (o: Partial<Parameters<typeof verifyWebhookSignature>[0]>) => verifyWebhookSignature({ rawBody: body, headers, secret, now, ...o });
    expect(fail({ rawBody: body.replace('APPROVED', 'REJECTED') })).toEqual({ valid: false, reason: 'signature_mismatch' });
    expect(fail({ rawBody: `${body} ` })).toEqual({ valid: false, reason: 'signature_mismatch' });
    expect(fail({ secret: 'whsec_wrong_secret_wrong_secret_0000' })).toEqual({ valid: false, reason: 'signature_mismatch' });
    expect(fail({ now: now + 301_000 })).toEqual({ valid: false, reason: 'timestamp_out_of_tolerance' });
    expect(fail({ now: now - 301_000 })).toEqual({ valid: false, reason: 'timestamp_out_of_tolerance' });
    expect(fail({ now: now + 3_000_000, toleranceSeconds: 3600 }).valid).toBe(true);
    // Replaying the body with a fresh timestamp but the old V2 signature fails.
    expect(fail({ headers: { ...headers, 'X-KYC-Timestamp': String(ts + 10) } })).toEqual({ valid: false, reason: 'signature_mismatch' });
    expect(fail({ headers: { ...headers, 'X-KYC-Timestamp': 'abc' } })).toEqual({ valid: false, reason: 'invalid_timestamp' });
    expect(fail({ headers: { 'X-KYC-Signature-V2': headers['X-KYC-Signature-V2']! } })).toEqual({ valid: false, reason: 'missing_timestamp' });
    expect(fail({ headers: {} })).toEqual({ valid: false, reason: 'missing_signature' });
    expect(fail({ headers: { ...headers, 'X-KYC-Signature-V2': 'zz' } })).toEqual({ valid: false, reason: 'signature_mismatch' });
    // Legacy (V1 only) is refused unless explicitly allowed.
    const v1Only = { 'X-KYC-Signature': headers['X-KYC-Signature']! };
    expect(fail({ headers: v1Only }).valid).toBe(false);
    expect(fail({ headers: v1Only, allowLegacy: true })).toEqual({ valid: true, scheme: 'v1', timestamp: null });
    // During a rotation both secrets are accepted.
    expect(fail({ secret: ['whsec_new_secret_new_secret_new_0000', secret] }).valid).toBe(true);
  });
});
