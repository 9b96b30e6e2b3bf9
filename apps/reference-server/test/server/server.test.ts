/**
 * The reference server as `npm start` runs it (real process, real SQLite/PostgreSQL, real HTTP): first-start admin
 * link, health and readiness, security headers, CSRF, login rate limits, no PII in logs, graceful shutdown, restart.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, createSession } from '../support/admin-client.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { ensureWebBuilt } from '../support/web-build.js';

const PASSWORD = 'a long test password 1';
const PG_URL = process.env.PROVEFY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let server: ServerProcess;
let admin: AdminClient;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServerProcess();
});

afterAll(async () => {
  if (server) await server.stop();
});

describe('first start', () => {
  it('prints a one-time setup link once, on stderr only, and the link works once', async () => {
    const token = server.setupToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(server.stderr().match(/\/admin\/setup#/g)).toHaveLength(1);
    expect(server.stdout()).not.toContain(token!);
    admin = await AdminClient.setup(server.url, token!, PASSWORD);
    const again = await fetch(`${server.url}/admin/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: 'another password 2' }) });
    expect(again.status).toBe(401);
  });

  it('answers health and readiness (database, models, web pages)', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean; detail?: string }> };
    expect(ready.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks.database).toEqual({ ok: true, detail: 'sqlite' });
    expect(body.checks.models!.ok).toBe(true);
    expect(body.checks.web!.ok).toBe(true);
  });
});

describe('security', () => {
  it('serves the dashboard with a strict CSP, no framing, and HSTS only behind TLS', async () => {
    const plain = await fetch(`${server.url}/admin/keys`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/text\/html/);
    expect(plain.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(plain.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(plain.headers.get('x-frame-options')).toBe('DENY');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const tls = await fetch(`${server.url}/admin`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    const api = await fetch(`${server.url}/api/v1/openapi.json`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(api.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('refuses dashboard writes without the CSRF token or from another origin', async () => {
    const noToken = await fetch(`${server.url}/admin/api/keys`, { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect(noToken.status).toBe(403);
    const crossSite = await fetch(`${server.url}/admin/api/keys`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(crossSite.status).toBe(403);
    const anonymous = await fetch(`${server.url}/admin/api/sessions`);
    expect(anonymous.status).toBe(401);
    const ok = await admin.request('POST', '/keys', { name: 'csrf ok' });
    expect(ok.status).toBe(201);
  });

  it("frames the hosted page only from the key's origins; unknown links get a 404 page that nobody may frame", async () => {
    const { key } = await admin.createKey({ name: 'framed', allowedFrameOrigins: ['https://shop.example'], branding: { name: 'Shop', logoUrl: 'https://cdn.shop.example/logo.svg' } });
    const s = await createSession(server.url, key, { checks: ['age_estimation'] });
    const page = await fetch(s.verificationUrl);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain('frame-ancestors https://shop.example');
    expect(csp).toContain('img-src \'self\' data: blob: https://cdn.shop.example');
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('permissions-policy')).toContain('camera=(self)');
    const unknown = await fetch(`${server.url}/verify/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('keeps externalRef and metadata out of the logs, and finds sessions by externalRef in the dashboard', async () => {
    const { key, apiKey } = await admin.createKey({ name: 'pii' });
    const ref = 'maria.silva+kyc@example.com';
    const s = await createSession(server.url, key, { externalRef: ref, checks: ['age_estimation'], metadata: { fullName: 'Maria Quiteria da Silva' } });
    await fetch(`${server.url}/api/v1/verify?externalRef=${encodeURIComponent(ref)}`, { headers: { authorization: `Bearer ${key}` } });
    await fetch(s.verificationUrl);
    expect((await admin.request('GET', `/sessions?externalRef=${encodeURIComponent(ref)}`)).status).toBe(400);
    const found = await admin.request('POST', '/sessions/search', { externalRef: ref });
    expect(found.status).toBe(200);
    expect(found.json.sessions.map((x: { id: string }) => x.id)).toEqual([s.sessionId]);
    expect(found.json.sessions[0].externalRef).toBe(ref);
    const byKey = await admin.request('GET', `/sessions?keyId=${apiKey.id}&status=PENDING`);
    expect(byKey.json.pagination.total).toBe(1);
    const none = await admin.request('POST', '/sessions/search', { externalRef: 'someone-else' });
    expect(none.json.sessions).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    const out = server.stdout();
    expect(out).not.toContain('maria');
    expect(out).not.toContain('Quiteria');
    expect(out).not.toContain(s.verificationUrl.split('/verify/')[1]!);
    expect(out).not.toContain(key);
    const requestLines = server.logs().filter((l) => l.msg === 'request');
    expect(requestLines.some((l) => l.path === '/verify/:token')).toBe(true);
    expect(requestLines.every((l) => typeof l.requestId === 'string' && (l.requestId as string).length > 0)).toBe(true);
  });
});

describe('lifecycle', () => {
  it('drains a request in flight on SIGTERM, exits 0, and on restart prints no link and keeps the password', async () => {
    // A login whose body arrives slowly is in flight when SIGTERM lands; it must still get its answer.
    const body = JSON.stringify({ username: 'admin', password: 'wrong but answered' });
    const slow = new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 800);
    });
    await new Promise((r) => setTimeout(r, 100));
    const code = server.stop();
    expect(await slow).toBe(401);
    expect(await code).toBe(0);
    expect(server.logs().some((l) => l.msg === 'stopped' && l.reason === 'SIGTERM')).toBe(true);

    const again = await startServerProcess({ dataDir: server.dataDir });
    try {
      expect(again.stderr()).not.toContain('/admin/setup#');
      expect(again.setupToken()).toBeNull();
      const client = await AdminClient.login(again.url, PASSWORD);
      const keys = await client.request('GET', '/keys');
      expect(keys.json.keys.map((k: { name: string }) => k.name)).toEqual(expect.arrayContaining(['framed', 'pii', 'csrf ok']));

      // This browser signed in before: it keeps a signed device cookie for the account.
      const signIn = (password: string, cookie?: string) =>
        fetch(`${again.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify({ username: 'admin', password }) });
      const first = await signIn(PASSWORD);
      expect(first.status).toBe(200);
      const device = first.headers.getSetCookie().find((c) => c.startsWith('provefy_admin_device='));
      expect(device).toMatch(/^provefy_admin_device=[A-Za-z0-9_-]{22}\.[0-9a-f]{64}; Path=\/admin\/api; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
      const deviceCookie = device!.split(';')[0]!;

      // A guesser without that cookie: 10 tries a minute per IP, then 429 (a new browser waits too, even with the right password).
      const statuses: number[] = [];
      for (let i = 0; i < 25 && !statuses.includes(429); i++) {
        const r = await fetch(`${again.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: `wrong password ${i}` }) });
        statuses.push(r.status);
      }
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
      const right = await signIn(PASSWORD);
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
      // The right password is never locked out of the browser that signed in before: same IP, same account, at once.
      expect((await signIn(PASSWORD, deviceCookie)).status).toBe(200);
      // A forged or foreign cookie is just an unknown browser.
      expect((await signIn(PASSWORD, `provefy_admin_device=${'A'.repeat(22)}.${'0'.repeat(64)}`)).status).toBe(429);
      // The known browser's own wrong tries are slowed down by themselves: 5 free, then it waits (backoff).
      const own: number[] = [];
      for (let i = 0; i < 7; i++) own.push((await signIn(`wrong again ${i}`, deviceCookie)).status);
      expect(own.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(own.slice(5)).toContain(429);
    } finally {
      expect(await again.stop('SIGINT')).toBe(0);
    }
  });

  it('runs on PostgreSQL when DATABASE_URL is set', async () => {
    const schema = `refserver_test_${process.pid}_${Date.now()}`;
    const pg = await startServerProcess({ env: { DATABASE_URL: PG_URL, PROVEFY_DATABASE_SCHEMA: schema } });
    try {
      const ready = (await (await fetch(`${pg.url}/readyz`)).json()) as { checks: { database: { ok: boolean; detail: string } } };
      expect(ready.checks.database).toEqual({ ok: true, detail: 'postgres' });
      const token = pg.setupToken();
      expect(token).not.toBeNull();
      const client = await AdminClient.setup(pg.url, token!, PASSWORD);
      const { key } = await client.createKey({ name: 'pg key' });
      const s = await createSession(pg.url, key, { checks: ['age_estimation'], externalRef: 'pg-user-1' });
      const list = await client.request('POST', '/sessions/search', { externalRef: 'pg-user-1' });
      expect(list.json.sessions[0].id).toBe(s.sessionId);
      expect(pg.logs().find((l) => l.msg === 'starting')?.database).toBe('postgres:127.0.0.1:5432/test');
    } finally {
      expect(await pg.stop()).toBe(0);
      const { default: pgLib } = await import('pg');
      const c = new pgLib.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    }
  });
});
