/**
 * The hosted verification page as a team gets it when it mounts the adapter in its own server: a plain Express app
 * (no reference-server code) with `toExpressMiddleware(provefy.fetch)`, an API key made with the admin API, a session
 * created over REST, and Debian's Chromium (playwright-core) with a fake camera fed from a fixture clip walking the
 * whole flow at the session's `verificationUrl`: liveness, selfie (age, face match) and a passport upload (document,
 * face match), then the redirect, the signed webhook and the contract's GET, all agreeing; and the same page inside an
 * iframe on the integrator's origin posting `provefy:complete` to that origin.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHostedPageBuilt } from '../../../hosted-page/scripts/build.mjs';
import { FIXTURES, clipToY4m, launchChromium } from '../../../../test/helpers/e2e/browser.js';
import { driveFlow, iframeFrame } from '../../../../test/helpers/e2e/drive-flow.js';
import { embedPage } from '../../../../test/helpers/e2e/embed-page.js';
import { completeFullFlow } from '../../../../test/helpers/e2e/flow-outcome.js';
import { createSession, getSession } from '../../../../test/helpers/e2e/rest-client.js';
import { type WebhookReceiver, startWebhookReceiver } from '../../../../test/helpers/e2e/webhook-receiver.js';
import { type Provefy, createProvefy, toExpressMiddleware } from '../../src/index.js';

const CLIP = join(FIXTURES, 'videos/clips/blink_lp-d13_selfie-glasses.mp4');
const PASSPORT = join(FIXTURES, 'documents/images/fastmrz/passport_uk.jpg');
const ALL_CHECKS = ['liveness', 'age_estimation', 'doc_verify', 'face_match'];

let provefy: Provefy;
let server: Server;
let base: string;
let receiver: WebhookReceiver;
let browser: Browser;
let key: { key: string; webhookSecret: string };

beforeAll(async () => {
  ensureHostedPageBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'provefy-express-'));
  const adminToken = randomBytes(24).toString('base64url');
  // What an integrator writes: their Express app, with Provefy mounted in it.
  provefy = createProvefy({
    database: { dialect: 'sqlite', filename: join(dir, 'provefy.db') },
    encryption: { key: randomBytes(32).toString('base64') },
    adminToken,
    webhooks: { pollIntervalMs: 200 },
  });
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => {
    res.send('<h1>Shop</h1>');
  });
  app.use(toExpressMiddleware(provefy.fetch));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  [receiver, browser] = await Promise.all([startWebhookReceiver({ '/embed': embedPage }), launchChromium({ fakeCamera: clipToY4m(CLIP, 6) })]);
  const created = await fetch(`${base}/api/v1/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Express shop',
      allowVirtualCameras: true, // Chromium's fake camera would otherwise hold liveness at REVIEW (VIRTUAL_CAMERA)
      webhookUrl: receiver.url,
      allowPrivateCallbacks: true,
      allowedRedirectOrigins: [receiver.origin],
      allowedFrameOrigins: [receiver.origin],
      branding: { name: 'Acme Bank', primaryColor: '#0b5cab', accentColor: '#12b886' },
    }),
  });
  expect(created.status).toBe(201);
  key = (await created.json()) as { key: string; webhookSecret: string };
});

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await provefy?.close();
});

describe('hosted page in a plain Express app that mounts the adapter', () => {
  it('completes liveness, age, document and face match in Chromium; the redirect, the signed webhook and GET agree', { timeout: 300_000 }, async () => {
    expect(await (await fetch(base)).text()).toBe('<h1>Shop</h1>');
    const s = await createSession(base, key.key, { externalRef: 'express-user-1', checks: ALL_CHECKS, redirectUrl: `${receiver.origin}/done`, metadata: { plan: 'basic' } });
    expect(s.verificationUrl).toMatch(new RegExp(`^${base}/verify/[A-Za-z0-9_-]{16,128}$`));
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US' });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(s.verificationUrl);
    // The key's branding reaches the page.
    await page.getByTestId('step-consent').waitFor();
    expect(await page.locator('body').innerText()).toContain('Acme Bank');
    const { steps, got } = await completeFullFlow(page, {
      base,
      apiKey: key.key,
      webhookSecret: key.webhookSecret,
      receiver,
      sessionId: s.sessionId,
      externalRef: 'express-user-1',
      metadata: { plan: 'basic' },
      drive: { documentFront: PASSPORT },
    });
    console.log(`[e2e express] flow: ${steps.join(' > ')}; GET: ${JSON.stringify(got.checks)} -> ${got.overallResult}`);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("inside an iframe on the key's origin, posts provefy:complete to that origin only", { timeout: 240_000 }, async () => {
    const s = await createSession(base, key.key, { checks: ['age_estimation', 'doc_verify', 'face_match'], redirectUrl: `${receiver.origin}/done` });
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'pt-BR' });
    const page = await ctx.newPage();
    await page.goto(`${receiver.origin}/embed?src=${encodeURIComponent(s.verificationUrl)}`);
    const frame = page.frameLocator('#kyc');
    // pt-BR from the browser's language.
    await expect.poll(() => frame.locator('h1').innerText()).toBe('Verifique sua identidade');
    const steps = await driveFlow(frame, { documentFront: PASSPORT });
    expect(steps.at(-1)).toBe('step-result');
    await page.waitForFunction(() => (window as unknown as { __messages: unknown[] }).__messages.length > 0, null, { timeout: 10_000 });
    const messages = await page.evaluate(() => (window as unknown as { __messages: { origin: string; data: any }[] }).__messages);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.origin).toBe(base);
    expect(messages[0]!.data.type).toBe('provefy:complete');
    expect(messages[0]!.data.data.sessionId).toBe(s.sessionId);
    const got = await getSession(base, key.key, s.sessionId);
    expect(got.status).toBe('COMPLETED');
    expect(messages[0]!.data.data.overallResult).toBe(got.overallResult);
    expect(new URL(page.url()).pathname).toBe('/embed');
    expect((await iframeFrame(page, '#kyc')).url()).toBe(s.verificationUrl);
    await ctx.close();
  });
});
