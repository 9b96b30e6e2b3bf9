/**
 * SSRF at registration (issue #17 item 3): every private form of a key's `webhookUrl`, a session's `callbackUrl`, and
 * the redirect and frame origins is refused with a typed 400 through the real REST API (node:http over loopback) on
 * SQLite and PostgreSQL; public targets and `allowPrivateCallbacks: true` keys still work. DNS names resolve through an
 * injected resolver (no network), plus the production resolver for `localhost` and an unresolvable name.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HostLookup, type Provefy, createProvefy } from '../../src/index.js';
import { type ApiClient, client } from '../contract/contract-client.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Listening, listen } from '../support/mounts.js';

const ADMIN_TOKEN = 'ssrf-admin-token-0123456789abcdef';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** What the injected resolver answers (anything else goes to the real `node:dns` lookup: localhost, /etc/hosts). */
const ZONE: Record<string, string[]> = {
  'localtest.me': ['127.0.0.1'],
  '169.254.169.254.nip.io': ['169.254.169.254'],
  '10.0.0.1.sslip.io': ['10.0.0.1'],
  'rebind.example': ['93.184.216.34', '10.0.0.7'], // one private address among public ones
  'v6private.example': ['fd00::1'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'hooks.example.com': ['93.184.216.34'],
  'public.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
};
const resolveHost: HostLookup = async (host) => {
  const answer = ZONE[host];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

/** 72 URL forms that must be refused while `allowPrivateCallbacks` is false. */
export const PRIVATE_FORMS = [
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.1/',
  'http://10.255.255.255/hook',
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://127.0.0.1/',
  'http://127.255.255.254:8080/x',
  'http://127.0.0.1:6379/',
  'http://[::1]/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[fd00::1]/',
  'http://[fc00::1]/',
  'http://[fe80::1]/',
  'http://[fec0::1]/',
  'http://[ff02::1]/',
  'http://[::]/',
  'http://0.0.0.0/',
  'http://0/',
  'http://2130706433/',
  'http://0x7f000001/',
  'http://0x7f.1/',
  'http://127.1/',
  'http://127.0.1/',
  'http://0177.0.0.1/',
  'http://017700000001/',
  'http://0x0a.0x00.0x00.0x01/',
  'http://10.1/',
  'http://3232235777/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:a00:1]/',
  'http://[::127.0.0.1]/',
  'http://[::ffff:0:127.0.0.1]/',
  'http://[64:ff9b::10.0.0.1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[64:ff9b:1::1]/',
  'http://[2002:a9fe:a9fe::1]/',
  'http://[2002:7f00:1::]/',
  'http://[2001:db8::1]/',
  'http://[100::1]/',
  'http://100.64.0.1/',
  'http://100.127.255.255/',
  'http://198.18.0.1/',
  'http://198.19.255.255/',
  'http://240.0.0.1/',
  'http://255.255.255.255/',
  'http://224.0.0.1/',
  'http://239.255.255.250/',
  'http://192.0.0.1/',
  'http://192.0.2.1/',
  'http://localhost/',
  'http://LOCALHOST./',
  'http://localhost.:8080/hook',
  'http://foo.localhost/',
  'http://printer.local/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://example.com@127.0.0.1/',
  'http://user:pass@hooks.example.com/',
  'http://%31%32%37.0.0.1/',
  'http://%6c%6f%63%61%6c%68%6f%73%74/',
  'http://\uFF4C\uFF4F\uFF43\uFF41\uFF4C\uFF48\uFF4F\uFF53\uFF54/', // fullwidth "localhost" (IDN mapping)
  'http://\u2460\u2461\u2466.0.0.1/', // circled digits "127.0.0.1"
  'http://localtest.me/',
  'http://169.254.169.254.nip.io/latest/meta-data/',
  'http://10.0.0.1.sslip.io/',
  'http://rebind.example/',
  'http://v6private.example/',
  'http://mapped.example/',
  'http://[fe80::1%25eth0]/',
  'http://unresolvable.invalid/',
  'ftp://93.184.216.34/',
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_',
];

const PUBLIC_FORMS = [
  'https://93.184.216.34/hook',
  'https://hooks.example.com/kyc',
  'http://public.example:8080/x?y=1',
  'https://[2606:2800:220:1:248:1893:25c8:1946]/hook',
  'https://[64:ff9b::5db8:d822]/hook', // NAT64 of a public IPv4
  'https://HOOKS.EXAMPLE.COM./kyc',
];

for (const target of targets) {
  target.describe(`SSRF at registration on ${target.name}`, () => {
    let db: TestDatabase;
    let provefy: Provefy;
    let server: Listening;
    let api: ApiClient;
    let strictKey: string;
    let privateKey: string;

    beforeAll(async () => {
      db = target.database();
      const store = await db.open();
      provefy = createProvefy({ store, adminToken: ADMIN_TOKEN, resolveHost, webhooks: false, sweepIntervalMs: 0, logger: { error: console.error, warn: () => {}, info: () => {} } });
      await provefy.ready();
      server = await listen('node-http', provefy.fetch);
      api = client(server.baseUrl);
      strictKey = (await createKey({ allowPrivateCallbacks: false })).body.key as string;
      privateKey = (await createKey({ allowPrivateCallbacks: true })).body.key as string;
    });
    afterAll(async () => {
      await server?.close();
      await provefy?.close();
      await db?.cleanup();
    });

    const createKey = (body: Record<string, unknown>) => api.request('POST', '/api/v1/admin/keys', { headers: ADMIN, json: { name: 'ssrf', ...body } });
    const createSession = (key: string, body: Record<string, unknown>) => api.request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'], ...body } });

    it(`has a table of at least 60 private forms (${PRIVATE_FORMS.length})`, () => {
      expect(PRIVATE_FORMS.length).toBeGreaterThanOrEqual(60);
    });

    it('refuses every private form as a key webhookUrl with a typed 400 naming the field', async () => {
      const accepted: string[] = [];
      for (const url of PRIVATE_FORMS) {
        const res = await createKey({ webhookUrl: url });
        if (res.status !== 400 || res.body.code !== 'PROVEFY_ERR_VALIDATION' || res.body.field !== 'webhookUrl') accepted.push(`${url} -> ${res.status} ${res.text}`);
      }
      expect(accepted).toEqual([]);
    });

    it('refuses every private form as a session callbackUrl with a typed 400 naming the field', async () => {
      const accepted: string[] = [];
      for (const url of PRIVATE_FORMS) {
        const res = await createSession(strictKey, { callbackUrl: url });
        if (res.status !== 400 || res.body.code !== 'PROVEFY_ERR_VALIDATION' || res.body.field !== 'callbackUrl') accepted.push(`${url} -> ${res.status} ${res.text}`);
      }
      expect(accepted).toEqual([]);
    });

    it('accepts public targets as webhookUrl and callbackUrl', async () => {
      for (const url of PUBLIC_FORMS) {
        const key = await createKey({ webhookUrl: url });
        expect(key.status, `${url}: ${key.text}`).toBe(201);
        const session = await createSession(strictKey, { callbackUrl: url });
        expect(session.status, `${url}: ${session.text}`).toBe(201);
      }
    });

    it('keeps private targets allowed for keys with allowPrivateCallbacks: true', async () => {
      const http = PRIVATE_FORMS.filter((u) => u.startsWith('http') && !u.includes('@') && !u.includes('%25'));
      for (const url of http) {
        const key = await createKey({ webhookUrl: url, allowPrivateCallbacks: true });
        expect(key.status, `${url}: ${key.text}`).toBe(201);
        const session = await createSession(privateKey, { callbackUrl: url });
        expect(session.status, `${url}: ${session.text}`).toBe(201);
      }
    });

    it('checks redirect and frame origins: private ones refused, unresolvable browser-side names accepted', async () => {
      for (const origin of ['http://127.1', 'http://[::1]:3000', 'https://localtest.me', 'http://LOCALHOST.:5173', 'http://10.0.0.1.sslip.io']) {
        for (const field of ['allowedRedirectOrigins', 'allowedFrameOrigins']) {
          const res = await createKey({ [field]: [origin] });
          expect(res.status, `${field} ${origin}: ${res.text}`).toBe(400);
          expect(res.body.field).toBe(`${field}[0]`);
        }
        const redirect = await createSession(strictKey, { redirectUrl: `${origin}/done` });
        expect(redirect.status, `redirectUrl ${origin}: ${redirect.text}`).toBe(400);
        expect(redirect.body.field).toBe('redirectUrl');
        const allowed = await createSession(privateKey, { redirectUrl: `${origin}/done` });
        expect(allowed.status, allowed.text).toBe(201);
      }
      const ok = await createKey({ allowedRedirectOrigins: ['https://public.example'], allowedFrameOrigins: ['https://shop.example'] });
      expect(ok.status, ok.text).toBe(201);
      expect((await createSession(strictKey, { redirectUrl: 'https://yourapp.com/done' })).status).toBe(201);
    });

    it('re-checks on PATCH: a private webhookUrl, or turning allowPrivateCallbacks off under one, is refused', async () => {
      const created = await createKey({ webhookUrl: 'https://hooks.example.com/kyc' });
      const id = (created.body.apiKey as { id: string }).id;
      const toPrivate = await api.request('PATCH', `/api/v1/admin/keys/${id}`, { headers: ADMIN, json: { webhookUrl: 'http://[::ffff:7f00:1]/' } });
      expect(toPrivate.status, toPrivate.text).toBe(400);
      expect(toPrivate.body.field).toBe('webhookUrl');
      const lax = await createKey({ webhookUrl: 'http://10.0.0.1/hook', allowPrivateCallbacks: true });
      const laxId = (lax.body.apiKey as { id: string }).id;
      const tighten = await api.request('PATCH', `/api/v1/admin/keys/${laxId}`, { headers: ADMIN, json: { allowPrivateCallbacks: false } });
      expect(tighten.status, tighten.text).toBe(400);
      expect(tighten.body.field).toBe('webhookUrl');
      const fine = await api.request('PATCH', `/api/v1/admin/keys/${laxId}`, { headers: ADMIN, json: { allowPrivateCallbacks: false, webhookUrl: 'https://public.example/h' } });
      expect(fine.status, fine.text).toBe(200);
    });
  });
}

{
  // The production default (node:dns lookup, every address): localhost resolves to loopback, an unknown name fails closed.
  const sqlite = targets[0]!;
  sqlite.describe('SSRF with the default resolver', () => {
    let db: TestDatabase;
    let provefy: Provefy;
    let server: Listening;
    let api: ApiClient;
    beforeAll(async () => {
      db = sqlite.database();
      provefy = createProvefy({ store: await db.open(), adminToken: ADMIN_TOKEN, webhooks: false, sweepIntervalMs: 0 });
      await provefy.ready();
      server = await listen('node-http', provefy.fetch);
      api = client(server.baseUrl);
    });
    afterAll(async () => {
      await server?.close();
      await provefy?.close();
      await db?.cleanup();
    });
    it('refuses names that resolve to loopback and names that do not resolve', async () => {
      for (const url of ['http://localhost:9/x', 'http://LocalHost./', 'http://nothing-here.invalid/hook']) {
        const res = await api.request('POST', '/api/v1/admin/keys', { headers: ADMIN, json: { name: 'dns', webhookUrl: url } });
        expect(res.status, `${url}: ${res.text}`).toBe(400);
        expect(res.body.field).toBe('webhookUrl');
      }
    });
  });
}
