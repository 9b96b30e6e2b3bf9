/**
 * Every session and webhook example of the API contract (docs/provefy-api-reference), reproduced field for field
 * and in the same key order. The expected JSON below is copied verbatim from the contract.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Session,
  cancelSession,
  createSession,
  recordCheckResult,
  refreshSession,
  startCapture,
  toCompletionMessage,
  toContractJson,
  toCreateResponse,
  toRedirectUrl,
  toWebhookPayload,
} from './index.js';

const at = (iso: string) => new Date(iso);

/** Asserts deep equality and identical serialisation (same keys, same order, same values). */
function expectSameJson(actual: unknown, contractText: string): void {
  const expected = JSON.parse(contractText);
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

// The contract's POST /verify request body, verbatim.
const CREATE_REQUEST = `{
"externalRef": "user_12345",
"checks": ["liveness", "doc_verify", "face_match"],
"redirectUrl": "https://yourapp.com/verification-done",
"metadata": { "plan": "premium" }
}`;

const CREATE_RESPONSE = `{
"sessionId": "f4a9644f-0c9f-4aab-a879-...",
"verificationUrl": "https://verify.provefy.xyz/verify/aBcDeFgHi...",
"expiresAt": "2025-03-07T12:30:00.000Z",
"requestedChecks": ["liveness", "doc_verify", "face_match"]
}`;

const GET_RESPONSE = `{
"id": "f4a9644f-...",
"externalRef": "user_12345",
"status": "COMPLETED",
"overallResult": "APPROVED",
"checks": {
"liveness": { "status": "COMPLETED", "result": "PASS", "livenessScore": 0.97 },
"documentVerification": { "status": "COMPLETED", "result": "PASS", "documentType": "DRIVERS_LICENSE" },
"faceMatch": { "status": "COMPLETED", "result": "PASS", "similarityScore": 0.82, "isMatch": true }
},
"metadata": { "plan": "premium" }
}`;

const WEBHOOK_PAYLOAD = `{
"event": "verification.completed",
"sessionId": "f4a9644f-...",
"externalRef": "user_12345",
"overallResult": "APPROVED",
"completedAt": "2025-03-07T12:35:00.000Z",
"checks": {
"liveness": { "result": "PASS", "livenessScore": 0.97 },
"ageEstimation": { "result": "PASS", "estimatedAge": 28, "meetsMinAge": true },
"documentVerification": { "result": "PASS", "documentType": "DRIVERS_LICENSE", "ocrConfidence": 0.85 },
"faceMatch": { "result": "PASS", "similarityScore": 0.82, "isMatch": true }
},
"metadata": { "plan": "premium" }
}`;

const DRIVERS_LICENSE = {
  check: 'doc_verify',
  result: 'PASS',
  reasons: [],
  documentType: 'DRIVERS_LICENSE',
  ocrConfidence: 0.85,
  country: 'US',
  fields: { firstName: 'JANE', lastName: 'DOE', dateOfBirth: '1996-08-14', documentNumber: 'D1234567', expiryDate: '2029-08-14', sex: 'F', nationality: 'USA' },
  portrait: { x: 40, y: 60, width: 180, height: 220 },
} as const;

/** The contract's example session: created 12:00, the user completes liveness, document, face match. */
function exampleSession(id: string): Session {
  const body = JSON.parse(CREATE_REQUEST);
  let s = createSession(body, { now: at('2025-03-07T12:00:00.000Z'), id });
  s = startCapture(s, { now: at('2025-03-07T12:01:00.000Z'), check: 'liveness' });
  s = recordCheckResult(s, { check: 'liveness', result: 'PASS', livenessScore: 0.97 }, { now: at('2025-03-07T12:02:00.000Z') });
  s = recordCheckResult(s, DRIVERS_LICENSE, { now: at('2025-03-07T12:04:00.000Z') });
  s = recordCheckResult(s, { check: 'face_match', result: 'PASS', similarityScore: 0.82, isMatch: true }, { now: at('2025-03-07T12:05:00.000Z') });
  return s;
}

describe('contract examples', () => {
  it('POST /verify response', () => {
    const s = createSession(JSON.parse(CREATE_REQUEST), { now: at('2025-03-07T12:00:00.000Z'), id: 'f4a9644f-0c9f-4aab-a879-...' });
    expectSameJson(toCreateResponse(s, { verificationUrl: 'https://verify.provefy.xyz/verify/aBcDeFgHi...' }), CREATE_RESPONSE);
    // "Sessions expire in 30 minutes by default."
    expect(s.expiresAt.getTime() - s.createdAt.getTime()).toBe(30 * 60 * 1000);
    expect(s.status).toBe('PENDING');
    expect(s.redirectUrl).toBe('https://yourapp.com/verification-done');
  });

  it('GET /verify/:sessionId response', () => {
    const s = refreshSession(exampleSession('f4a9644f-...'), at('2025-03-07T12:10:00.000Z'));
    expectSameJson(toContractJson(s), GET_RESPONSE);
  });

  it('webhook payload (verification.completed)', () => {
    // The contract's webhook example shows all four checks and completes at 12:35, after the 12:30 expiry of the
    // POST example, so it is a different session: created at 12:10, completed at 12:35.
    const body = { ...JSON.parse(CREATE_REQUEST), checks: ['liveness', 'age_estimation', 'doc_verify', 'face_match'] };
    let s = createSession(body, { now: at('2025-03-07T12:10:00.000Z'), id: 'f4a9644f-...' });
    s = recordCheckResult(s, { check: 'liveness', result: 'PASS', livenessScore: 0.97 }, { now: at('2025-03-07T12:20:00.000Z') });
    s = recordCheckResult(s, { check: 'age_estimation', result: 'PASS', estimatedAge: 28, meetsMinAge: true }, { now: at('2025-03-07T12:21:00.000Z') });
    s = recordCheckResult(s, DRIVERS_LICENSE, { now: at('2025-03-07T12:30:00.000Z') });
    expect(s.status).toBe('IN_PROGRESS');
    s = recordCheckResult(s, { check: 'face_match', result: 'PASS', similarityScore: 0.82, isMatch: true }, { now: at('2025-03-07T12:35:00.000Z') });
    expect(s.status).toBe('COMPLETED');
    const payload = toWebhookPayload(s, 'verification.completed');
    expectSameJson(payload, WEBHOOK_PAYLOAD);
    expect(toWebhookPayload(s)).toStrictEqual(payload); // the event defaults from the status
  });

  it('webhook signature: the receiver re-stringifying the parsed body gets the signed bytes', () => {
    const s = exampleSession('f4a9644f-...');
    const body = JSON.stringify(toWebhookPayload(s));
    const secret = 'whsec_test';
    const signature = createHmac('sha256', secret).update(body).digest('hex');
    // The contract's verifyWebhook(JSON.stringify(req.body), sig, secret):
    const expected = createHmac('sha256', secret).update(JSON.stringify(JSON.parse(body))).digest('hex');
    expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
  });

  it('verification.expired and verification.cancelled have the same shape', () => {
    const base = createSession(JSON.parse(CREATE_REQUEST), { now: at('2025-03-07T12:00:00.000Z'), id: 'f4a9644f-...' });
    const started = recordCheckResult(base, { check: 'liveness', result: 'PASS', livenessScore: 0.97 }, { now: at('2025-03-07T12:02:00.000Z') });
    const expired = refreshSession(started, at('2025-03-07T13:00:00.000Z'));
    expectSameJson(
      toWebhookPayload(expired, 'verification.expired'),
      `{
"event": "verification.expired",
"sessionId": "f4a9644f-...",
"externalRef": "user_12345",
"overallResult": null,
"completedAt": "2025-03-07T12:30:00.000Z",
"checks": {
"liveness": { "result": "PASS", "livenessScore": 0.97 },
"documentVerification": { "result": null, "documentType": null, "ocrConfidence": null },
"faceMatch": { "result": null, "similarityScore": null, "isMatch": null }
},
"metadata": { "plan": "premium" }
}`,
    );
    const cancelled = cancelSession(started, { now: at('2025-03-07T12:03:00.000Z') });
    const payload = toWebhookPayload(cancelled);
    expect(payload.event).toBe('verification.cancelled');
    expect(payload.completedAt).toBe('2025-03-07T12:03:00.000Z');
    expect(Object.keys(payload)).toStrictEqual(Object.keys(JSON.parse(WEBHOOK_PAYLOAD)));
  });

  it('redirect after completion: redirectUrl?session_id=...&result=APPROVED', () => {
    const body = { ...JSON.parse(CREATE_REQUEST), redirectUrl: 'https://yourapp.com/done' };
    let s = createSession(body, { now: at('2025-03-07T12:00:00.000Z'), id: 'f4a9644f-...' });
    s = recordCheckResult(s, { check: 'liveness', result: 'PASS', livenessScore: 0.97 }, { now: at('2025-03-07T12:02:00.000Z') });
    s = recordCheckResult(s, DRIVERS_LICENSE, { now: at('2025-03-07T12:04:00.000Z') });
    s = recordCheckResult(s, { check: 'face_match', result: 'PASS', similarityScore: 0.82, isMatch: true }, { now: at('2025-03-07T12:05:00.000Z') });
    expect(toRedirectUrl(s)).toBe('https://yourapp.com/done?session_id=f4a9644f-...&result=APPROVED');
  });

  it("iframe completion message: event.data.type === 'provefy:complete', event.data.data.overallResult", () => {
    const message = toCompletionMessage(exampleSession('f4a9644f-...'));
    expect(message.type).toBe('provefy:complete');
    expect(message.data.overallResult).toBe('APPROVED');
  });

  it('session statuses and overall results are exactly the contract tables', () => {
    const s = exampleSession('f4a9644f-...');
    const statuses = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'EXPIRED', 'CANCELLED'];
    expect(statuses).toContain(s.status);
    expect(['APPROVED', 'REJECTED', 'REVIEW']).toContain(s.overallResult);
    expect(s.log.map((e) => e.type)).toStrictEqual([
      'session.created',
      'capture.started',
      'check.recorded',
      'check.recorded',
      'check.recorded',
      'session.completed',
    ]);
  });
});
