/**
 * End to end in Debian's Chromium (playwright-core) against the real server process: the hosted verification flow
 * with a fake camera fed from a fixture clip, documents from the fixtures, a local webhook receiver, the iframe
 * embedding, languages, camera denial, and the 360x740 layout. Screenshots go to PROVEFY_SCREENSHOT_DIR (default a
 * temporary folder, printed).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, createSession, getSession } from '../support/admin-client.js';
import { FIXTURES, clipToY4m, imageToY4m, launchChromium } from '../support/browser.js';
import { driveFlow, iframeFrame } from '../support/drive-flow.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { ensureWebBuilt } from '../support/web-build.js';
import { embedPage } from '../../../../test/helpers/e2e/embed-page.js';
import { completeFullFlow, expectedOverall } from '../../../../test/helpers/e2e/flow-outcome.js';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver.js';

const CLIP = join(FIXTURES, 'videos/clips/blink_lp-d13_selfie-glasses.mp4');
const PASSPORT = join(FIXTURES, 'documents/images/fastmrz/passport_uk.jpg');
const KYC_SELFIE = join(FIXTURES, 'kyc/faces/images/foam__photo_1.jpg');
const KYC_ID_CARD = join(FIXTURES, 'kyc/faces/images/foam__id_card.jpg');
const SHOTS = process.env.PROVEFY_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'provefy-shots-'));
const PHONE = { width: 360, height: 740 };

let server: ServerProcess;
let receiver: WebhookReceiver;
let outsider: WebhookReceiver;
let browser: Browser;
let admin: AdminClient;
let key: { key: string; webhookSecret: string; apiKey: { id: string } };

async function noHorizontalOverflow(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, 'page must not scroll sideways').toBeLessThanOrEqual(client);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  console.log(`[e2e] screenshots: ${SHOTS}`);
  ensureWebBuilt();
  const y4m = clipToY4m(CLIP, 6);
  [server, receiver, outsider, browser] = await Promise.all([
    startServerProcess(),
    startWebhookReceiver({ '/embed': embedPage }),
    startWebhookReceiver({ '/embed': embedPage }),
    launchChromium({ fakeCamera: y4m }),
  ]);
  admin = await AdminClient.setup(server.url, server.setupToken()!, 'e2e admin password');
  key = await admin.createKey({
    name: 'E2E shop',
    // Chromium's fake camera is a virtual camera: this key lets it pass liveness (off by default; see injected-camera.test.ts).
    allowVirtualCameras: true,
    webhookUrl: receiver.url,
    allowPrivateCallbacks: true,
    allowedRedirectOrigins: [receiver.origin],
    allowedFrameOrigins: [receiver.origin],
    branding: { name: 'Acme Bank', primaryColor: '#0b5cab', accentColor: '#12b886' },
  });
});

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await outsider?.close();
  if (server) expect(await server.stop()).toBe(0);
});

describe('hosted verification page', () => {
  it('completes liveness, selfie and a document upload at 360x740; the signed webhook, the redirect and GET agree', { timeout: 300_000 }, async () => {
    const s = await createSession(server.url, key.key, {
      externalRef: 'e2e-user-1',
      checks: ['liveness', 'age_estimation', 'doc_verify', 'face_match'],
      redirectUrl: `${receiver.origin}/done`,
      metadata: { plan: 'premium' },
    });
    const ctx = await browser.newContext({ viewport: PHONE, locale: 'en-US', deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(s.verificationUrl);
    const { steps, got } = await completeFullFlow(page, {
      base: server.url,
      apiKey: key.key,
      webhookSecret: key.webhookSecret,
      receiver,
      sessionId: s.sessionId,
      externalRef: 'e2e-user-1',
      metadata: { plan: 'premium' },
      drive: { documentFront: PASSPORT, screenshotDir: join(SHOTS, 'flow'), page, onStep: () => noHorizontalOverflow(page) },
    });
    console.log(`[e2e] flow: ${steps.join(' > ')}; GET: ${JSON.stringify(got.checks)} -> ${got.overallResult}`);
    const timings = server
      .logs()
      .filter((l) => l.msg === 'request' && typeof l.path === 'string' && /^\/api\/v1\/flow\/:token\/(liveness|selfie|document|complete)/.test(l.path as string))
      .map((l) => `${(l.path as string).replace('/api/v1/flow/:token/', '')} ${l.status} ${Math.round(l.durationMs as number)} ms`);
    console.log(`[e2e] server time per flow request: ${timings.join(', ')}`);

    // The dashboard shows the session with each check, the document fields read, and the retained images.
    const detail = await admin.request('GET', `/sessions/${s.sessionId}`);
    expect(detail.status).toBe(200);
    expect(detail.json.summary.status).toBe('COMPLETED');
    expect(detail.json.session.checks.doc_verify.reported.documentType).toBe('PASSPORT');
    expect(Object.keys(detail.json.session.checks.doc_verify.reported.fields)).toEqual(
      expect.arrayContaining(['firstName', 'lastName', 'dateOfBirth', 'documentNumber', 'expiryDate', 'sex', 'nationality']),
    );
    expect(detail.json.images.map((i: { kind: string }) => i.kind)).toEqual(expect.arrayContaining(['selfie', 'document_front']));
    const image = await fetch(`${server.url}/admin/api/sessions/${s.sessionId}/images/${detail.json.images[0].id}`, { headers: { cookie: admin.cookie } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\/(jpeg|png|webp)$/);
    expect((await fetch(`${server.url}/admin/api/sessions/${s.sessionId}/images/${detail.json.images[0].id}`)).status).toBe(401);
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [cookieName, cookieValue] = admin.cookie.split('=') as [string, string];
    await desk.addCookies([{ name: cookieName, value: cookieValue, url: server.url }]);
    const dash = await desk.newPage();
    await dash.goto(`${server.url}/admin/sessions/${s.sessionId}`);
    await dash.getByTestId('session-detail').waitFor();
    await dash.locator('.ad-figure img').first().waitFor();
    expect(await dash.getByTestId('detail-result').innerText()).toBe(got.overallResult);
    expect(await dash.getByTestId('document-fields').count()).toBe(1);
    await dash.screenshot({ path: join(SHOTS, 'admin-session-flow.png'), fullPage: true });
    await desk.close();

    // Opening the link again shows the finished page.
    await page.goto(s.verificationUrl);
    await page.getByTestId('status-COMPLETED').waitFor();
    await page.screenshot({ path: join(SHOTS, 'flow', '99-finished-page.png') });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('inside an iframe on another origin, posts provefy:complete to that origin only; other origins cannot frame it', async () => {
    const s = await createSession(server.url, key.key, { checks: ['age_estimation', 'doc_verify', 'face_match'], redirectUrl: `${receiver.origin}/done` });
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(`${receiver.origin}/embed?src=${encodeURIComponent(s.verificationUrl)}`);
    const frame = page.frameLocator('#kyc');
    const steps = await driveFlow(frame, { documentFront: PASSPORT });
    expect(steps.at(-1)).toBe('step-result');
    await page.waitForFunction(() => (window as unknown as { __messages: unknown[] }).__messages.length > 0, null, { timeout: 10_000 });
    const messages = await page.evaluate(() => (window as unknown as { __messages: { origin: string; data: any }[] }).__messages);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.origin).toBe(new URL(s.verificationUrl).origin);
    expect(messages[0]!.data.type).toBe('provefy:complete');
    expect(messages[0]!.data.data.sessionId).toBe(s.sessionId);
    const got = await getSession(server.url, key.key, s.sessionId);
    expect(messages[0]!.data.data.overallResult).toBe(got.overallResult);
    // Embedded: no redirect of the frame or the page.
    expect(new URL(page.url()).pathname).toBe('/embed');
    expect((await iframeFrame(page, '#kyc')).url()).toBe(s.verificationUrl);
    await page.screenshot({ path: join(SHOTS, 'iframe-result.png') });

    // An origin the key does not list: the browser refuses to render the page in the frame (CSP frame-ancestors).
    const other = await createSession(server.url, key.key, { checks: ['age_estimation'] });
    const page2 = await ctx.newPage();
    await page2.goto(`${outsider.origin}/embed?src=${encodeURIComponent(other.verificationUrl)}`);
    const blocked = await iframeFrame(page2, '#kyc');
    await page2.waitForTimeout(1500);
    expect(await blocked.locator('[data-testid="step-consent"]').count()).toBe(0);
    await ctx.close();
  });

  it('speaks pt-BR to a Portuguese browser, with a working language switch', async () => {
    const s = await createSession(server.url, key.key, { checks: ['liveness', 'doc_verify', 'face_match'] });
    const ctx = await browser.newContext({ viewport: PHONE, locale: 'pt-BR' });
    const page = await ctx.newPage();
    await page.goto(s.verificationUrl);
    await page.getByTestId('step-consent').waitFor();
    expect(await page.evaluate(() => navigator.language)).toBe('pt-BR');
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    await expect.poll(() => page.locator('h1').innerText()).toBe('Verifique sua identidade');
    expect(await page.getByTestId('consent-start').innerText()).toBe('Iniciar verificação');
    await noHorizontalOverflow(page);
    await page.screenshot({ path: join(SHOTS, 'consent-pt-BR.png') });
    await page.getByRole('button', { name: 'EN' }).click();
    expect(await page.locator('h1').innerText()).toBe('Verify your identity');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await ctx.close();
  });

  it('without camera access, explains it and falls back to uploads (and says liveness needs a camera)', async () => {
    const denied = await launchChromium();
    try {
      const ctx = await denied.newContext({ viewport: PHONE, locale: 'en-US' });
      const page = await ctx.newPage();
      const s = await createSession(server.url, key.key, { checks: ['age_estimation', 'doc_verify', 'face_match'] });
      await page.goto(s.verificationUrl);
      const problems: string[] = [];
      const steps = await driveFlow(page, {
        documentFront: PASSPORT,
        selfieFile: KYC_SELFIE,
        screenshotDir: join(SHOTS, 'denied'),
        page,
        onStep: async (step) => {
          if (step === 'step-selfie' || step === 'step-document-front') {
            const p = page.getByTestId('camera-problem');
            await p.waitFor();
            problems.push(`${step}:${await p.getAttribute('data-problem')}`);
          }
        },
      });
      expect([...new Set(problems)]).toEqual(['step-selfie:denied', 'step-document-front:denied']);
      expect(steps.at(-1)).toBe('step-result');
      const got = await getSession(server.url, key.key, s.sessionId);
      expect(got.status).toBe('COMPLETED');
      expect(got.overallResult).toBe(expectedOverall(got.checks));
      console.log(`[e2e] camera denied: ${JSON.stringify(got.checks)} -> ${got.overallResult}`);

      const live = await createSession(server.url, key.key, { checks: ['liveness'] });
      await page.goto(live.verificationUrl);
      await page.getByTestId('consent-checkbox').check();
      await page.getByTestId('consent-start').click();
      const notice = page.getByTestId('camera-problem');
      await notice.waitFor();
      expect(await notice.getAttribute('data-problem')).toBe('denied');
      expect(await notice.innerText()).toContain('needs a live camera');
      await page.screenshot({ path: join(SHOTS, 'denied', 'liveness-needs-camera.png') });
      await ctx.close();
    } finally {
      await denied.close();
    }
  });

  it('takes the document photo by itself when the document in front of the camera is steady and sharp', async () => {
    const docCamera = await launchChromium({ fakeCamera: imageToY4m(PASSPORT, 2) });
    try {
      const ctx = await docCamera.newContext({ viewport: PHONE, locale: 'en-US' });
      const page = await ctx.newPage();
      const s = await createSession(server.url, key.key, { checks: ['doc_verify'] });
      await page.goto(s.verificationUrl);
      await page.getByTestId('consent-checkbox').check();
      await page.getByTestId('consent-start').click();
      await page.getByTestId('step-document-front').waitFor();
      await page.screenshot({ path: join(SHOTS, 'document-camera.png') });
      // No click: the steady-and-sharp detector takes the photo, and the review shows it.
      await page.getByTestId('step-document-front-review').waitFor({ timeout: 15_000 });
      const size = await page.locator('.pv-review-img').evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight }));
      expect(size.w).toBeGreaterThanOrEqual(640);
      await page.screenshot({ path: join(SHOTS, 'document-auto-captured.png') });
      await ctx.close();
    } finally {
      await docCamera.close();
    }
  });

  it('shows its own pages for cancelled sessions and for unknown links', async () => {
    const ctx = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
    const page = await ctx.newPage();
    const s = await createSession(server.url, key.key, { checks: ['age_estimation'] });
    const cancel = await fetch(`${server.url}/api/v1/verify/${s.sessionId}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${key.key}` } });
    expect(cancel.status).toBe(200);
    await page.goto(s.verificationUrl);
    await page.getByTestId('status-CANCELLED').waitFor();
    await page.screenshot({ path: join(SHOTS, 'status-cancelled.png') });
    await page.goto(`${server.url}/verify/${'Z'.repeat(43)}`);
    await page.getByTestId('status-invalid').waitFor();
    await ctx.close();
  });
});
