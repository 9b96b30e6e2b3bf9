import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type DriveOptions, driveFlow } from './drive-flow.js';
import { getSession } from './rest-client.js';
import { type ReceivedWebhook, type WebhookReceiver, contractVerify } from './webhook-receiver.js';

/**
 * The contract's decision rule, applied independently to the per-check results.
 *
 * @example
 * ```ts
 * expectedOverall({ liveness: { result: 'PASS' }, faceMatch: { result: 'REVIEW' } }); // 'REVIEW'
 * ```
 */
export function expectedOverall(checks: Record<string, { result: string }>): string {
  const results = Object.values(checks).map((c) => c.result);
  if (results.includes('FAIL')) return 'REJECTED';
  if (results.includes('REVIEW')) return 'REVIEW';
  return 'APPROVED';
}

/** What {@link completeFullFlow} saw. */
export interface FullFlowOutcome {
  steps: string[];
  /** `GET /api/v1/verify/:id` after the flow. */
  got: any;
  hook: ReceivedWebhook;
  landed: URL;
}

/**
 * Walks a session with all four checks (liveness, age, document, face match) through the hosted page already open in
 * `page`, then asserts what an integrator relies on: the steps, the redirect to `redirectUrl?session_id=&result=`,
 * the `verification.completed` webhook signed with the key's secret (the contract's own snippet over the raw body)
 * with the session's externalRef and metadata, and `GET /api/v1/verify/:id` COMPLETED with every check final and the
 * overall result the decision rule gives, equal to the webhook's, the page's and the redirect's.
 *
 * @example
 * ```ts
 * await page.goto(s.verificationUrl);
 * const { got } = await completeFullFlow(page, { base, apiKey: key.key, webhookSecret: key.webhookSecret, receiver, sessionId: s.sessionId,
 *   externalRef: 'user-1', metadata: { plan: 'basic' }, drive: { documentFront: PASSPORT } });
 * ```
 */
export async function completeFullFlow(
  page: Page,
  opts: {
    base: string;
    apiKey: string;
    webhookSecret: string;
    receiver: WebhookReceiver;
    sessionId: string;
    externalRef: string;
    metadata: Record<string, unknown>;
    drive: DriveOptions;
  },
): Promise<FullFlowOutcome> {
  const steps = await driveFlow(page, opts.drive);
  expect(steps[0]).toBe('step-consent');
  expect(steps).toContain('step-liveness');
  expect(steps).toContain('step-selfie-review');
  expect(steps).toContain('step-document-front-review');
  expect(steps.at(-1)).toBe('step-result');
  const shown = await page.getByTestId('step-result').getAttribute('data-result');

  // Redirect to the integrator with the session id and the result.
  await page.waitForURL((u) => u.pathname === '/done', { timeout: 15_000 });
  const landed = new URL(page.url());
  expect(landed.origin).toBe(opts.receiver.origin);
  expect(landed.searchParams.get('session_id')).toBe(opts.sessionId);

  // The webhook: contract payload, signature verified with the contract's own snippet over the raw body.
  const hook = await opts.receiver.waitFor((w) => w.body?.sessionId === opts.sessionId && w.body?.event === 'verification.completed');
  const sig = String(hook.headers['x-kyc-signature']);
  expect(contractVerify(hook.rawBody, sig, opts.webhookSecret)).toBe(true);
  expect(contractVerify(JSON.stringify(hook.body), sig, opts.webhookSecret)).toBe(true);
  expect(contractVerify(hook.rawBody, sig, 'whsec_wrong')).toBe(false);
  expect(Object.keys(hook.body)).toEqual(['event', 'sessionId', 'externalRef', 'overallResult', 'completedAt', 'checks', 'metadata']);
  expect(hook.body.externalRef).toBe(opts.externalRef);
  expect(hook.body.metadata).toEqual(opts.metadata);

  // GET /verify/:id: COMPLETED, with the result the checks justify, the same as the webhook, the page and the redirect.
  const got = await getSession(opts.base, opts.apiKey, opts.sessionId);
  expect(got.status).toBe('COMPLETED');
  expect(Object.keys(got.checks)).toEqual(['liveness', 'ageEstimation', 'documentVerification', 'faceMatch']);
  for (const c of Object.values(got.checks) as { status: string; result: string }[]) {
    expect(c.status).toBe('COMPLETED');
    expect(['PASS', 'FAIL', 'REVIEW']).toContain(c.result);
  }
  expect(got.overallResult).toBe(expectedOverall(got.checks));
  expect(hook.body.overallResult).toBe(got.overallResult);
  expect(shown).toBe(got.overallResult);
  expect(landed.searchParams.get('result')).toBe(got.overallResult);
  for (const [name, c] of Object.entries(got.checks) as [string, { result: string }][]) expect(hook.body.checks[name].result).toBe(c.result);
  expect(typeof got.checks.liveness.livenessScore).toBe('number');
  expect(typeof got.checks.ageEstimation.estimatedAge).toBe('number');
  expect(got.checks.documentVerification.documentType).toBe('PASSPORT');
  expect(typeof got.checks.faceMatch.similarityScore).toBe('number');
  return { steps, got, hook, landed };
}
