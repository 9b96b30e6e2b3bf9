import type { CheckName } from '@provefy/core';
import { describe, expect, it } from 'vitest';
import { nextDeliveryAction, summariseState } from './deliver-item.js';
import type { FlowState } from './provefy-client.js';
import { sessionTokenOf } from './provefy-client.js';
import { classifyStatus } from './server-link-error.js';

function state(checks: Record<string, { result: 'PASS' | 'FAIL' | 'REVIEW' | null; final: boolean }>, next: FlowState['next']): FlowState {
  return {
    sessionId: 's',
    status: 'IN_PROGRESS',
    overallResult: null,
    expiresAt: '2030-01-01T00:00:00Z',
    next,
    checks: Object.fromEntries(Object.entries(checks).map(([k, c]) => [k, { check: k as CheckName, ...c, attemptsLeft: 1, reasons: [] }])),
    redirectUrl: null,
    completion: null,
  };
}
const img = new Uint8Array([1]);
const all = { liveness: { frames: [img], timestamps: [0], mirrored: false }, selfie: img, documentFront: img, documentBack: null };

describe('delivery decisions come from the server state', () => {
  it('uploads what the server still needs, in flow order', () => {
    const s = state({ liveness: { result: null, final: false }, age_estimation: { result: null, final: false }, doc_verify: { result: null, final: false } }, ['liveness', 'selfie', 'document_front']);
    expect(nextDeliveryAction(s, all)).toBe('liveness');
    const s2 = state({ liveness: { result: 'PASS', final: true }, age_estimation: { result: null, final: false }, doc_verify: { result: null, final: false } }, ['selfie', 'document_front']);
    expect(nextDeliveryAction(s2, all)).toBe('selfie');
    const s3 = state({ liveness: { result: 'PASS', final: true }, age_estimation: { result: 'PASS', final: true }, doc_verify: { result: null, final: false } }, ['document_front']);
    expect(nextDeliveryAction(s3, all)).toBe('document_front');
  });

  it('never re-sends a check that is final; a retryable FAIL is sent again', () => {
    const done = state({ liveness: { result: 'REVIEW', final: true }, age_estimation: { result: 'PASS', final: true } }, []);
    expect(nextDeliveryAction(done, all)).toBe('complete');
    const retry = state({ liveness: { result: 'FAIL', final: false } }, ['liveness']);
    expect(nextDeliveryAction(retry, all)).toBe('liveness');
    const faceRetry = state({ face_match: { result: 'FAIL', final: false } }, []);
    expect(nextDeliveryAction(faceRetry, all)).toBe('selfie');
    const docRetry = state({ doc_verify: { result: 'FAIL', final: false } }, []);
    expect(nextDeliveryAction(docRetry, all)).toBe('document_front');
  });

  it('summarises without scores or fields', () => {
    const s = state({ liveness: { result: 'PASS', final: true } }, []);
    expect(summariseState({ ...s, status: 'COMPLETED', overallResult: 'APPROVED' })).toEqual({
      status: 'COMPLETED',
      overallResult: 'APPROVED',
      checks: { liveness: { result: 'PASS', final: true, reasons: [] } },
    });
  });
});

describe('session codes and error classes', () => {
  it('takes a verification URL or a bare token', () => {
    expect(sessionTokenOf('https://verify.example.com/verify/aBcDeFgHiJkLmNoPqRsT')).toBe('aBcDeFgHiJkLmNoPqRsT');
    expect(sessionTokenOf('  aBcDeFgHiJkLmNoPqRsT_-12  ')).toBe('aBcDeFgHiJkLmNoPqRsT_-12');
    expect(sessionTokenOf('https://verify.example.com/admin/aBcDeFgHiJkLmNoPqRsT')).toBeNull();
    expect(sessionTokenOf('javascript:alert(1)//verify/aBcDeFgHiJkLmNoPqRsT')).toBeNull();
    expect(sessionTokenOf('short')).toBeNull();
    expect(sessionTokenOf('a'.repeat(3000))).toBeNull();
  });

  it('retries what may succeed later, parks what will not, stops on a refused key', () => {
    expect(classifyStatus(503, 'PROVEFY_ERR_BUSY')).toBe('retry');
    expect(classifyStatus(500, null)).toBe('retry');
    expect(classifyStatus(429, 'PROVEFY_ERR_RATE_LIMITED')).toBe('retry');
    expect(classifyStatus(409, 'PROVEFY_ERR_IDEMPOTENCY_IN_PROGRESS')).toBe('retry');
    expect(classifyStatus(401, 'PROVEFY_ERR_UNAUTHORIZED')).toBe('link');
    expect(classifyStatus(403, 'PROVEFY_ERR_CHECK_NOT_ENABLED')).toBe('link');
    expect(classifyStatus(401, 'PROVEFY_ERR_SESSION_TOKEN')).toBe('item');
    expect(classifyStatus(409, 'PROVEFY_ERR_SESSION_FINISHED')).toBe('item');
    expect(classifyStatus(400, 'PROVEFY_ERR_VALIDATION')).toBe('item');
  });
});
