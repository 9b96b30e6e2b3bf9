import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../check-result.js';
import { isProvefyError } from '../errors/index.js';
import {
  type CheckOutcome,
  type Session,
  createSession,
  decideOverallResult,
  documentAgeTolerance,
  recordCheckResult,
  toContractJson,
  toWebhookPayload,
  worstCheckResult,
} from './index.js';

const T0 = new Date('2025-03-07T12:00:00.000Z');
const t = (s: number) => new Date(T0.getTime() + s * 1000);

const doc = (fields: Record<string, string | null>, over: Record<string, unknown> = {}): CheckOutcome =>
  ({
    check: 'doc_verify',
    result: 'PASS',
    documentType: 'ID_CARD',
    ocrConfidence: 0.88,
    fields: { dateOfBirth: '1990-01-15', expiryDate: '2030-01-01', ...fields },
    portrait: true,
    ...over,
  }) as CheckOutcome;
const age = (estimatedAge: number | null, result: CheckResult = 'PASS', meetsMinAge = true): CheckOutcome => ({
  check: 'age_estimation',
  result,
  estimatedAge,
  meetsMinAge,
});
const face: CheckOutcome = { check: 'face_match', result: 'PASS', similarityScore: 0.8, isMatch: true };

function session(checks: Session['requestedChecks'], config = {}): Session {
  return createSession({ checks, config }, { now: T0, id: 'r1' });
}

describe('decideOverallResult', () => {
  const ALL: CheckResult[] = ['PASS', 'FAIL', 'REVIEW'];
  // Independent oracle: rank the results and map the worst one.
  const RANK = { PASS: 0, REVIEW: 1, FAIL: 2 } as const;
  const oracle = (rs: CheckResult[]) => (['APPROVED', 'REVIEW', 'REJECTED'] as const)[Math.max(...rs.map((r) => RANK[r]))];

  it('matches the contract for every combination of 1 to 4 check results', () => {
    let count = 0;
    const all = (len: number): CheckResult[][] => (len === 0 ? [[]] : all(len - 1).flatMap((c) => ALL.map((r) => [...c, r])));
    for (let len = 1; len <= 4; len++) {
      for (const rs of all(len)) {
        expect(decideOverallResult(rs), rs.join()).toBe(oracle(rs));
        count++;
      }
    }
    expect(count).toBe(3 + 9 + 27 + 81);
    expect(decideOverallResult(['PASS', 'PASS', 'PASS'])).toBe('APPROVED');
    expect(decideOverallResult(['PASS', 'REVIEW', 'FAIL'])).toBe('REJECTED');
    expect(decideOverallResult(['REVIEW', 'PASS'])).toBe('REVIEW');
    expect(worstCheckResult('PASS', 'REVIEW')).toBe('REVIEW');
  });
});

describe('document expired', () => {
  it('FAILs a document whose expiry date is before the capture day; retryable with another document', () => {
    let s = session(['doc_verify']);
    s = recordCheckResult(s, doc({ expiryDate: '2025-03-06' }), { now: t(0) });
    const c = s.checks.doc_verify!;
    expect(c).toMatchObject({ result: 'FAIL', final: false, status: 'IN_PROGRESS' });
    expect(c.reasons).toStrictEqual([{ code: 'DOCUMENT_EXPIRED', message: 'The document has expired', details: { daysExpired: 1 } }]);
    expect(c.reported?.result).toBe('PASS'); // as the reader said
    s = recordCheckResult(s, doc({ expiryDate: '2031-01-01' }), { now: t(60) });
    expect(s).toMatchObject({ status: 'COMPLETED', overallResult: 'APPROVED' });
  });

  it('a document is valid through its expiry date', () => {
    const s = recordCheckResult(session(['doc_verify'], { expiresInMs: 24 * 3600_000 }), doc({ expiryDate: '2025-03-07' }), {
      now: new Date('2025-03-07T23:59:59.999Z'),
    });
    expect(s.overallResult).toBe('APPROVED');
  });

  it('becomes a final FAIL when attempts run out', () => {
    const s = recordCheckResult(session(['doc_verify'], { maxAttempts: 1 }), doc({ expiryDate: '2020-01-01' }), { now: t(0) });
    expect(s).toMatchObject({ status: 'COMPLETED', overallResult: 'REJECTED' });
  });

  it('does not duplicate a DOCUMENT_EXPIRED reason the reader already gave', () => {
    const s = recordCheckResult(
      session(['doc_verify']),
      doc({ expiryDate: '2020-01-01' }, { result: 'REVIEW', reasons: [{ code: 'DOCUMENT_EXPIRED', message: 'expired' }] }),
      { now: t(0) },
    );
    expect(s.checks.doc_verify?.reasons.map((r) => r.code)).toStrictEqual(['DOCUMENT_EXPIRED']);
    expect(s.checks.doc_verify?.result).toBe('FAIL');
  });
});

describe('document date of birth under the minimum age', () => {
  it('FAILs the age check whatever the estimate, finally, with meetsMinAge false', () => {
    let s = session(['age_estimation', 'doc_verify']);
    s = recordCheckResult(s, age(31), { now: t(0) });
    expect(s.checks.age_estimation).toMatchObject({ result: 'PASS', final: true });
    // 17 years old on 2025-03-07 (18th birthday tomorrow).
    s = recordCheckResult(s, doc({ dateOfBirth: '2007-03-08' }), { now: t(10) });
    expect(s.checks.age_estimation).toMatchObject({ status: 'COMPLETED', result: 'FAIL', final: true, values: { estimatedAge: 31, meetsMinAge: false } });
    // Both cross-checks fire (17 vs 31 is also a mismatch); the FAIL wins.
    expect(s.checks.age_estimation?.reasons.map((r) => r.code)).toStrictEqual(['DOCUMENT_UNDERAGE', 'DOCUMENT_AGE_MISMATCH']);
    expect(s.checks.age_estimation?.reasons[0].details).toStrictEqual({ documentAge: 17, minAge: 18 });
    expect(s).toMatchObject({ status: 'COMPLETED', overallResult: 'REJECTED' });
    // The REST session and the webhook say why (reason codes, an addition after the contract's fields).
    const reasons = ['DOCUMENT_UNDERAGE', 'DOCUMENT_AGE_MISMATCH'];
    expect(toContractJson(s).checks.ageEstimation).toStrictEqual({ status: 'COMPLETED', result: 'FAIL', estimatedAge: 31, meetsMinAge: false, reasons });
    expect(toWebhookPayload(s).checks.ageEstimation).toStrictEqual({ result: 'FAIL', estimatedAge: 31, meetsMinAge: false, reasons });
    expect(toWebhookPayload(s).checks.documentVerification).not.toHaveProperty('reasons'); // none: the field is left out
    expect(s.log.find((e) => e.type === 'check.reevaluated')?.data).toMatchObject({ check: 'age_estimation', previousResult: 'PASS', result: 'FAIL' });
  });

  it('turns a retryable estimate FAIL into a final FAIL (no pointless selfie retries)', () => {
    let s = session(['doc_verify', 'age_estimation']);
    s = recordCheckResult(s, doc({ dateOfBirth: '2010-05-01' }), { now: t(0) });
    s = recordCheckResult(s, age(14, 'FAIL', false), { now: t(1) });
    expect(s.checks.age_estimation).toMatchObject({ final: true, attempts: 1 });
    expect(s.overallResult).toBe('REJECTED');
  });

  it('counts the birthday itself, uses the key minimum age, and 29 February turns over on 1 March', () => {
    const run = (dob: string, now: Date, minAge = 18) =>
      recordCheckResult(recordCheckResult(session(['doc_verify', 'age_estimation'], { minAge }), doc({ dateOfBirth: dob }), { now }), age(20), { now }).checks
        .age_estimation!.result;
    expect(run('2007-03-07', T0)).toBe('PASS'); // 18 today
    expect(run('2007-03-08', T0)).toBe('FAIL');
    expect(run('2005-03-08', T0, 21)).toBe('FAIL');
    expect(run('2004-03-07', T0, 21)).toBe('PASS');
    expect(run('2004-02-29', new Date('2022-02-28T12:00:00Z'))).toBe('FAIL'); // still 17
    expect(run('2004-02-29', new Date('2022-03-01T00:00:00Z'))).toBe('PASS');
  });

  it('ignores a document read the reader itself FAILed, and checks with no attempt yet', () => {
    let s = session(['doc_verify', 'age_estimation']);
    s = recordCheckResult(s, doc({ dateOfBirth: '2015-01-01' }, { result: 'FAIL' }), { now: t(0) });
    s = recordCheckResult(s, age(30), { now: t(1) });
    expect(s.checks.age_estimation?.result).toBe('PASS');
    let p = session(['doc_verify', 'age_estimation']);
    p = recordCheckResult(p, doc({ dateOfBirth: '2015-01-01' }), { now: t(0) });
    expect(p.checks.age_estimation).toMatchObject({ status: 'PENDING', result: null });
  });
});

describe('estimated age far from the document age', () => {
  const run = (estimate: number, config = {}, result: CheckResult = 'PASS') => {
    let s = session(['age_estimation', 'doc_verify'], config);
    s = recordCheckResult(s, doc({ dateOfBirth: '1990-01-15' }), { now: t(0) }); // 35 on 2025-03-07
    return recordCheckResult(s, age(estimate, result, result === 'PASS'), { now: t(1) });
  };

  it('gives REVIEW with DOCUMENT_AGE_MISMATCH outside the calibrated band, capped at ageMismatchYears (default 10)', () => {
    const { lower, upper } = documentAgeTolerance(35, { ageMismatchYears: 10 });
    expect(lower).toBeLessThan(0);
    expect(upper).toBeGreaterThan(0);
    expect(lower).toBeGreaterThanOrEqual(-10);
    expect(upper).toBeLessThanOrEqual(10);
    const far = run(35 + Math.floor(upper) + 1);
    expect(far.checks.age_estimation).toMatchObject({ result: 'REVIEW', final: true });
    expect(far.checks.age_estimation?.reasons[0]).toMatchObject({ code: 'DOCUMENT_AGE_MISMATCH', details: { documentAge: 35, toleranceYears: 10 } });
    expect(far.overallResult).toBe('REVIEW');
    expect(run(35 + Math.floor(upper)).overallResult).toBe('APPROVED');
    expect(run(35 + Math.ceil(lower)).overallResult).toBe('APPROVED');
    expect(run(35 + Math.ceil(lower) - 1).overallResult).toBe('REVIEW');
    expect(run(35, { ageMismatchYears: 0 }).overallResult).toBe('APPROVED');
    expect(run(36, { ageMismatchYears: 0 }).overallResult).toBe('REVIEW');
  });

  it('gives REVIEW with the new reason for an estimate 20 years off the document, either way', () => {
    for (const estimate of [15, 55]) {
      const s = run(estimate);
      expect(s.checks.age_estimation?.result).toBe('REVIEW');
      expect(s.checks.age_estimation?.reasons.map((r) => r.code)).toStrictEqual(['DOCUMENT_AGE_MISMATCH']);
      expect(s.checks.age_estimation?.reasons[0]?.details).toMatchObject({ estimatedAge: estimate, documentAge: 35 });
      expect(s.overallResult).toBe('REVIEW');
    }
  });

  it('never improves a FAIL', () => {
    let s = session(['age_estimation', 'doc_verify'], { maxAttempts: 1 });
    s = recordCheckResult(s, doc({}), { now: t(0) });
    s = recordCheckResult(s, age(70, 'FAIL', true), { now: t(1) });
    expect(s.checks.age_estimation?.result).toBe('FAIL');
  });
});

describe('the document settles the age', () => {
  // 19 on 2025-03-07: an adult whose face the estimator alone cannot place above 18 with certainty.
  const run = (estimate: number, result: CheckResult, codes: string[], dob = '2005-06-01') => {
    let s = session(['age_estimation', 'doc_verify']);
    s = recordCheckResult(s, doc({ dateOfBirth: dob }), { now: t(0) });
    const outcome = { ...age(estimate, result, false), reasons: codes.map((code) => ({ code, message: code })) } as CheckOutcome;
    return recordCheckResult(s, outcome, { now: t(1) });
  };

  it('PASSes a borderline or under-age estimate that is consistent with an adult document', () => {
    for (const [estimate, result, codes] of [
      [19, 'REVIEW', ['BORDERLINE_AGE']],
      [17, 'REVIEW', ['WEAK_EVIDENCE', 'BORDERLINE_AGE']],
    ] as const) {
      const s = run(estimate, result, [...codes]);
      expect(s.checks.age_estimation).toMatchObject({ status: 'COMPLETED', result: 'PASS', final: true, values: { estimatedAge: estimate, meetsMinAge: true } });
      expect(s.checks.age_estimation?.reasons.map((r) => r.code)).toStrictEqual(['AGE_FROM_DOCUMENT']);
      expect(s.checks.age_estimation?.reasons[0]?.details).toMatchObject({ documentAge: 19, minAge: 18 });
      expect(s.overallResult).toBe('APPROVED');
      // The check's own attempt stays on record.
      expect(s.checks.age_estimation?.reported?.result).toBe(result);
    }
  });

  it('keeps the estimate\'s result when it has another reason (another face in the picture)', () => {
    const s = run(19, 'REVIEW', ['MULTIPLE_FACES']);
    expect(s.checks.age_estimation?.result).toBe('REVIEW');
  });

  it('FAILs a document whose birth date makes the person 16, whatever the face estimate', () => {
    for (const estimate of [8, 16, 19, 25, 40, 70]) {
      for (const result of ['PASS', 'REVIEW', 'FAIL'] as const) {
        const s = run(estimate, result, [], '2008-06-01'); // 16 on 2025-03-07
        expect(s.checks.age_estimation, `${estimate} ${result}`).toMatchObject({ result: 'FAIL', final: true, values: { meetsMinAge: false } });
        expect(s.checks.age_estimation?.reasons.map((r) => r.code)).toContain('DOCUMENT_UNDERAGE');
        expect(s.overallResult).toBe('REJECTED');
        expect(toContractJson(s).checks.ageEstimation).toMatchObject({ result: 'FAIL', meetsMinAge: false });
      }
    }
  });
});

describe('face match needs a document portrait', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return isProvefyError(e) ? e.code : String(e);
    }
    return 'no error';
  };

  it('is refused before the document check, or when the document had no portrait', () => {
    const s = session(['doc_verify', 'face_match']);
    expect(code(() => recordCheckResult(s, face, { now: t(0) }))).toBe('PROVEFY_ERR_INVALID_TRANSITION');
    const noPortrait = recordCheckResult(s, doc({}, { portrait: null }), { now: t(0) });
    expect(code(() => recordCheckResult(noPortrait, face, { now: t(1) }))).toBe('PROVEFY_ERR_INVALID_TRANSITION');
    const ok = recordCheckResult(recordCheckResult(s, doc({}), { now: t(0) }), face, { now: t(1) });
    expect(ok.overallResult).toBe('APPROVED');
    expect(ok.checks.face_match?.reported?.portraitSource).toBe('doc_verify');
  });

  it('accepts a separately provided document photo (also without doc_verify)', () => {
    const s = session(['face_match']);
    expect(code(() => recordCheckResult(s, face, { now: t(0) }))).toBe('PROVEFY_ERR_INVALID_TRANSITION');
    const ok = recordCheckResult(s, { ...face, portraitSource: 'document_photo' }, { now: t(0) });
    expect(ok.overallResult).toBe('APPROVED');
  });
});

describe('overall result through a session', () => {
  it('all PASS -> APPROVED, any FAIL -> REJECTED, otherwise REVIEW', () => {
    const run = (results: CheckResult[]) => {
      let s = createSession({ checks: ['liveness', 'age_estimation'], config: { maxAttempts: 1 } }, { now: T0 });
      s = recordCheckResult(s, { check: 'liveness', result: results[0], livenessScore: 0.9 }, { now: t(1) });
      return recordCheckResult(s, age(30, results[1]), { now: t(2) }).overallResult;
    };
    expect(run(['PASS', 'PASS'])).toBe('APPROVED');
    expect(run(['PASS', 'FAIL'])).toBe('REJECTED');
    expect(run(['REVIEW', 'FAIL'])).toBe('REJECTED');
    expect(run(['REVIEW', 'PASS'])).toBe('REVIEW');
  });
});
