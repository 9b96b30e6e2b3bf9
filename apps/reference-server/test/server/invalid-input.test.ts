/**
 * The reference server's dashboard API goes through the adapter's input layer (issue #17 item 4): a NUL byte, a lone
 * surrogate or invalid UTF-8 in the path, query or JSON body of `/admin/api/*` (signed in or not) answers 400
 * `PROVEFY_ERR_INVALID_INPUT`, on SQLite and on PostgreSQL (which answered 500 before), with the real server process;
 * every other dashboard error has the adapter's shape `{ error, code, docs }` (issue #15 item 5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../support/admin-client.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { ensureWebBuilt } from '../support/web-build.js';

const PASSWORD = 'a long test password 1';
const PG_URL = process.env.PROVEFY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const DATABASES: Array<{ name: string; env: () => Record<string, string> }> = [
  { name: 'sqlite', env: () => ({}) },
  { name: 'postgres', env: () => ({ DATABASE_URL: PG_URL, PROVEFY_DATABASE_SCHEMA: `refserver_nul_${process.pid}_${Date.now()}` }) },
];

/** Paths (relative to /admin/api) that carry a bad component in a path parameter or the query. */
const BAD_TARGETS = [
  ['GET', '/sessions/%00'],
  ['GET', '/sessions/a%00b/images/x'],
  ['GET', '/sessions/x/images/%00'],
  ['POST', '/sessions/%00/review'],
  ['GET', '/sessions?keyId=%00'],
  ['GET', '/sessions?status=%00'],
  ['GET', '/sessions?keyId=%C0%80'],
  ['GET', '/sessions/%ED%A0%80'],
  ['GET', '/sessions/%FF'],
  ['GET', '/review?keyId=%00'],
  ['GET', '/keys/%00'],
  ['PATCH', '/keys/%00'],
  ['POST', '/keys/%00/revoke'],
  ['POST', '/keys/%00/webhook-secret'],
  ['GET', '/webhooks?keyId=%00'],
  ['GET', '/webhooks?sessionId=%00&status=failed'],
  ['GET', '/webhooks/%00'],
  ['POST', '/webhooks/%00/retry'],
  ['GET', '/audit?keyId=%00'],
  ['GET', '/overview?x=%00'],
] as const;

/** JSON bodies with a NUL or a lone surrogate (escaped in JSON, so the bytes are valid UTF-8). */
const BAD_BODIES: Array<[string, string, unknown]> = [
  ['POST', '/login', { username: 'admin', password: `${PASSWORD}\u0000` }],
  ['POST', '/login', { username: 'admin\u0000', password: PASSWORD }],
  ['POST', '/login', { username: '\uD800', password: PASSWORD }],
  ['POST', '/setup', { token: 'x\u0000', password: PASSWORD }],
  ['POST', '/sessions/search', { externalRef: 'user\u0000' }],
  ['POST', '/sessions/search', { keyId: '\uDC00' }],
  ['POST', '/keys', { name: 'shop\u0000' }],
  ['POST', '/password', { currentPassword: PASSWORD, newPassword: 'another long password\u0000' }],
];

for (const db of DATABASES) {
  describe(`dashboard input layer on ${db.name}`, () => {
    let server: ServerProcess;
    let admin: AdminClient;

    beforeAll(async () => {
      ensureWebBuilt();
      server = await startServerProcess({ env: db.env() });
      admin = await AdminClient.setup(server.url, server.setupToken()!, PASSWORD);
    });
    afterAll(async () => {
      if (server) expect(await server.stop()).toBe(0);
    });

    it('refuses NULs and invalid text in paths and queries, signed in or not', async () => {
      for (const [method, path] of BAD_TARGETS) {
        const signedIn = await admin.request(method, path, method === 'GET' ? undefined : {});
        expect(signedIn.status, `${method} ${path}: ${JSON.stringify(signedIn.json)}`).toBe(400);
        expect(signedIn.json.code).toBe('PROVEFY_ERR_INVALID_INPUT');
        const anonymous = await fetch(`${server.url}/admin/api${path}`, { method });
        expect(anonymous.status, `anonymous ${method} ${path}`).toBe(400);
      }
    });

    it('refuses NULs, lone surrogates and invalid UTF-8 in JSON bodies, including the unauthenticated login', async () => {
      for (const [method, path, body] of BAD_BODIES) {
        const res = await admin.request(method, path, body);
        expect(res.status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.json)}`).toBe(400);
        expect(res.json.code).toBe('PROVEFY_ERR_INVALID_INPUT');
      }
      const raw = new Uint8Array([...new TextEncoder().encode('{"username":"admin","password":"'), 0xc0, 0x80, ...new TextEncoder().encode('"}')]);
      const login = await fetch(`${server.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
      expect(login.status).toBe(400);
      expect(((await login.json()) as { code: string }).code).toBe('PROVEFY_ERR_INVALID_INPUT');
    });

    it('answers every dashboard error in the adapter\'s shape { error, code, docs }', async () => {
      const anon = (method: string, path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { method, ...init });
      const cases: Array<[string, Promise<Response | { status: number; json: any }>, number, string]> = [
        ['anonymous list', anon('GET', '/admin/api/sessions'), 401, 'PROVEFY_ERR_ADMIN_UNAUTHORIZED'],
        ['unknown dashboard path', anon('GET', '/admin/api/nothing'), 404, 'PROVEFY_ERR_NOT_FOUND'],
        ['unknown path', anon('GET', '/nowhere'), 404, 'PROVEFY_ERR_NOT_FOUND'],
        ['wrong method', anon('DELETE', '/admin/api/session'), 405, 'PROVEFY_ERR_METHOD_NOT_ALLOWED'],
        ['not JSON', anon('POST', '/admin/api/login', { headers: { 'content-type': 'text/plain' }, body: '{}' }), 415, 'PROVEFY_ERR_UNSUPPORTED_MEDIA_TYPE'],
        ['malformed JSON', anon('POST', '/admin/api/login', { headers: { 'content-type': 'application/json' }, body: '{"username":' }), 400, 'PROVEFY_ERR_INVALID_JSON'],
        ['missing field', anon('POST', '/admin/api/login', { headers: { 'content-type': 'application/json' }, body: '{"username":"admin"}' }), 400, 'PROVEFY_ERR_VALIDATION'],
        ['wrong password', anon('POST', '/admin/api/login', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'wrong password 123' }) }), 401, 'PROVEFY_ERR_LOGIN_FAILED'],
        ['no CSRF token', anon('POST', '/admin/api/sessions/x/review', { headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body: '{}' }), 403, 'PROVEFY_ERR_FORBIDDEN'],
        ['unknown session', admin.request('GET', '/sessions/00000000-0000-0000-0000-000000000000'), 404, 'PROVEFY_ERR_SESSION_NOT_FOUND'],
        ['review of an unknown session', admin.request('POST', '/sessions/nope/review', { decision: 'APPROVED', note: 'ok' }), 404, 'PROVEFY_ERR_SESSION_NOT_FOUND'],
        ['bad query', admin.request('GET', '/webhooks?limit=0'), 400, 'PROVEFY_ERR_VALIDATION'],
        ['unknown webhook', admin.request('POST', '/webhooks/nope/retry', {}), 404, 'PROVEFY_ERR_NOT_FOUND'],
      ];
      for (const [name, pending, status, code] of cases) {
        const r = await pending;
        const body = r instanceof Response ? await r.json() : r.json;
        expect(r.status, `${name}: ${JSON.stringify(body)}`).toBe(status);
        expect(body, name).toMatchObject({ error: expect.any(String), code, docs: expect.stringContaining('#') });
        if (r instanceof Response) expect(r.headers.get('x-request-id'), name).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it('the adapter routes it serves refuse them too, and nothing answered 500', async () => {
      for (const path of ['/api/v1/verify/%00', '/api/v1/verify?externalRef=%00', '/api/v1/flow/%00', '/verify/%00']) {
        const res = await fetch(`${server.url}${path}`, { headers: { authorization: 'Bearer kyc_live_x' } });
        expect(res.status, path).toBe(400);
      }
      const ok = await AdminClient.login(server.url, PASSWORD);
      expect((await ok.request('GET', '/sessions')).status).toBe(200);
      expect(server.logs().filter((l) => l.level === 'error')).toEqual([]);
    });
  });
}
