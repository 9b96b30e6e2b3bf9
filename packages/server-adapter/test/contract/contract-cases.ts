/**
 * The contract test cases (docs: /work/shared/spec/provefy-api-reference.txt), registered once per mount × database
 * by contract.test.ts. Every case makes real HTTP requests over loopback.
 */
import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { expect, it } from 'vitest';
import { type ApiClient, type ApiResponse, client } from './contract-client.js';

export interface ContractEnv {
  api: ApiClient;
  adminToken: string;
}

const ADMIN = (env: ContractEnv) => ({ authorization: `Bearer ${env.adminToken}` });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The contract's example request body for POST /verify. */
export const CONTRACT_CREATE_EXAMPLE = {
  externalRef: 'user_12345',
  checks: ['liveness', 'doc_verify', 'face_match'],
  redirectUrl: 'https://yourapp.com/verification-done',
  metadata: { plan: 'premium' },
};

interface CreatedKey {
  key: string;
  webhookSecret: string;
  apiKey: { id: string; enabledChecks: string[]; rateLimitPerMinute: number };
}

async function createKey(env: ContractEnv, body: Record<string, unknown> = {}): Promise<CreatedKey> {
  const res = await env.api.request<CreatedKey>('POST', '/api/v1/admin/keys', { headers: ADMIN(env), json: { name: 'contract test', ...body } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

function expectJsonError(res: ApiResponse, status: number): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(typeof (res.body as { error?: unknown }).error).toBe('string');
  expect((res.body as { error: string }).error.length).toBeGreaterThan(0);
}

function expectRateLimitHeaders(res: ApiResponse, limit?: number): void {
  expect(res.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
  expect(res.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
  expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d{10}$/);
  if (limit !== undefined) expect(Number(res.headers.get('x-ratelimit-limit'))).toBe(limit);
}

async function awayFromWindowEdge(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 8000) await new Promise((r) => setTimeout(r, left + 200));
}

/** Registers every contract case; `env()` is read when the tests run (after beforeAll). */
export function contractCases(env: () => ContractEnv): void {
  it('POST /verify with the contract example answers 201 with the contract response', async () => {
    const e = env();
    const { key } = await createKey(e, { allowedRedirectOrigins: ['https://yourapp.com'] });
    const before = Date.now();
    const res = await e.api.request('POST', '/api/v1/verify', { key, json: CONTRACT_CREATE_EXAMPLE });
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['expiresAt', 'requestedChecks', 'sessionId', 'verificationUrl']);
    expect(res.body.sessionId).toMatch(UUID);
    expect(res.body.requestedChecks).toEqual(['liveness', 'doc_verify', 'face_match']);
    expect(res.body.expiresAt).toMatch(ISO);
    const ttl = Date.parse(res.body.expiresAt as string) - before;
    expect(ttl).toBeGreaterThan(29 * 60_000);
    expect(ttl).toBeLessThanOrEqual(30 * 60_000 + 5000);
    expect(res.body.verificationUrl).toMatch(/^https?:\/\/[^/]+\/verify\/[A-Za-z0-9_-]{32,}$/);
    expectRateLimitHeaders(res, 100);
  });

  it('GET /verify/:sessionId returns the contract shape (only requested checks, metadata echoed)', async () => {
    const e = env();
    const { key } = await createKey(e);
    const created = await e.api.request('POST', '/api/v1/verify', { key, json: CONTRACT_CREATE_EXAMPLE });
    const res = await e.api.request('GET', `/api/v1/verify/${created.body.sessionId}`, { key });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      id: created.body.sessionId,
      externalRef: 'user_12345',
      status: 'PENDING',
      overallResult: null,
      checks: {
        liveness: { status: 'PENDING', result: null, livenessScore: null },
        documentVerification: { status: 'PENDING', result: null, documentType: null },
        faceMatch: { status: 'PENDING', result: null, similarityScore: null, isMatch: null },
      },
      metadata: { plan: 'premium' },
    });
    expectRateLimitHeaders(res, 100);
  });

  it("checks omitted: the key's enabled features are used; all four check keys appear", async () => {
    const e = env();
    const { key } = await createKey(e, { enabledChecks: ['liveness', 'age_estimation', 'doc_verify', 'face_match'] });
    const created = await e.api.request('POST', '/api/v1/verify', { key, json: {} });
    expect(created.status, created.text).toBe(201);
    expect(created.body.requestedChecks).toEqual(['liveness', 'age_estimation', 'doc_verify', 'face_match']);
    const res = await e.api.request('GET', `/api/v1/verify/${created.body.sessionId}`, { key });
    expect(Object.keys(res.body.checks as object)).toEqual(['liveness', 'ageEstimation', 'documentVerification', 'faceMatch']);
    expect(res.body.externalRef).toBeNull();
    expect(res.body.metadata).toEqual({});
  });

  it('an empty POST body is accepted like {}', async () => {
    const e = env();
    const { key } = await createKey(e, { enabledChecks: ['liveness'] });
    const res = await e.api.request('POST', '/api/v1/verify', { key });
    expect(res.status, res.text).toBe(201);
    expect(res.body.requestedChecks).toEqual(['liveness']);
  });

  it('GET /verify lists sessions with status, externalRef, page and limit', async () => {
    const e = env();
    const { key } = await createKey(e);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await e.api.request('POST', '/api/v1/verify', { key, json: { externalRef: i < 3 ? 'user_A' : 'user_B', checks: ['liveness'] } });
      ids.push(r.body.sessionId as string);
    }
    await e.api.request('POST', `/api/v1/verify/${ids[0]}/cancel`, { key });
    const all = await e.api.request<{ sessions: { id: string; status: string }[]; pagination: Record<string, number> }>('GET', '/api/v1/verify', { key });
    expect(all.status, all.text).toBe(200);
    expect(all.body.sessions.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(all.body.pagination).toEqual({ page: 1, limit: 20, total: 5, totalPages: 1 });
    const page = await e.api.request<{ sessions: { id: string }[]; pagination: Record<string, number> }>('GET', '/api/v1/verify?status=PENDING&page=2&limit=3', { key });
    expect(page.status, page.text).toBe(200);
    expect(page.body.pagination).toEqual({ page: 2, limit: 3, total: 4, totalPages: 2 });
    expect(page.body.sessions).toHaveLength(1);
    const cancelled = await e.api.request<{ sessions: { id: string; status: string }[] }>('GET', '/api/v1/verify?status=CANCELLED', { key });
    expect(cancelled.body.sessions.map((s) => [s.id, s.status])).toEqual([[ids[0], 'CANCELLED']]);
    const byRef = await e.api.request<{ sessions: { externalRef: string }[] }>('GET', '/api/v1/verify?externalRef=user_B', { key });
    expect(byRef.body.sessions).toHaveLength(2);
    expect(byRef.body.sessions.every((s) => s.externalRef === 'user_B')).toBe(true);
    const contractQuery = await e.api.request('GET', '/api/v1/verify?status=COMPLETED&page=1&limit=20', { key });
    expect(contractQuery.status).toBe(200);
    expect(contractQuery.body.sessions).toEqual([]);
  });

  it('list validation: bad status, page and limit name the field (400)', async () => {
    const e = env();
    const { key } = await createKey(e);
    for (const [query, field] of [
      ['status=DONE', 'status'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['limit=1000', 'limit'],
      ['limit=-1', 'limit'],
    ]) {
      const res = await e.api.request('GET', `/api/v1/verify?${query}`, { key });
      expectJsonError(res, 400);
      expect(res.body.field).toBe(field);
      expect(res.body.error).toContain(field);
    }
  });

  it('sessions of another key are not found; unknown ids are 404', async () => {
    const e = env();
    const a = await createKey(e);
    const b = await createKey(e);
    const created = await e.api.request('POST', '/api/v1/verify', { key: a.key, json: { checks: ['liveness'] } });
    expectJsonError(await e.api.request('GET', `/api/v1/verify/${created.body.sessionId}`, { key: b.key }), 404);
    expectJsonError(await e.api.request('POST', `/api/v1/verify/${created.body.sessionId}/cancel`, { key: b.key }), 404);
    expectJsonError(await e.api.request('GET', `/api/v1/verify/${crypto.randomUUID()}`, { key: a.key }), 404);
    const listB = await e.api.request('GET', '/api/v1/verify', { key: b.key });
    expect(listB.body.sessions).toEqual([]);
  });

  it('POST /verify/:id/cancel cancels PENDING sessions and answers 409 for finished ones', async () => {
    const e = env();
    const { key } = await createKey(e);
    const created = await e.api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'] } });
    const cancel = await e.api.request('POST', `/api/v1/verify/${created.body.sessionId}/cancel`, { key });
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.body.status).toBe('CANCELLED');
    const again = await e.api.request('POST', `/api/v1/verify/${created.body.sessionId}/cancel`, { key });
    expectJsonError(again, 409);
    const get = await e.api.request('GET', `/api/v1/verify/${created.body.sessionId}`, { key });
    expect(get.body.status).toBe('CANCELLED');
    expect(get.body.overallResult).toBeNull();
  });

  it('401 for a missing, malformed, unknown or revoked key, with rate-limit headers', async () => {
    const e = env();
    const created = await createKey(e);
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer' }, { authorization: 'Basic abc' }, { authorization: `Bearer kyc_live_${'x'.repeat(40)}` }, { authorization: 'Bearer kyc_live_short' }]) {
      const res = await e.api.request('POST', '/api/v1/verify', { headers, json: {} });
      expectJsonError(res, 401);
      expectRateLimitHeaders(res);
    }
    const revoke = await e.api.request('POST', `/api/v1/admin/keys/${created.apiKey.id}/revoke`, { headers: ADMIN(e) });
    expect(revoke.status, revoke.text).toBe(200);
    expectJsonError(await e.api.request('GET', '/api/v1/verify', { key: created.key }), 401);
  });

  it('403 when a requested check is not enabled for the key', async () => {
    const e = env();
    const { key } = await createKey(e, { enabledChecks: ['liveness', 'age_estimation'] });
    const res = await e.api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness', 'doc_verify'] } });
    expectJsonError(res, 403);
    expect(res.body.error).toContain('doc_verify');
    expect((await e.api.request('POST', '/api/v1/verify', { key, json: { checks: ['age_estimation'] } })).status).toBe(201);
  });

  it('400 validation errors name the field', async () => {
    const e = env();
    const { key } = await createKey(e);
    const cases: Array<[unknown, string]> = [
      [{ checks: 'liveness' }, 'checks'],
      [{ checks: [] }, 'checks'],
      [{ checks: ['liveness', 'selfie'] }, 'checks[1]'],
      [{ externalRef: 42 }, 'externalRef'],
      [{ externalRef: 'x'.repeat(5000) }, 'externalRef'],
      [{ redirectUrl: 'not a url' }, 'redirectUrl'],
      [{ redirectUrl: 'javascript:alert(1)' }, 'redirectUrl'],
      [{ callbackUrl: 'ftp://example.com/x' }, 'callbackUrl'],
      [{ callbackUrl: 'http://169.254.169.254/latest/meta-data' }, 'callbackUrl'],
      [{ metadata: [1, 2] }, 'metadata'],
      [{ metadata: 'premium' }, 'metadata'],
      [[1, 2, 3], 'body'],
      ['a string', 'body'],
    ];
    for (const [json, field] of cases) {
      const res = await e.api.request('POST', '/api/v1/verify', { key, json });
      expectJsonError(res, 400);
      expect(res.body.field, JSON.stringify(json)).toBe(field);
    }
    const malformed = await e.api.request('POST', '/api/v1/verify', { key, body: '{"checks": [', headers: { 'content-type': 'application/json' } });
    expectJsonError(malformed, 400);
  });

  it('redirectUrl must use an allowed origin when the key lists origins', async () => {
    const e = env();
    const { key } = await createKey(e, { allowedRedirectOrigins: ['https://yourapp.com'] });
    const bad = await e.api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'], redirectUrl: 'https://evil.example/done' } });
    expectJsonError(bad, 400);
    expect(bad.body.field).toBe('redirectUrl');
    const ok = await e.api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'], redirectUrl: 'https://yourapp.com/done' } });
    expect(ok.status).toBe(201);
  });

  it('413 for a body over the limit, 415 for a non-JSON content type', async () => {
    const e = env();
    const { key } = await createKey(e);
    const huge = JSON.stringify({ metadata: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    expectJsonError(await e.api.request('POST', '/api/v1/verify', { key, body: huge, headers: { 'content-type': 'application/json' } }), 413);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new TextEncoder().encode('x'.repeat(256 * 1024));
        for (let i = 0; i < 8; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await fetch(`${e.api.baseUrl}/api/v1/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toEqual(expect.any(String));
    expectJsonError(await e.api.request('POST', '/api/v1/verify', { key, body: '<xml/>', headers: { 'content-type': 'application/xml' } }), 415);
  });

  it('Idempotency-Key on POST returns the first response again; another body with the same key is refused', async () => {
    const e = env();
    const { key } = await createKey(e);
    const headers = { 'idempotency-key': `idem-${crypto.randomUUID()}` };
    const first = await e.api.request('POST', '/api/v1/verify', { key, headers, json: { externalRef: 'user_idem', checks: ['liveness'] } });
    const second = await e.api.request('POST', '/api/v1/verify', { key, headers, json: { externalRef: 'user_idem', checks: ['liveness'] } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const list = await e.api.request('GET', '/api/v1/verify?externalRef=user_idem', { key });
    expect(list.body.sessions).toHaveLength(1);
    const other = await e.api.request('POST', '/api/v1/verify', { key, headers, json: { externalRef: 'someone_else', checks: ['liveness'] } });
    expectJsonError(other, 422);
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => e.api.request('POST', '/api/v1/verify', { key, headers: { 'idempotency-key': 'same-burst' }, json: { checks: ['liveness'] } })),
    );
    const ok = concurrent.filter((r) => r.status === 201);
    expect(new Set(ok.map((r) => r.body.sessionId)).size).toBe(1);
    expect(concurrent.every((r) => r.status === 201 || r.status === 409)).toBe(true);
  });

  it('DELETE /verify/:id/data redacts PII and keeps the audit skeleton', async () => {
    const e = env();
    const { key } = await createKey(e);
    const created = await e.api.request('POST', '/api/v1/verify', { key, json: CONTRACT_CREATE_EXAMPLE });
    const id = created.body.sessionId as string;
    const del = await e.api.request('DELETE', `/api/v1/verify/${id}/data`, { key });
    expect(del.status, del.text).toBe(200);
    const get = await e.api.request('GET', `/api/v1/verify/${id}`, { key });
    expect(get.status).toBe(200);
    expect(get.body.id).toBe(id);
    expect(get.body.externalRef).toBeNull();
    expect(get.body.metadata).toEqual({});
    expect(get.body.status).toBe('CANCELLED');
    expect(Object.keys(get.body.checks as object)).toEqual(['liveness', 'documentVerification', 'faceMatch']);
    const token = (created.body.verificationUrl as string).split('/').pop();
    expectJsonError(await e.api.request('GET', `/api/v1/flow/${token}`), 401);
    expect((await e.api.request('DELETE', `/api/v1/verify/${id}/data`, { key })).status).toBe(200);
    expectJsonError(await e.api.request('DELETE', `/api/v1/verify/${crypto.randomUUID()}/data`, { key }), 404);
  });

  it('the verification link opens the flow config (token auth, not the API key)', async () => {
    const e = env();
    const { key } = await createKey(e, { branding: { name: 'Acme', primaryColor: '#112233' } });
    const created = await e.api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness', 'age_estimation'] } });
    const token = (created.body.verificationUrl as string).split('/').pop();
    const res = await e.api.request('GET', `/api/v1/flow/${token}`, { headers: { 'accept-language': 'pt-BR,pt;q=0.9,en;q=0.8' } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.requestedChecks).toEqual(['liveness', 'age_estimation']);
    expect(res.body.language).toBe('pt');
    expect((res.body.branding as Record<string, unknown>).name).toBe('Acme');
    expect((res.body.challenges as string[])[0]).toBe('look_straight');
    expect((res.body.state as Record<string, unknown>).next).toEqual(['liveness', 'selfie']);
    expectJsonError(await e.api.request('GET', '/api/v1/flow/NotARealTokenButLongEnough1234567890'), 401);
    // Another token of the same shape (its last character changed, never to itself).
    expectJsonError(await e.api.request('GET', `/api/v1/flow/${token!.slice(0, -1)}${token!.endsWith('0') ? '1' : '0'}`), 401);
    const start = await e.api.request('POST', `/api/v1/flow/${token}/start`);
    expect(start.status, start.text).toBe(200);
    const get = await e.api.request('GET', `/api/v1/verify/${created.body.sessionId}`, { key });
    expect(get.body.status).toBe('IN_PROGRESS');
    const notImage = await e.api.request('POST', `/api/v1/flow/${token}/selfie`, { json: { image: Buffer.from('GIF89a not really').toString('base64') } });
    expectJsonError(notImage, 415);
    const missing = await e.api.request('POST', `/api/v1/flow/${token}/selfie`, { json: {} });
    expectJsonError(missing, 400);
    const notRequested = await e.api.request('POST', `/api/v1/flow/${token}/document/front`, {
      body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
      headers: { 'content-type': 'image/jpeg' },
    });
    expectJsonError(notRequested, 409);
  });

  it('admin API: keys are shown once, listed without secrets, updated, rotated and revoked; admin token required', async () => {
    const e = env();
    expectJsonError(await e.api.request('GET', '/api/v1/admin/keys'), 401);
    expectJsonError(await e.api.request('GET', '/api/v1/admin/keys', { headers: { authorization: 'Bearer wrong-token' } }), 401);
    const created = await createKey(e, { mode: 'test', webhookUrl: 'https://hooks.example.com/kyc' });
    expect(created.key).toMatch(/^kyc_test_[A-Za-z0-9]{32,}$/);
    expect(created.webhookSecret).toMatch(/^whsec_/);
    const live = await createKey(e);
    expect(live.key).toMatch(/^kyc_live_[A-Za-z0-9]{32,}$/);
    const list = await e.api.request<{ keys: Record<string, unknown>[] }>('GET', '/api/v1/admin/keys', { headers: ADMIN(e) });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(created.key);
    expect(list.text).not.toContain(created.webhookSecret);
    expect(list.body.keys.some((k) => k.id === created.apiKey.id)).toBe(true);
    const update = await e.api.request('PATCH', `/api/v1/admin/keys/${created.apiKey.id}`, { headers: ADMIN(e), json: { rateLimitPerMinute: 7, enabledChecks: ['liveness'] } });
    expect(update.status, update.text).toBe(200);
    expect(update.body.rateLimitPerMinute).toBe(7);
    const limited = await e.api.request('POST', '/api/v1/verify', { key: created.key, json: {} });
    expectRateLimitHeaders(limited, 7);
    expect(limited.body.requestedChecks).toEqual(['liveness']);
    const badUpdate = await e.api.request('PATCH', `/api/v1/admin/keys/${created.apiKey.id}`, { headers: ADMIN(e), json: { rateLimitPerMinute: 'many' } });
    expectJsonError(badUpdate, 400);
    expect(badUpdate.body.field).toBe('rateLimitPerMinute');
    const rotated = await e.api.request('POST', `/api/v1/admin/keys/${created.apiKey.id}/webhook-secret`, { headers: ADMIN(e) });
    expect(rotated.status).toBe(200);
    expect(rotated.body.webhookSecret).toMatch(/^whsec_/);
    expect(rotated.body.webhookSecret).not.toBe(created.webhookSecret);
    expectJsonError(await e.api.request('GET', '/api/v1/admin/keys/key_does_not_exist', { headers: ADMIN(e) }), 404);
  });

  it('OpenAPI 3.1 document describes the contract from the validating schemas', async () => {
    const e = env();
    const res = await e.api.request<Record<string, any>>('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const create = res.body.paths['/api/v1/verify'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(['callbackUrl', 'checks', 'externalRef', 'metadata', 'redirectUrl']);
    expect(schema.properties.checks.items.enum).toEqual(['liveness', 'age_estimation', 'doc_verify', 'face_match']);
    expect(create.responses['201']).toBeDefined();
    for (const path of ['/api/v1/verify/{sessionId}', '/api/v1/verify/{sessionId}/cancel', '/api/v1/verify/{sessionId}/data']) expect(res.body.paths[path]).toBeDefined();
    expect(res.body.paths['/api/v1/verify'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['status', 'externalRef', 'page', 'limit']);
  });

  it('unknown paths are JSON 404s and wrong methods 405', async () => {
    const e = env();
    const { key } = await createKey(e);
    expectJsonError(await e.api.request('GET', '/api/v1/nope', { key }), 404);
    const wrong = await e.api.request('PUT', '/api/v1/verify', { key, json: {} });
    expectJsonError(wrong, 405);
    expect(wrong.headers.get('allow')).toContain('POST');
  });

  it('rate limit: of 200 concurrent requests on a key with limit 100, exactly 100 succeed; 429s carry Retry-After', async () => {
    const e = env();
    const { key } = await createKey(e, { rateLimitPerMinute: 100, enabledChecks: ['liveness'] });
    await awayFromWindowEdge();
    const results = await Promise.all(Array.from({ length: 200 }, () => e.api.request('POST', '/api/v1/verify', { key, json: {} })));
    const ok = results.filter((r) => r.status === 201);
    const limited = results.filter((r) => r.status === 429);
    expect(ok).toHaveLength(100);
    expect(limited).toHaveLength(100);
    for (const r of limited) {
      expectJsonError(r, 429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    }
    const remaining = ok.map((r) => Number(r.headers.get('x-ratelimit-remaining'))).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const list = await e.api.request('GET', '/api/v1/verify?limit=100', { key });
    expect(list.status).toBe(429);
  });

  it('webhook: cancelling sends verification.cancelled to callbackUrl, signed so the contract snippet verifies it', async () => {
    const e = env();
    const { key, webhookSecret } = await createKey(e, { allowPrivateCallbacks: true });
    const received: Array<{ ok: boolean; body: Record<string, unknown>; timestamp: unknown }> = [];
    // The contract's own receiver, verbatim in spirit: express.json(), then JSON.stringify(req.body) is verified.
    function verifyWebhook(body: string, signature: string, secret: string) {
      const expected = crypto.createHmac('sha256', secret).update(body).digest('hex');
      return crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
    }
    const app = express();
    app.use(express.json());
    app.post('/webhook/kyc', (req, res) => {
      const sig = req.headers['x-kyc-signature'] as string;
      const ok = typeof sig === 'string' && sig.length === 64 && verifyWebhook(JSON.stringify(req.body), sig, webhookSecret);
      received.push({ ok, body: req.body, timestamp: req.headers['x-kyc-timestamp'] });
      if (!ok) return res.status(401).json({ error: 'Invalid signature' });
      res.status(200).json({ received: true });
    });
    const server: Server = await new Promise((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/kyc`;
      const created = await e.api.request('POST', '/api/v1/verify', { key, json: { ...CONTRACT_CREATE_EXAMPLE, checks: ['liveness'], callbackUrl: url } });
      expect(created.status, created.text).toBe(201);
      await e.api.request('POST', `/api/v1/verify/${created.body.sessionId}/cancel`, { key });
      const deadline = Date.now() + 20_000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(received).toHaveLength(1);
      expect(received[0]!.ok).toBe(true);
      expect(received[0]!.body).toMatchObject({
        event: 'verification.cancelled',
        sessionId: created.body.sessionId,
        externalRef: 'user_12345',
        overallResult: null,
        metadata: { plan: 'premium' },
        checks: { liveness: { result: null, livenessScore: null } },
      });
      expect(received[0]!.body.completedAt).toMatch(ISO);
      expect(String(received[0]!.timestamp)).toMatch(/^\d+$/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
}

export { client };
