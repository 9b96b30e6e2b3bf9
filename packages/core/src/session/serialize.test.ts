import { describe, expect, it } from 'vitest';
import { isProvefyError } from '../errors/index.js';
import {
  type Session,
  createSession,
  deserializeSession,
  recordCheckResult,
  redactSession,
  resolveReview,
  serializeSession,
  toSessionJson,
} from './index.js';

const T0 = new Date('2025-03-07T12:00:00.123Z');
const t = (ms: number) => new Date(T0.getTime() + ms);

function richSession(): Session {
  let s = createSession(
    {
      checks: ['age_estimation', 'doc_verify', 'face_match', 'liveness'],
      externalRef: 'ordér-42 ✓',
      callbackUrl: 'https://hooks.example.com/kyc',
      redirectUrl: 'https://example.com/done?x=1',
      metadata: { plan: 'premium', nested: { list: [1, 'two', null, true, { deep: -0 }] }, ['__proto__']: { polluted: true }, '': 0.1 },
      config: { minAge: 21, maxAttempts: 2 },
    },
    { now: T0, id: 'sess_1' },
  );
  s = recordCheckResult(s, { check: 'liveness', result: 'FAIL', livenessScore: 0.2, reasons: [{ code: 'SPOOF_SCORE', message: 'photo', details: { score: 0.2 } }] }, { now: t(1) });
  s = recordCheckResult(s, { check: 'liveness', result: 'PASS', livenessScore: 0.91 }, { now: t(2) });
  s = recordCheckResult(s, { check: 'age_estimation', result: 'PASS', estimatedAge: 44.6, meetsMinAge: true }, { now: t(3) });
  s = recordCheckResult(
    s,
    {
      check: 'doc_verify',
      result: 'PASS',
      documentType: 'PASSPORT',
      ocrConfidence: 0.93,
      country: 'BR',
      fields: { firstName: 'João', lastName: 'Silva', dateOfBirth: '1999-12-31', documentNumber: 'FZ123', expiryDate: '2031-05-05', sex: 'M', nationality: 'BRA' },
      portrait: { x: 10, y: 20, width: 100, height: 120 },
    },
    { now: t(4) },
  );
  s = recordCheckResult(s, { check: 'face_match', result: 'PASS', similarityScore: -0, isMatch: true }, { now: t(5) });
  return s;
}

describe('serializeSession / deserializeSession', () => {
  it('round-trips a completed, reviewed, redacted session losslessly (dates as ISO strings, ms precision)', () => {
    const completed = richSession();
    expect(completed.status).toBe('COMPLETED');
    expect(completed.overallResult).toBe('REVIEW'); // estimated 44.6 vs document 25: age mismatch
    const reviewed = resolveReview(completed, { now: t(6), decision: 'APPROVED', reviewer: 'ops@example.com', reason: 'Old photo on passport' });
    for (const s of [completed, reviewed, redactSession(reviewed, { now: t(7) })]) {
      const text = serializeSession(s);
      const back = deserializeSession(text);
      expect(back).toStrictEqual(s);
      expect(serializeSession(back)).toBe(text);
      expect(deserializeSession(toSessionJson(s))).toStrictEqual(s);
    }
    const json = toSessionJson(completed);
    expect(json.createdAt).toBe('2025-03-07T12:00:00.123Z');
    expect(json.checks.liveness?.reported?.at).toBe('2025-03-07T12:00:00.125Z');
    expect(json.log[0].at).toBe('2025-03-07T12:00:00.123Z');
    expect(Object.keys(json.metadata)).toContain('__proto__');
    expect(Object.getPrototypeOf(deserializeSession(json).metadata)).toBe(Object.prototype);
  });

  it('gives back Date objects and independent copies', () => {
    const s = richSession();
    const back = deserializeSession(serializeSession(s));
    expect(back.expiresAt).toBeInstanceOf(Date);
    expect(back.checks.doc_verify?.reported?.at).toBeInstanceOf(Date);
    expect(back.log.every((e) => e.at instanceof Date)).toBe(true);
    expect(back.metadata).not.toBe(s.metadata);
  });

  it('rejects malformed stored sessions with PROVEFY_ERR_INVALID_INPUT naming the field', () => {
    const good = toSessionJson(richSession());
    // biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary holes into stored JSON
    const cases: [string, (j: Record<string, any>) => unknown][] = [
      ['session', () => 'not json {'],
      ['version', (j) => ({ ...j, version: 2 })],
      ['status', (j) => ({ ...j, status: 'DONE' })],
      ['expiresAt', (j) => ({ ...j, expiresAt: '2025-03-07' })],
      ['createdAt', (j) => ({ ...j, createdAt: '2025-02-30T00:00:00.000Z' })],
      ['requestedChecks', (j) => ({ ...j, requestedChecks: ['liveness', 'liveness'] })],
      ['checks.liveness', (j) => ({ ...j, checks: { ...j.checks, liveness: undefined } })],
      ['checks.selfie', (j) => ({ ...j, checks: { ...j.checks, selfie: {} } })],
      ['checks.liveness.attempts', (j) => ({ ...j, checks: { ...j.checks, liveness: { ...j.checks.liveness, attempts: -1 } } })],
      ['checks.doc_verify.reported.fields.dateOfBirth', (j) => ({
        ...j,
        checks: { ...j.checks, doc_verify: { ...j.checks.doc_verify, reported: { ...j.checks.doc_verify.reported, fields: { dateOfBirth: 'yesterday' } } } },
      })],
      ['log', (j) => ({ ...j, log: [] })],
      ['log[0].at', (j) => ({ ...j, log: [{ ...j.log[0], at: 12 }] })],
      ['review', (j) => ({ ...j, review: 'yes' })],
      ['config.maxAttempts', (j) => ({ ...j, config: { ...j.config, maxAttempts: 0 } })],
    ];
    for (const [field, mutate] of cases) {
      const input = mutate(structuredClone(good));
      try {
        deserializeSession(typeof input === 'string' ? input : (JSON.parse(JSON.stringify(input)) as never));
        expect.unreachable(`${field} accepted`);
      } catch (e) {
        expect(isProvefyError(e, 'PROVEFY_ERR_INVALID_INPUT'), `${field}: ${String(e)}`).toBe(true);
        expect((e as { details: { field: string } }).details.field, field).toBe(field);
      }
    }
  });
});
