/**
 * Inputs PostgreSQL refuses are refused first (issue #17 item 4): a NUL byte, a lone surrogate or invalid UTF-8 in the
 * path, the query, a JSON body or a multipart text field of every route answers 400 `PROVEFY_ERR_INVALID_INPUT`
 * through the real REST API on SQLite and PostgreSQL (PostgreSQL used to answer 500, SQLite 401/404).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Provefy, createProvefy } from '../../src/index.js';
import { type ApiClient, type ApiResponse, client } from '../contract/contract-client.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Listening, listen } from '../support/mounts.js';

const ADMIN_TOKEN = 'nul-admin-token-0123456789abcdef';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
/** Percent-encoded forms PostgreSQL cannot store: NUL, overlong/invalid UTF-8, an encoded lone surrogate. */
const BAD_COMPONENTS = ['%00', 'a%00b', '%C0%80', '%FF', '%ED%A0%80'];
/** JSON strings with a NUL or a lone surrogate (as JSON escapes, so the bytes on the wire are valid UTF-8). */
const BAD_STRINGS = ['\u0000', 'ok\u0000', '\uD800', 'x\uDC00y'];

function expectInvalidInput(res: ApiResponse, what: string): void {
  expect(res.status, `${what}: ${res.text}`).toBe(400);
  expect(res.body.code, what).toBe('PROVEFY_ERR_INVALID_INPUT');
}

for (const target of targets) {
  target.describe(`NUL bytes and invalid text on ${target.name}`, () => {
    let db: TestDatabase;
    let provefy: Provefy;
    let server: Listening;
    let api: ApiClient;
    let key: string;
    let keyId: string;
    let token: string;

    beforeAll(async () => {
      db = target.database();
      provefy = createProvefy({ store: await db.open(), adminToken: ADMIN_TOKEN, webhooks: false, sweepIntervalMs: 0, logger: { error: console.error, warn: () => {}, info: () => {} } });
      await provefy.ready();
      server = await listen('node-http', provefy.fetch);
      api = client(server.baseUrl);
      const created = await api.request<{ key: string; apiKey: { id: string } }>('POST', '/api/v1/admin/keys', { headers: ADMIN, json: { name: 'nul' } });
      key = created.body.key;
      keyId = created.body.apiKey.id;
      const session = await api.request<{ verificationUrl: string }>('POST', '/api/v1/verify', { key, json: { checks: ['liveness', 'age_estimation'] } });
      token = session.body.verificationUrl.split('/verify/')[1]!;
    });
    afterAll(async () => {
      await server?.close();
      await provefy?.close();
      await db?.cleanup();
    });

    it('refuses a bad path parameter and a bad query value on every route', async () => {
      const checked: string[] = [];
      for (const route of provefy.routes) {
        for (const bad of BAD_COMPONENTS) {
          const path = route.path.replace(/:[a-zA-Z]+/g, (p) => (p === ':token' ? `${token.slice(0, 4)}${bad}` : bad));
          const withParam = path !== route.path;
          const url = withParam ? path : `${path}?page=${bad}&externalRef=${bad}&keyId=${bad}`;
          const headers = { ...ADMIN, authorization: route.security === 'apiKey' ? `Bearer ${key}` : ADMIN.authorization, 'content-type': 'application/json' };
          const res = await api.request(route.method, url, { headers, ...(route.method === 'GET' ? {} : { body: '{}' }) });
          expectInvalidInput(res, `${route.method} ${url}`);
          checked.push(`${route.method} ${route.path}`);
          // the query is checked on parameterised routes too
          if (withParam) expectInvalidInput(await api.request(route.method, `${route.path.replace(/:[a-zA-Z]+/g, 'x')}?q=${bad}`, { headers }), `${route.path}?q=${bad}`);
        }
      }
      expect(new Set(checked).size).toBe(provefy.routes.length);
      expect(provefy.routes.length).toBeGreaterThanOrEqual(15);
    });

    it('refuses NULs and lone surrogates in JSON bodies (values and keys) and invalid UTF-8 bytes', async () => {
      const apiKey = { authorization: `Bearer ${key}` };
      for (const bad of BAD_STRINGS) {
        expectInvalidInput(await api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'], externalRef: bad } }), `externalRef ${JSON.stringify(bad)}`);
        expectInvalidInput(await api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'], metadata: { [`k${bad}`]: 1 } } }), 'metadata key');
        expectInvalidInput(await api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'], metadata: { deep: [{ v: bad }] } } }), 'metadata value');
        expectInvalidInput(await api.request('POST', '/api/v1/admin/keys', { headers: ADMIN, json: { name: bad } }), 'key name');
        expectInvalidInput(await api.request('PATCH', `/api/v1/admin/keys/${keyId}`, { headers: ADMIN, json: { name: bad } }), 'key patch');
        expectInvalidInput(await api.request('POST', `/api/v1/flow/${token}/start`, { json: { challenge: bad } }), 'flow start');
        expectInvalidInput(await api.request('POST', `/api/v1/flow/${token}/liveness`, { json: { frames: [], note: bad } }), 'flow liveness JSON');
      }
      const invalidUtf8 = new Uint8Array([...new TextEncoder().encode('{"externalRef":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]);
      expectInvalidInput(await api.request('POST', '/api/v1/verify', { headers: { ...apiKey, 'content-type': 'application/json' }, body: invalidUtf8 }), 'invalid UTF-8 body');
      const form = new FormData();
      form.set('note', 'a\u0000b');
      expectInvalidInput(await api.request('POST', `/api/v1/flow/${token}/selfie`, { body: form }), 'multipart text field');
    });

    it('still serves good requests afterwards, and text that is merely unusual passes', async () => {
      const ok = await api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'], externalRef: 'Zoë 😀 \u00a0\u200b', metadata: { 'ключ': 'значение' } } });
      expect(ok.status, ok.text).toBe(201);
      const list = await api.request('GET', `/api/v1/verify?externalRef=${encodeURIComponent('Zoë 😀 \u00a0\u200b')}`, { key });
      expect(list.status, list.text).toBe(200);
      expect((list.body.sessions as unknown[]).length).toBe(1);
    });
  });
}
