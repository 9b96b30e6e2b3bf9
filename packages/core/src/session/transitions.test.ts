import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isProvefyError } from '../errors/index.js';
import type { ProvefyErrorCode } from '../errors/index.js';
import {
  type CheckOutcome,
  type Session,
  applyEvent,
  cancelSession,
  createSession,
  recordCheckResult,
  redactSession,
  refresh,
  refreshSession,
  resolveReview,
  startCapture,
  toContractJson,
  toRedirectUrl,
  toWebhookPayload,
  webhookEventFor,
} from './index.js';

const T0 = new Date('2025-03-07T12:00:00.000Z');
const t = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

function expectError(fn: () => unknown, code: ProvefyErrorCode): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(isProvefyError(thrown), `expected ${code}, got ${String(thrown)}`).toBe(true);
  expect((thrown as { code: string }).code).toBe(code);
}

const livenessPass: CheckOutcome = { check: 'liveness', result: 'PASS', livenessScore: 0.97 };
const livenessFail: CheckOutcome = {
  check: 'liveness',
  result: 'FAIL',
  livenessScore: 0.31,
  reasons: [{ code: 'SPOOF_SCORE', message: 'Looks like a photo', details: { score: 0.31 } }],
};
const doc = (over: Record<string, unknown> = {}): CheckOutcome =>
  ({
    check: 'doc_verify',
    result: 'PASS',
    documentType: 'PASSPORT',
    ocrConfidence: 0.9,
    country: 'GB',
    fields: { firstName: 'ANNA', lastName: 'SMITH', dateOfBirth: '1990-01-15', documentNumber: 'X123', expiryDate: '2030-01-01', sex: 'F', nationality: 'GBR' },
    portrait: { x: 1, y: 2, width: 30, height: 40 },
    ...over,
  }) as CheckOutcome;

function fresh(checks: Session['requestedChecks'] = ['liveness'], config = {}): Session {
  return createSession({ checks, config, externalRef: 'user_1', metadata: { plan: 'basic' }, redirectUrl: 'https://example.com/done' }, { now: T0, id: 's1' });
}

describe('createSession', () => {
  it('creates a PENDING session with defaults and PENDING checks', () => {
    const s = fresh(['liveness', 'doc_verify']);
    expect(s.status).toBe('PENDING');
    expect(s.overallResult).toBeNull();
    expect(s.config).toStrictEqual({
      minAge: 18,
      livenessThreshold: 0.85,
      faceMatchThreshold: 0.57,
      maxAttempts: 3,
      expiresInMs: 1_800_000,
      ageMismatchYears: 10,
    });
    expect(s.expiresAt.toISOString()).toBe('2025-03-07T12:30:00.000Z');
    expect(Object.keys(s.checks)).toStrictEqual(['liveness', 'doc_verify']);
    expect(s.checks.liveness?.status).toBe('PENDING');
    expect(s.log).toHaveLength(1);
    expect(s.log[0].type).toBe('session.created');
  });

  it('keeps request order, drops duplicates, generates a UUID when no id is given', () => {
    const s = createSession({ checks: ['face_match', 'liveness', 'face_match'] }, { now: T0 });
    expect(s.requestedChecks).toStrictEqual(['face_match', 'liveness']);
    expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(s.externalRef).toBeNull();
    expect(s.metadata).toStrictEqual({});
  });

  it('honours config overrides (expiry, attempts)', () => {
    const s = fresh(['liveness'], { expiresInMs: 5 * MIN, maxAttempts: 1, minAge: 21 });
    expect(s.expiresAt.getTime() - T0.getTime()).toBe(5 * MIN);
    expect(s.config.maxAttempts).toBe(1);
  });

  it('rejects bad input with PROVEFY_ERR_INVALID_INPUT', () => {
    const bad: unknown[] = [
      { checks: [] },
      { checks: ['selfie'] },
      { checks: 'liveness' },
      { checks: ['liveness'], redirectUrl: 'not a url' },
      { checks: ['liveness'], callbackUrl: 'ftp://example.com/x' },
      { checks: ['liveness'], metadata: { when: new Date() } },
      { checks: ['liveness'], metadata: { n: Number.NaN } },
      { checks: ['liveness'], metadata: [1, 2] },
      { checks: ['liveness'], externalRef: 42 },
      { checks: ['liveness'], config: { maxAttempts: 0 } },
      { checks: ['liveness'], config: { livenessThreshold: 1.5 } },
      { checks: ['liveness'], config: { expiresInMinutes: 30 } },
    ];
    for (const input of bad) expectError(() => createSession(input as never, { now: T0 }), 'PROVEFY_ERR_INVALID_INPUT');
    expectError(() => createSession({ checks: ['liveness'] }, { now: new Date('nope') }), 'PROVEFY_ERR_INVALID_INPUT');
    expectError(() => createSession({ checks: ['liveness'] }, {} as never), 'PROVEFY_ERR_INVALID_INPUT');
  });

  it('copies the injected time and metadata (later mutation by the caller changes nothing)', () => {
    const now = new Date(T0.getTime());
    const metadata = { plan: 'premium', nested: { a: 1 } };
    const s = createSession({ checks: ['liveness'], metadata }, { now });
    now.setTime(0);
    metadata.nested.a = 2;
    expect(s.createdAt.toISOString()).toBe('2025-03-07T12:00:00.000Z');
    expect(s.metadata).toStrictEqual({ plan: 'premium', nested: { a: 1 } });
  });
});

describe('startCapture', () => {
  it('moves PENDING -> IN_PROGRESS for the session and the check, and logs each capture', () => {
    let s = fresh(['liveness', 'doc_verify']);
    s = startCapture(s, { now: t(MIN), check: 'liveness' });
    expect(s.status).toBe('IN_PROGRESS');
    expect(s.startedAt?.toISOString()).toBe('2025-03-07T12:01:00.000Z');
    expect(s.checks.liveness?.status).toBe('IN_PROGRESS');
    expect(s.checks.doc_verify?.status).toBe('PENDING');
    s = startCapture(s, { now: t(2 * MIN), check: 'liveness' });
    expect(s.startedAt?.toISOString()).toBe('2025-03-07T12:01:00.000Z');
    expect(s.log.filter((e) => e.type === 'capture.started')).toHaveLength(2);
  });

  it('rejects a check that is not requested or already final', () => {
    let s = fresh(['liveness', 'doc_verify']);
    expectError(() => startCapture(s, { now: t(1), check: 'face_match' }), 'PROVEFY_ERR_INVALID_TRANSITION');
    s = recordCheckResult(s, livenessPass, { now: t(2) });
    expectError(() => startCapture(s, { now: t(3), check: 'liveness' }), 'PROVEFY_ERR_INVALID_TRANSITION');
  });
});

describe('recordCheckResult and retries', () => {
  it('a FAIL with attempts left stays retryable; the third FAIL is final', () => {
    let s = fresh(['liveness', 'doc_verify']);
    s = recordCheckResult(s, livenessFail, { now: t(1) });
    expect(s.status).toBe('IN_PROGRESS'); // first capture, implicitly
    expect(s.checks.liveness).toMatchObject({ status: 'IN_PROGRESS', result: 'FAIL', final: false, attempts: 1 });
    s = recordCheckResult(s, livenessFail, { now: t(2) });
    expect(s.checks.liveness).toMatchObject({ status: 'IN_PROGRESS', final: false, attempts: 2 });
    s = recordCheckResult(s, livenessFail, { now: t(3) });
    expect(s.checks.liveness).toMatchObject({ status: 'COMPLETED', result: 'FAIL', final: true, attempts: 3 });
    expect(s.checks.liveness?.completedAt?.getTime()).toBe(t(3).getTime());
    expectError(() => recordCheckResult(s, livenessPass, { now: t(4) }), 'PROVEFY_ERR_INVALID_TRANSITION');
    expect(s.status).toBe('IN_PROGRESS'); // doc_verify still pending
  });

  it('a PASS after a FAIL is final; the session completes when every check is final', () => {
    let s = fresh(['liveness']);
    s = recordCheckResult(s, livenessFail, { now: t(1) });
    s = recordCheckResult(s, livenessPass, { now: t(2) });
    expect(s).toMatchObject({ status: 'COMPLETED', overallResult: 'APPROVED' });
    expect(s.completedAt?.getTime()).toBe(t(2).getTime());
    expect(s.endedAt?.getTime()).toBe(t(2).getTime());
    expect(s.checks.liveness?.reasons).toStrictEqual([]);
    expectError(() => recordCheckResult(s, livenessPass, { now: t(3) }), 'PROVEFY_ERR_SESSION_FINISHED');
  });

  it('maxAttempts 1 makes the first FAIL final', () => {
    const s = recordCheckResult(fresh(['liveness'], { maxAttempts: 1 }), livenessFail, { now: t(1) });
    expect(s).toMatchObject({ status: 'COMPLETED', overallResult: 'REJECTED' });
    expect(s.checks.liveness?.reasons.map((r) => r.code)).toStrictEqual(['SPOOF_SCORE']);
  });

  it('a REVIEW is final and gives overall REVIEW', () => {
    const s = recordCheckResult(fresh(['liveness']), { ...livenessPass, result: 'REVIEW', livenessScore: 0.84 }, { now: t(1) });
    expect(s).toMatchObject({ status: 'COMPLETED', overallResult: 'REVIEW' });
  });

  it('keeps only the contract fields of a check module result (extra properties are ignored)', () => {
    const moduleResult = { livenessScore: 0.97, result: 'PASS' as const, threshold: 0.85, frames: [{ index: 0 }], reasons: [] };
    const s = recordCheckResult(fresh(['liveness']), { check: 'liveness', ...moduleResult }, { now: t(1) });
    expect(s.checks.liveness?.reported).toStrictEqual({ at: t(1), attempt: 1, result: 'PASS', reasons: [], livenessScore: 0.97 });
  });

  it('rejects malformed outcomes with PROVEFY_ERR_INVALID_INPUT', () => {
    const s = fresh(['liveness', 'doc_verify', 'age_estimation']);
    const bad: unknown[] = [
      { check: 'liveness', result: 'OK', livenessScore: 0.9 },
      { check: 'liveness', result: 'PASS', livenessScore: 1.2 },
      { check: 'liveness', result: 'PASS' },
      { check: 'age_estimation', result: 'PASS', estimatedAge: 30 },
      { check: 'selfie', result: 'PASS' },
      { ...doc(), portrait: undefined },
      { ...doc(), documentType: 'LIBRARY_CARD' },
      doc({ fields: { dateOfBirth: '15/01/1990' } }),
      doc({ fields: { expiryDate: '2030-02-30' } }),
      { ...livenessPass, reasons: [{ code: '', message: 'x' }] },
    ];
    for (const o of bad) expectError(() => recordCheckResult(s, o as never, { now: t(1) }), 'PROVEFY_ERR_INVALID_INPUT');
  });

  it('rejects a check that is not requested', () => {
    expectError(() => recordCheckResult(fresh(['liveness']), doc(), { now: t(1) }), 'PROVEFY_ERR_INVALID_TRANSITION');
  });
});

describe('cancel', () => {
  it('cancels PENDING and IN_PROGRESS sessions only', () => {
    const pending = fresh();
    const c1 = cancelSession(pending, { now: t(5), reason: 'duplicate' });
    expect(c1).toMatchObject({ status: 'CANCELLED', overallResult: null });
    expect(c1.endedAt?.getTime()).toBe(t(5).getTime());
    expect(c1.log.at(-1)).toMatchObject({ actor: 'api', type: 'session.cancelled', data: { previousStatus: 'PENDING', reason: 'duplicate' } });
    const c2 = cancelSession(startCapture(pending, { now: t(1) }), { now: t(2) });
    expect(c2.status).toBe('CANCELLED');
    expectError(() => cancelSession(c1, { now: t(6) }), 'PROVEFY_ERR_SESSION_FINISHED');
    const done = recordCheckResult(pending, livenessPass, { now: t(1) });
    expectError(() => cancelSession(done, { now: t(2) }), 'PROVEFY_ERR_SESSION_FINISHED');
  });

  it('cannot cancel a session the clock has expired', () => {
    const s = fresh();
    try {
      cancelSession(s, { now: s.expiresAt });
      expect.unreachable();
    } catch (e) {
      expect(isProvefyError(e, 'PROVEFY_ERR_SESSION_TERMINAL')).toBe(true);
      expect((e as { details: { status: string } }).details.status).toBe('EXPIRED');
    }
  });
});

describe('expiry (refresh on read)', () => {
  it('is exact to the millisecond: usable before expiresAt, expired at expiresAt', () => {
    const s = fresh();
    const before = refreshSession(s, new Date(s.expiresAt.getTime() - 1));
    expect(before).toBe(s); // unchanged, same object
    const atBoundary = refreshSession(s, s.expiresAt);
    expect(atBoundary.status).toBe('EXPIRED');
    expect(atBoundary.endedAt?.getTime()).toBe(s.expiresAt.getTime());
    expect(atBoundary.updatedAt.getTime()).toBe(s.expiresAt.getTime());
    expect(atBoundary.log.at(-1)).toMatchObject({ actor: 'system', type: 'session.expired', data: { previousStatus: 'PENDING' } });
    // Deterministic: a later read yields exactly the same expired session.
    expect(refreshSession(s, t(24 * 60 * MIN))).toStrictEqual(atBoundary);
    expect(refresh(atBoundary, t(99 * MIN))).toBe(atBoundary);
    // Commands obey the same boundary.
    expect(recordCheckResult(s, livenessPass, { now: new Date(s.expiresAt.getTime() - 1) }).status).toBe('COMPLETED');
    expectError(() => recordCheckResult(s, livenessPass, { now: s.expiresAt }), 'PROVEFY_ERR_SESSION_FINISHED');
    expectError(() => startCapture(s, { now: s.expiresAt }), 'PROVEFY_ERR_SESSION_FINISHED');
  });

  it('a completed or cancelled session never expires', () => {
    const done = recordCheckResult(fresh(), livenessPass, { now: t(1) });
    expect(refreshSession(done, t(60 * MIN))).toBe(done);
    const cancelled = cancelSession(fresh(), { now: t(1) });
    expect(refreshSession(cancelled, t(60 * MIN))).toBe(cancelled);
  });
});

describe('review', () => {
  const inReview = () => recordCheckResult(fresh(['liveness']), { ...livenessPass, result: 'REVIEW' }, { now: t(1) });

  it('resolves REVIEW to APPROVED or REJECTED with reviewer and reason, recorded in the log', () => {
    const s = resolveReview(inReview(), { now: t(2), decision: 'REJECTED', reviewer: 'alice', reason: 'Screen replay visible' });
    expect(s.status).toBe('COMPLETED');
    expect(s.overallResult).toBe('REJECTED');
    expect(s.review).toStrictEqual({ decision: 'REJECTED', reviewer: 'alice', reason: 'Screen replay visible', at: t(2) });
    expect(s.checks.liveness?.result).toBe('REVIEW');
    expect(s.log.at(-1)).toStrictEqual({
      at: t(2),
      actor: 'reviewer:alice',
      type: 'review.resolved',
      data: { previousResult: 'REVIEW', decision: 'REJECTED', reason: 'Screen replay visible' },
    });
    expectError(() => resolveReview(s, { now: t(3), decision: 'APPROVED', reviewer: 'bob', reason: 'x' }), 'PROVEFY_ERR_INVALID_TRANSITION');
  });

  it('is refused for sessions that are not COMPLETED in REVIEW, and needs a reviewer and a reason', () => {
    const approved = recordCheckResult(fresh(), livenessPass, { now: t(1) });
    const opts = { now: t(2), decision: 'APPROVED' as const, reviewer: 'alice', reason: 'ok' };
    expectError(() => resolveReview(approved, opts), 'PROVEFY_ERR_INVALID_TRANSITION');
    expectError(() => resolveReview(fresh(), opts), 'PROVEFY_ERR_INVALID_TRANSITION');
    expectError(() => resolveReview(inReview(), { ...opts, reason: '' }), 'PROVEFY_ERR_INVALID_INPUT');
    expectError(() => resolveReview(inReview(), { ...opts, decision: 'REVIEW' as never }), 'PROVEFY_ERR_INVALID_INPUT');
  });
});

describe('redact', () => {
  it('removes PII and free text but keeps the skeleton', () => {
    let s = fresh(['doc_verify', 'liveness']);
    s = recordCheckResult(s, doc(), { now: t(1) });
    s = recordCheckResult(s, { ...livenessPass, result: 'REVIEW' }, { now: t(2) });
    s = resolveReview(s, { now: t(3), decision: 'APPROVED', reviewer: 'alice', reason: 'Anna Smith matches her passport' });
    const before = toContractJson(s);
    const r = redactSession(s, { now: t(4) });
    expect(r.externalRef).toBeNull();
    expect(r.metadata).toStrictEqual({});
    expect(r.redirectUrl).toBeNull();
    expect(r.checks.doc_verify?.reported?.fields).toStrictEqual({
      firstName: null,
      lastName: null,
      dateOfBirth: null,
      documentNumber: null,
      expiryDate: null,
      sex: null,
      nationality: null,
    });
    expect(r.checks.doc_verify?.reported?.country).toBeNull();
    expect(r.review).toStrictEqual({ decision: 'APPROVED', reviewer: 'alice', reason: null, at: t(3) });
    expect(JSON.stringify(r)).not.toMatch(/ANNA|SMITH|Anna|X123|1990-01-15|user_1|basic/);
    expect(toContractJson(r)).toStrictEqual({ ...before, externalRef: null, metadata: {} });
    expect(r.log.map((e) => e.type)).toStrictEqual([...s.log.map((e) => e.type), 'session.redacted']);
    expect(redactSession(r, { now: t(5) })).toBe(r);
  });

  it('refuses active sessions; redacts sessions the clock has expired', () => {
    expectError(() => redactSession(fresh(), { now: t(1) }), 'PROVEFY_ERR_INVALID_TRANSITION');
    const s = fresh();
    const r = redactSession(s, { now: s.expiresAt });
    expect(r.status).toBe('EXPIRED');
    expect(r.redactedAt?.getTime()).toBe(s.expiresAt.getTime());
  });
});

describe('applyEvent, webhooks, immutability', () => {
  it('dispatches events to the transition functions', () => {
    let s = fresh(['liveness']);
    s = applyEvent(s, { type: 'capture.started', now: t(1), check: 'liveness' });
    s = applyEvent(s, { type: 'check.recorded', now: t(2), outcome: livenessPass });
    expect(s.status).toBe('COMPLETED');
    expect(applyEvent(fresh(), { type: 'clock.tick', now: t(31 * MIN) }).status).toBe('EXPIRED');
    expect(applyEvent(fresh(), { type: 'session.cancelled', now: t(1) }).status).toBe('CANCELLED');
    expectError(() => applyEvent(fresh(), { type: 'nope', now: t(1) } as never), 'PROVEFY_ERR_INVALID_INPUT');
  });

  it('never mutates its input', () => {
    const s = fresh(['liveness', 'doc_verify']);
    const snapshot = structuredClone(s);
    const s2 = recordCheckResult(s, doc(), { now: t(1) });
    startCapture(s, { now: t(1), check: 'liveness' });
    cancelSession(s, { now: t(1) });
    refreshSession(s, t(40 * MIN));
    expect(s).toStrictEqual(snapshot);
    const snapshot2 = structuredClone(s2);
    recordCheckResult(s2, livenessPass, { now: t(2) });
    expect(s2).toStrictEqual(snapshot2);
  });

  it('tells which webhook a transition calls for', () => {
    const s = fresh();
    const done = recordCheckResult(s, { ...livenessPass, result: 'REVIEW' }, { now: t(1) });
    expect(webhookEventFor(s, done)).toBe('verification.completed');
    const reviewed = resolveReview(done, { now: t(2), decision: 'APPROVED', reviewer: 'a', reason: 'b' });
    expect(webhookEventFor(done, reviewed)).toBe('verification.completed');
    expect(toWebhookPayload(reviewed).overallResult).toBe('APPROVED');
    expect(webhookEventFor(s, refreshSession(s, s.expiresAt))).toBe('verification.expired');
    expect(webhookEventFor(s, cancelSession(s, { now: t(1) }))).toBe('verification.cancelled');
    expect(webhookEventFor(s, startCapture(s, { now: t(1) }))).toBeNull();
    expectError(() => toWebhookPayload(s), 'PROVEFY_ERR_INVALID_TRANSITION');
    expectError(() => toWebhookPayload(done, 'verification.expired'), 'PROVEFY_ERR_INVALID_TRANSITION');
    expectError(() => toRedirectUrl(s), 'PROVEFY_ERR_INVALID_TRANSITION');
    expect(toRedirectUrl(cancelSession(s, { now: t(1) }))).toBe('https://example.com/done?session_id=s1&result=CANCELLED');
  });

  it('reads no clock of its own (time is always injected)', () => {
    const dir = new URL('.', import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const code = readFileSync(new URL(f, dir), 'utf8').replace(/\/\*[\s\S]*?\*\//g, ''); // JSDoc examples may use new Date()
      expect(code, f).not.toMatch(/Date\.now\(|new Date\(\)|performance\.now\(/);
    }
  });
});

describe('reason details from check modules', () => {
  it('are stored as JSON (undefined dropped, NaN to null) instead of blocking the result', () => {
    const outcome = {
      check: 'liveness',
      result: 'FAIL',
      livenessScore: 0.2,
      reasons: [{ code: 'SPOOF_SCORE', message: 'photo', details: { score: 0.2, frame: undefined, ratio: Number.NaN } }],
    } as CheckOutcome;
    const s = recordCheckResult(fresh(['liveness']), outcome, { now: t(1) });
    expect(s.checks.liveness?.reasons).toStrictEqual([{ code: 'SPOOF_SCORE', message: 'photo', details: { score: 0.2, ratio: null } }]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectError(
      () => recordCheckResult(fresh(['liveness']), { ...outcome, reasons: [{ code: 'X', message: 'x', details: cyclic }] } as CheckOutcome, { now: t(1) }),
      'PROVEFY_ERR_INVALID_INPUT',
    );
  });
});
