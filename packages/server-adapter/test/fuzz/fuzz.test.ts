/**
 * Fuzzing over real HTTP, on every mount: malformed JSON, wrong types, huge bodies, bad tokens, path tricks, odd
 * methods and headers. Every answer must be a JSON 4xx (or a success), never a 5xx, a hang or a crash; the server
 * must keep answering afterwards. The one HTML error is the hosted page's own "link not valid" page: a GET of
 * `/verify/<anything>` answers 404 with the built page itself.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOSTED_PAGE_DIR } from '@provefy/hosted-page';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHostedPageBuilt } from '../../../hosted-page/scripts/build.mjs';
import { type Provefy, createProvefy } from '../../src/index.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Listening, MOUNTS, type MountName, listen } from '../support/mounts.js';
import { type RawResponse, rawRequest } from './raw-http.js';

const ADMIN_TOKEN = 'fuzz-admin-token-0123456789abcdef';
const RUNS = Number(process.env.PROVEFY_FUZZ_RUNS ?? 120);

let db: TestDatabase;
let provefy: Provefy;
const servers = new Map<MountName, Listening>();
let key = '';
let revokedKey = '';
let sessionId = '';
let token = '';
let pageHtml = '';

beforeAll(async () => {
  ensureHostedPageBuilt();
  pageHtml = readFileSync(join(HOSTED_PAGE_DIR, 'index.html'), 'utf8');
  db = targets[0]!.database();
  const store = await db.open();
  provefy = createProvefy({
    store,
    adminToken: ADMIN_TOKEN,
    webhooks: false,
    sweepIntervalMs: 0,
    rateLimit: { anonymousPerMinute: 1_000_000, flowPerMinute: 1_000_000, adminPerMinute: 1_000_000 },
    logger: { error: console.error, warn: () => {}, info: () => {} },
  });
  await provefy.ready();
  const created = await store.apiKeys.create({ name: 'fuzz', rateLimitPerMinute: 1_000_000, allowPrivateCallbacks: false });
  key = created.key;
  const revoked = await store.apiKeys.create({ name: 'revoked' });
  await store.apiKeys.revoke(revoked.apiKey.id);
  revokedKey = revoked.key;
  for (const mount of MOUNTS) servers.set(mount, await listen(mount, provefy.fetch));
  const res = await fetch(`${servers.get('node-http')!.baseUrl}/api/v1/verify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ checks: ['liveness', 'age_estimation', 'doc_verify', 'face_match'] }),
  });
  const body = (await res.json()) as { sessionId: string; verificationUrl: string };
  sessionId = body.sessionId;
  token = body.verificationUrl.split('/').pop()!;
});

afterAll(async () => {
  for (const s of servers.values()) await s.close();
  await provefy?.close();
  await db?.cleanup();
});

/**
 * True for `GET /verify/<one segment>` as a server sees it: some mounts resolve dot segments and empty segments of
 * the raw path first (Hono: `/verify//../verify` is `/verify/verify`), so the path is normalised the WHATWG way.
 */
function isHostedPagePath(what: string): boolean {
  const m = /^GET (\S+)/.exec(what);
  if (!m) return false;
  let path: string;
  try {
    path = new URL(m[1]!, 'http://provefy.invalid').pathname;
  } catch {
    return false;
  }
  const raw = /^\/verify\/[^/?\s]+\/?(\?|$)/;
  return raw.test(m[1]!) || raw.test(path) || raw.test(path.replace(/\/{2,}/g, '/'));
}

/** The property every response must have. */
function expectSafe(res: RawResponse, what: string): void {
  expect(res.status, `${what} -> ${res.status} ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${what} -> ${res.status} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.status === 404 && isHostedPagePath(what) && String(res.headers['content-type']).startsWith('text/html')) {
    // The hosted page's own "link not valid" screen: the built page itself, never framed.
    expect(res.body, what).toBe(pageHtml);
    expect(String(res.headers['content-security-policy']), what).toContain("frame-ancestors 'none'");
    return;
  }
  if (res.status >= 400) {
    const type = String(res.headers['content-type'] ?? '');
    expect(type, `${what} -> ${res.status} content-type`).toMatch(/application\/json/);
    let parsed: unknown;
    expect(() => {
      parsed = JSON.parse(res.body);
    }, `${what} -> ${res.status} body ${res.body.slice(0, 200)}`).not.toThrow();
    expect(typeof (parsed as { error?: unknown }).error, `${what} -> ${res.body.slice(0, 200)}`).toBe('string');
  }
}

const SEGMENTS = [
  'verify',
  'flow',
  'admin',
  'keys',
  'cancel',
  'data',
  'selfie',
  'liveness',
  'document',
  'front',
  'back',
  'complete',
  'start',
  'revoke',
  'webhook-secret',
  'openapi.json',
  'preview',
  'assets',
  '..',
  '.',
  '%2e%2e',
  '..%2f..',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%00',
  'abc%00def',
  '%',
  '%zz',
  '%ff%fe',
  '%c0%ae%c0%ae',
  '%E2%80%AE',
  ';',
  ';jsessionid=1',
  '*',
  '~',
  "'",
  '"',
  '<script>',
  '%3Cscript%3E',
  '__proto__',
  'constructor',
  'a'.repeat(300),
  'b'.repeat(3000),
];

const pathArb = fc
  .tuple(
    fc.constantFrom('/api/v1/', '/api/v1', '/', '//api/v1/', '/api/v1//', '/API/V1/', '/api/v2/', '/api/v1/verify/', '/verify/', '/verify/assets/'),
    fc.array(fc.oneof(fc.constantFrom(...SEGMENTS), fc.constant('<session>'), fc.constant('<token>'), fc.webSegment()), { maxLength: 5 }),
    fc.option(fc.array(fc.tuple(fc.constantFrom('status', 'page', 'limit', 'externalRef', 'lang', 'x', '__proto__'), fc.oneof(fc.webSegment(), fc.constantFrom('-1', '0', '1e309', 'NaN', '%00', 'COMPLETED', '99999999999999999999', '[]'))), { maxLength: 4 })),
  )
  .map(([prefix, segs, query]) => {
    const path = prefix + segs.map((s) => (s === '<session>' ? sessionId : s === '<token>' ? token : s)).join('/');
    const q = query ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
    return (path + q).replace(/[^\x21-\x7e]/g, '%20');
  });

const authArb = fc.oneof(
  fc.constant<string | null>(null),
  fc.constant('<key>'),
  fc.constant('<revoked>'),
  fc.constant(`Bearer ${ADMIN_TOKEN}`),
  fc.constant('Bearer '),
  fc.constant('Basic dXNlcjpwYXNz'),
  fc.constant(`Bearer kyc_live_${'A'.repeat(40)}`),
  fc.constant(`Bearer kyc_test_${'z'.repeat(200)}`),
  fc.constant(`Bearer ${'x'.repeat(3000)}`),
  fc.string({ maxLength: 80 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}`),
);

const contentTypeArb = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=XyZ',
  'multipart/form-data',
  'image/jpeg',
  'image/png',
  'application/xml',
  'application/merge-patch+json',
);

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const bodyArb = fc.oneof(
  fc.constant<string | undefined>(undefined),
  jsonValue.map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        externalRef: jsonValue,
        checks: fc.oneof(jsonValue, fc.array(fc.constantFrom('liveness', 'age_estimation', 'doc_verify', 'face_match', 'LIVENESS', '', 'x'))),
        redirectUrl: fc.oneof(jsonValue, fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'http://127.0.0.1/x', 'https://[::1]/x', '//evil.com')),
        callbackUrl: fc.oneof(jsonValue, fc.webUrl(), fc.constantFrom('http://169.254.169.254/', 'http://localhost:1/x', 'http://[::ffff:127.0.0.1]/')),
        metadata: jsonValue,
        image: fc.oneof(jsonValue, fc.base64String({ maxLength: 200 }), fc.constant('data:image/png;base64,iVBORw0KGgo=')),
        frames: fc.oneof(jsonValue, fc.array(fc.base64String({ maxLength: 100 }), { maxLength: 5 })),
        timestamps: jsonValue,
        name: jsonValue,
        rateLimitPerMinute: jsonValue,
        enabledChecks: jsonValue,
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"checks": [', '{"a":1}}', 'null', 'true', '[]', '"x"', '1e999', '{"__proto__": {"polluted": true}}', '\uFEFF{}', '{"checks": ["liveness"]}'),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
);

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND'];

function headersFor(auth: string | null, contentType: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { ...extra };
  if (auth === '<key>') h.authorization = `Bearer ${key}`;
  else if (auth === '<revoked>') h.authorization = `Bearer ${revokedKey}`;
  else if (auth !== null) h.authorization = auth;
  if (contentType) h['content-type'] = contentType;
  return h;
}

describe.each(MOUNTS)('fuzz over %s', (mount) => {
  it('random requests: always a JSON 4xx or a success, never a 5xx', async () => {
    const base = servers.get(mount)!.baseUrl;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), pathArb, authArb, contentTypeArb, bodyArb, fc.boolean(), async (method, path, auth, contentType, body, idem) => {
        const sendsBody = method !== 'GET' && method !== 'HEAD' && body !== undefined;
        const headers = headersFor(auth, contentType, idem ? { 'idempotency-key': `fz-${randomUUID()}` } : {});
        const res = await rawRequest(base, method, path, headers, sendsBody ? body : undefined);
        if (method === 'HEAD') {
          expect(res.status).toBeLessThan(500);
          return;
        }
        expectSafe(res, `${method} ${path.slice(0, 120)} auth=${String(auth).slice(0, 30)} ct=${contentType}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('targeted tricks: path traversal, NUL, very long ids, bad tokens, huge and deep bodies', async () => {
    const base = servers.get(mount)!.baseUrl;
    const auth = { authorization: `Bearer ${key}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const cases: Array<[string, string, Record<string, string>, (string | Uint8Array)?]> = [
      ['GET', '/api/v1/verify/..%2f..', auth],
      ['GET', '/api/v1/verify/..%2f..%2fadmin%2fkeys', auth],
      ['GET', '/api/v1/verify/%2e%2e/%2e%2e/admin/keys', auth],
      ['GET', '/api/v1/verify/../../admin/keys', auth],
      ['GET', '/api/v1/verify/%00', auth],
      ['GET', '/api/v1/verify/abc%00.json', auth],
      ['GET', `/api/v1/verify/${'9'.repeat(10_000)}`, auth],
      ['POST', `/api/v1/verify/${'a'.repeat(5000)}/cancel`, auth],
      ['DELETE', '/api/v1/verify/%/data', auth],
      ['GET', `/api/v1/flow/${'t'.repeat(5000)}`, {}],
      ['GET', '/api/v1/flow/%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00', {}],
      ['GET', '/api/v1/flow/..%2f..%2fverify', {}],
      ['POST', `/api/v1/flow/${token}/selfie`, { 'content-type': 'multipart/form-data; boundary=abc' }, '--abc\r\nContent-Disposition: form-data; name="image"; filename="x.jpg"\r\n\r\nnot an image\r\n--abc--'],
      ['POST', `/api/v1/flow/${token}/selfie`, { 'content-type': 'multipart/form-data; boundary=abc' }, '--abc\r\ngarbage without end'],
      ['POST', `/api/v1/flow/${token}/liveness`, { 'content-type': 'application/json' }, '{"frames": "!!!not base64!!!"}'],
      ['POST', `/api/v1/flow/${token}/liveness`, { 'content-type': 'application/json' }, JSON.stringify({ frames: Array.from({ length: 40 }, () => 'AAAA') })],
      ['POST', `/api/v1/flow/${token}/liveness`, { 'content-type': 'application/json' }, JSON.stringify({ frames: [Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]).toString('base64')], timestamps: 'x' })],
      ['POST', `/api/v1/flow/${token}/document/back`, { 'content-type': 'image/png' }, Buffer.from('89504e470d0a1a0a00', 'hex')],
      ['POST', `/api/v1/flow/${token}/document/front`, { 'content-type': 'image/gif' }, 'GIF89a'],
      ['POST', '/api/v1/verify', json, '['.repeat(200_000)],
      ['POST', '/api/v1/verify', json, `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`],
      ['POST', '/api/v1/verify', json, JSON.stringify({ metadata: { deep: JSON.parse('['.repeat(100) + ']'.repeat(100)) } })],
      ['POST', '/api/v1/verify', json, 'x'.repeat(3 * 1024 * 1024)],
      ['POST', '/api/v1/verify', { ...json, 'content-length': '99999999999' }, '{}'],
      ['POST', '/api/v1/verify', json, Buffer.from([0xff, 0xfe, 0x7b, 0x7d])],
      ['POST', '/api/v1/verify', { ...json, 'idempotency-key': 'bad key with spaces' }, '{}'],
      ['POST', '/api/v1/verify', { ...json, 'idempotency-key': 'k'.repeat(300) }, '{}'],
      ['POST', '/api/v1/admin/keys', { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, '{"name": {"$gt": ""}}'],
      ['PATCH', '/api/v1/admin/keys/..%2f', { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, '{}'],
      ['GET', '/api/v1/verify?page=1&page=2&limit=%00', auth],
      ['GET', '/verify/assets/..%2f..%2f..%2fpackage.json', {}],
      ['GET', '/verify/assets/%2e%2e%2findex.html', {}],
      ['GET', '/verify/assets/../../package.json', {}],
      ['GET', '/verify/assets/%00', {}],
      ['POST', `/verify/${token}/preview`, { 'content-type': 'image/jpeg' }, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])],
      ['POST', `/verify/${token}/preview`, { 'content-type': 'image/png' }, 'x'.repeat(400 * 1024)],
      ['POST', `/verify/${'t'.repeat(5000)}/preview`, { 'content-type': 'image/jpeg' }, 'x'],
      ['GET', `/api/v1/verify?externalRef=${'r'.repeat(5000)}`, auth],
      ['GET', '/api/v1/verify', { authorization: `Bearer ${'k'.repeat(5000)}` }],
      ['GET', '/api/v1/verify', { authorization: 'Bearer kyc_live_\u00e9'.replace(/[^\x00-\x7f]/g, '?') }],
    ];
    for (const [method, path, headers, body] of cases) {
      const res = await rawRequest(base, method, path, headers, body);
      expectSafe(res, `${method} ${path.slice(0, 100)}`);
      if (path.includes('..') && res.status === 200) throw new Error(`path trick reached a resource: ${path}`);
    }
    const big = await rawRequest(base, 'POST', '/api/v1/verify', json, 'x'.repeat(3 * 1024 * 1024));
    expect(big.status).toBe(413);
    const health = await rawRequest(base, 'GET', '/api/v1/health', {});
    expect(health.status).toBe(200);
  });
});
