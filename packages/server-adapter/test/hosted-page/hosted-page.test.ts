/**
 * The hosted verification page served by the adapter itself, over real HTTP through each of the four mounts (node:http,
 * Express, Fastify, Hono) on SQLite: `/verify/:token` with the page's security headers, its content-hashed assets,
 * the live face guidance with the real detector, path-traversal refusals, the `hostedPage: false` opt-out, and the
 * typed error when the page is not built.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOSTED_PAGE_DIR } from '@provefy/hosted-page';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHostedPageBuilt } from '../../../hosted-page/scripts/build.mjs';
import { FIXTURES } from '../../../../test/helpers/paths.js';
import { type KyselyStore, type Provefy, createProvefy } from '../../src/index.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Listening, MOUNTS, listen } from '../support/mounts.js';

const FACE = readFileSync(join(FIXTURES, 'kyc/faces/images/foam__photo_1.jpg'));

let db: TestDatabase;
let store: KyselyStore;
let withPage: Provefy;
let withoutPage: Provefy;
let key = '';
let previewFrame: Buffer;

beforeAll(async () => {
  ensureHostedPageBuilt();
  db = targets[0]!.database();
  store = await db.open();
  withPage = createProvefy({ store, webhooks: false, sweepIntervalMs: 0 });
  withoutPage = createProvefy({ store, webhooks: false, sweepIntervalMs: 0, hostedPage: false });
  await Promise.all([withPage.ready(), withoutPage.ready()]);
  key = (await store.apiKeys.create({ name: 'hosted page', allowedFrameOrigins: ['https://shop.example'], branding: { name: 'Shop', logoUrl: 'https://cdn.shop.example/logo.svg' } })).key;
  // The page sends ~320 px JPEG frames for guidance.
  previewFrame = await sharp(FACE).resize({ width: 320 }).jpeg({ quality: 70 }).toBuffer();
});

afterAll(async () => {
  await withPage?.close();
  await withoutPage?.close();
  await db?.cleanup();
});

async function newSession(baseUrl: string): Promise<{ verificationUrl: string; token: string }> {
  const res = await fetch(`${baseUrl}/api/v1/verify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ checks: ['liveness', 'age_estimation'] }),
  });
  expect(res.status).toBe(201);
  const { verificationUrl } = (await res.json()) as { verificationUrl: string };
  return { verificationUrl, token: verificationUrl.split('/verify/')[1]! };
}

/** A GET with the path sent exactly as written (no URL normalisation by the client). */
function rawGet(baseUrl: string, path: string): Promise<number> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(MOUNTS)('hosted page through the %s mount', (mount) => {
  let on: Listening;
  let off: Listening;

  beforeAll(async () => {
    [on, off] = await Promise.all([listen(mount, withPage.fetch), listen(mount, withoutPage.fetch)]);
  });

  afterAll(async () => {
    await on?.close();
    await off?.close();
  });

  it("serves /verify/:token with the page's CSP and framing rules, and its hashed assets with long caching", async () => {
    const { verificationUrl } = await newSession(on.baseUrl);
    expect(verificationUrl.startsWith(`${on.baseUrl}/verify/`)).toBe(true);
    const page = await fetch(verificationUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toBe(readFileSync(join(HOSTED_PAGE_DIR, 'index.html'), 'utf8'));
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('frame-ancestors https://shop.example');
    expect(csp).toContain("img-src 'self' data: blob: https://cdn.shop.example");
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('permissions-policy')).toContain('camera=(self)');
    expect(page.headers.get('cache-control')).toBe('no-store');

    const head = await fetch(verificationUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    const assets = [...html.matchAll(/(?:src|href)="(\/verify\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const path of assets) {
      const res = await fetch(`${on.baseUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe(path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(HOSTED_PAGE_DIR, path.slice('/verify/'.length))))).toBe(true);
    }
  });

  it('answers an unknown link with the page (404, never framed) and refuses paths outside the build', async () => {
    const unknown = await fetch(`${on.baseUrl}/verify/${'Z'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(unknown.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(unknown.headers.get('x-frame-options')).toBe('DENY');
    for (const path of [
      '/verify/assets/..%2f..%2fpackage.json',
      '/verify/assets/%2e%2e%2findex.html',
      '/verify/assets/..%5cindex.html',
      '/verify/assets/%2e%2e',
      '/verify/assets/.build-stamp',
      '/verify/assets/missing-abc123.js',
      '/verify/assets/../index.html',
      '/verify/assets/../../package.json',
    ]) {
      expect(await rawGet(on.baseUrl, path), path).toBe(404);
    }
    // A NUL never reaches the file lookup: the input layer refuses it first (issue #17: one code on every route).
    const nul = await fetch(`${on.baseUrl}/verify/assets/x%00.js`);
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { code: string }).code).toBe('PROVEFY_ERR_INVALID_INPUT');
  });

  it('gives live face guidance on a real frame, and refuses other media types and unknown tokens', async () => {
    const { token } = await newSession(on.baseUrl);
    const res = await fetch(`${on.baseUrl}/verify/${token}/preview`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(previewFrame) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { faces: number; face: { x: number; width: number } | null };
    expect(body.faces).toBeGreaterThanOrEqual(1);
    expect(body.face!.width).toBeGreaterThan(0.1);
    expect(body.face!.x).toBeGreaterThanOrEqual(0);
    const text = await fetch(`${on.baseUrl}/verify/${token}/preview`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    // Magic bytes, not the label: a GIF and a TIFF sent as image/png are refused with the error shape, never decoded.
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    const tiff = await sharp(previewFrame).tiff().toBuffer();
    for (const fake of [gif, tiff]) {
      const r = await fetch(`${on.baseUrl}/verify/${token}/preview`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(fake) });
      expect(r.status).toBe(415);
      expect(((await r.json()) as { code: string }).code).toBe('PROVEFY_ERR_UNSUPPORTED_MEDIA_TYPE');
    }
    const stranger = await fetch(`${on.baseUrl}/verify/${'Z'.repeat(43)}/preview`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(previewFrame) });
    expect(stranger.status).toBe(401);
    expect(((await stranger.json()) as { code: string }).code).toBe('PROVEFY_ERR_SESSION_TOKEN');
  });

  it('serves nothing under /verify with hostedPage: false (the API still works)', async () => {
    const { token } = await newSession(off.baseUrl);
    const asset = /src="(\/verify\/assets\/[^"]+)"/.exec(readFileSync(join(HOSTED_PAGE_DIR, 'index.html'), 'utf8'))![1]!;
    for (const path of [`/verify/${token}`, asset]) {
      const res = await fetch(`${off.baseUrl}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type') ?? '').not.toContain('text/html');
      expect(res.headers.get('content-type') ?? '').not.toContain('javascript');
    }
    const preview = await fetch(`${off.baseUrl}/verify/${token}/preview`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(previewFrame) });
    expect(preview.status).toBe(404);
    expect(withoutPage.prefixes).toEqual(['/api/v1']);
    expect(withoutPage.hostedPage).toBeUndefined();
  });
});

describe('hosted page build missing', () => {
  it('answers 503 PROVEFY_ERR_HOSTED_PAGE_NOT_BUILT naming the missing file, and warns once', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'provefy-no-page-'));
    const warnings: string[] = [];
    const logger = { info: () => {}, error: () => {}, warn: (m: string) => warnings.push(m) };
    const provefy = createProvefy({ store, webhooks: false, sweepIntervalMs: 0, hostedPage: { dir: empty }, logger });
    try {
      expect(await provefy.hostedPage!.isBuilt()).toBe(false);
      for (let i = 0; i < 2; i++) {
        const res = await provefy.fetch(new Request(`http://localhost/verify/${'Z'.repeat(43)}`));
        expect(res.status).toBe(503);
        const body = (await res.json()) as { code: string; error: string };
        expect(body.code).toBe('PROVEFY_ERR_HOSTED_PAGE_NOT_BUILT');
        expect(body.error).toContain(`${empty}/index.html is missing`);
      }
      expect((await provefy.fetch(new Request('http://localhost/verify/assets/hosted-abc.js'))).status).toBe(503);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('not built');
      // The API itself is unaffected.
      expect((await provefy.fetch(new Request('http://localhost/api/v1/openapi.json'))).status).toBe(200);
    } finally {
      await provefy.close();
    }
    expect(await withPage.hostedPage!.isBuilt()).toBe(true);
  });
});
