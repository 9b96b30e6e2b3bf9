import { describe, expect, it } from 'vitest';
import { createSession } from './create-session.js';
import { finishSession } from './finish-session.js';
import { recordCheckResult } from './record-check-result.js';

const t0 = new Date('2025-03-07T12:00:00.000Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe('finishSession', () => {
  it('makes a retryable FAIL final and completes the session as REJECTED', () => {
    let s = createSession({ checks: ['liveness', 'age_estimation'] }, { now: t0, id: 's1' });
    s = recordCheckResult(s, { check: 'liveness', result: 'FAIL', livenessScore: 0.2 }, { now: at(1) });
    s = recordCheckResult(s, { check: 'age_estimation', result: 'PASS', estimatedAge: 30, meetsMinAge: true }, { now: at(2) });
    expect(s.status).toBe('IN_PROGRESS');
    expect(s.checks.liveness?.final).toBe(false);
    const done = finishSession(s, { now: at(3) });
    expect(done.status).toBe('COMPLETED');
    expect(done.overallResult).toBe('REJECTED');
    expect(done.checks.liveness?.status).toBe('COMPLETED');
    expect(done.log.map((e) => e.type)).toContain('check.finalised');
  });

  it('refuses to finish while a check was never performed', () => {
    let s = createSession({ checks: ['liveness', 'face_match'] }, { now: t0, id: 's2' });
    s = recordCheckResult(s, { check: 'liveness', result: 'PASS', livenessScore: 0.97 }, { now: at(1) });
    expect(() => finishSession(s, { now: at(2) })).toThrowError(expect.objectContaining({ code: 'PROVEFY_ERR_INVALID_TRANSITION' }));
  });

  it('refuses a finished or expired session', () => {
    let s = createSession({ checks: ['liveness'] }, { now: t0, id: 's3' });
    s = recordCheckResult(s, { check: 'liveness', result: 'PASS', livenessScore: 0.97 }, { now: at(1) });
    expect(() => finishSession(s, { now: at(2) })).toThrowError(expect.objectContaining({ code: 'PROVEFY_ERR_SESSION_FINISHED' }));
    const fresh = createSession({ checks: ['liveness'] }, { now: t0, id: 's4' });
    expect(() => finishSession(fresh, { now: at(31 * 60) })).toThrowError(expect.objectContaining({ code: 'PROVEFY_ERR_SESSION_FINISHED' }));
  });
});
