/**
 * The admin dashboard in Chromium against the real server: the one-time setup link, a REVIEW session (real age
 * estimation on a fixture photo, with the key's minimum age set at the estimate so the result is borderline)
 * approved in the review queue with a note, the webhook that follows, the manual webhook retry, the audit log, and
 * the key form's live branding preview.
 */
import { readFileSync } from 'node:fs';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, createSession, getSession } from '../support/admin-client.js';
import { FIXTURES, launchChromium } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { ensureWebBuilt } from '../support/web-build.js';
import { type WebhookReceiver, contractVerify, startWebhookReceiver } from '../support/webhook-receiver.js';

const SELFIE = join(FIXTURES, 'kyc/faces/images/foam__photo_1.jpg');
const SHOTS = process.env.PROVEFY_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'provefy-shots-'));
const PASSWORD = 'review e2e password';

let server: ServerProcess;
let receiver: WebhookReceiver;
let browser: Browser;

/** Uploads a selfie through the verification-flow endpoint, as the hosted page does. */
async function uploadSelfie(verificationUrl: string, file: string): Promise<void> {
  const token = verificationUrl.split('/verify/')[1]!;
  const form = new FormData();
  form.append('image', new Blob([readFileSync(file)], { type: 'image/jpeg' }), 'selfie.jpg');
  const res = await fetch(`${new URL(verificationUrl).origin}/api/v1/flow/${token}/selfie`, { method: 'POST', body: form });
  if (res.status !== 200) throw new Error(`selfie upload failed: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureWebBuilt();
  [server, receiver, browser] = await Promise.all([startServerProcess(), startWebhookReceiver(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  if (server) expect(await server.stop()).toBe(0);
});

describe('admin dashboard', () => {
  it('sets the password with the one-time link, approves a REVIEW session with a note, and the webhook follows', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // One-time setup link, as printed on the first start.
    await page.goto(`${server.url}/admin/setup#${server.setupToken()}`);
    await page.locator('input[name="new-password"]').fill(PASSWORD);
    await page.locator('input[name="confirm-password"]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByTestId('sessions-table').waitFor();
    expect(new URL(page.url()).hash).toBe('');

    // A key and a session whose age check is borderline: first measure the estimate, then set minAge there.
    const api = await AdminClient.login(server.url, PASSWORD);
    const created = await api.createKey({ name: 'Review shop', enabledChecks: ['age_estimation'], webhookUrl: receiver.url, allowPrivateCallbacks: true });
    const probe = await createSession(server.url, created.key, { checks: ['age_estimation'] });
    await uploadSelfie(probe.verificationUrl, SELFIE);
    const probed = await getSession(server.url, created.key, probe.sessionId);
    const estimate = probed.checks.ageEstimation.estimatedAge as number;
    expect(typeof estimate).toBe('number');
    const patched = await api.request('PATCH', `/keys/${created.apiKey.id}`, { thresholds: { minAge: Math.round(estimate) } });
    expect(patched.status).toBe(200);
    const s = await createSession(server.url, created.key, { checks: ['age_estimation'], externalRef: 'review-user-7' });
    await uploadSelfie(s.verificationUrl, SELFIE);
    const before = await getSession(server.url, created.key, s.sessionId);
    expect(before.status).toBe('COMPLETED');
    expect(before.overallResult).toBe('REVIEW');
    const first = await receiver.waitFor((w) => w.body?.sessionId === s.sessionId && w.body?.overallResult === 'REVIEW');
    expect(first.body.event).toBe('verification.completed');

    // The review queue lists it; the reviewer opens it and approves with a note.
    await page.getByRole('link', { name: /^Review/ }).click();
    const item = page.locator(`[data-session-id="${s.sessionId}"]`);
    await item.waitFor();
    await page.screenshot({ path: join(SHOTS, 'admin-review-queue.png') });
    await item.locator('a').first().click();
    await page.getByTestId('review-box').waitFor();
    expect(await page.getByTestId('detail-result').innerText()).toBe('REVIEW');
    expect(await page.getByTestId('check-age_estimation').innerText()).toContain('estimatedAge');
    await page.getByTestId('review-note').fill('Face and age checked by hand: adult.');
    await page.screenshot({ path: join(SHOTS, 'admin-session-detail.png'), fullPage: true });
    await page.getByTestId('review-approve').click();
    await page.getByTestId('review-decision').waitFor();
    expect(await page.getByTestId('detail-result').innerText()).toBe('APPROVED');
    expect(await page.getByTestId('review-decision').innerText()).toContain('APPROVED by admin');

    // The webhook follows with the final result, signed.
    const approved = await receiver.waitFor((w) => w.body?.sessionId === s.sessionId && w.body?.overallResult === 'APPROVED');
    expect(approved.body.event).toBe('verification.completed');
    expect(approved.body.externalRef).toBe('review-user-7');
    expect(contractVerify(approved.rawBody, String(approved.headers['x-kyc-signature']), created.webhookSecret)).toBe(true);
    const after = await getSession(server.url, created.key, s.sessionId);
    expect(after.overallResult).toBe('APPROVED');
    expect(after.checks.ageEstimation.result).toBe('REVIEW');

    // A second decision is refused.
    const again = await api.request('POST', `/sessions/${s.sessionId}/review`, { decision: 'REJECTED', note: 'changed my mind' });
    expect(again.status).toBe(409);

    // Webhook log: manual retry of a delivered event sends it once more.
    await page.getByRole('link', { name: /^Webhooks/ }).click();
    await page.getByTestId('webhooks-table').waitFor();
    const deliveredBefore = receiver.received.filter((w) => w.body?.sessionId === s.sessionId).length;
    const row = page.locator('tr[data-event-id]').first();
    await row.getByTestId('webhook-retry').click();
    await expect.poll(() => receiver.received.filter((w) => w.body?.sessionId === s.sessionId).length, { timeout: 15_000 }).toBe(deliveredBefore + 1);
    await page.screenshot({ path: join(SHOTS, 'admin-webhooks.png') });

    // Audit log: the review and the retry are there, without personal data.
    await page.getByRole('link', { name: /^Audit log/ }).click();
    // The header renders at once; the rows arrive with the API answer (data-loaded).
    await page.locator('[data-testid="audit-table"][data-loaded="true"]').waitFor();
    const audit = await page.getByTestId('audit-table').innerText();
    expect(audit).toContain('session.review_resolved');
    expect(audit).toContain('webhook.retried');
    expect(audit).toContain('admin.setup_completed');
    expect(audit).not.toContain('review-user-7');

    // Sessions list: search by externalRef.
    await page.getByRole('link', { name: /^Sessions/ }).click();
    await page.getByTestId('search-external-ref').fill('review-user-7');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('[data-testid="sessions-table"] tbody tr[data-session-id]').count()).toBe(1);

    // Keys: the form's live preview follows the branding fields.
    await page.getByRole('link', { name: /^API keys/ }).click();
    await page.getByTestId('new-key').click();
    await page.locator('input[name="brandName"]').fill('Banco Azul');
    await page.locator('input[name="primaryColor"]').fill('#0a7d4f');
    const preview = page.getByTestId('brand-preview');
    await expect.poll(() => preview.locator('.pv-brand-name').innerText()).toBe('Banco Azul');
    const headerColor = await preview.locator('.pv-header').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(headerColor).toBe('rgb(10, 125, 79)');
    await page.screenshot({ path: join(SHOTS, 'admin-key-form.png'), fullPage: true });

    expect(errors).toEqual([]);
    await ctx.close();
  });
});
