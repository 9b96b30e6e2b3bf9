/**
 * Property-based tests (fast-check) over random event sequences: random configs, requested checks, outcomes
 * (including document dates that trigger the cross-checks), cancellations, clock jumps across the expiry, reviews
 * and redactions. After every step the session invariants below must hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../check-result.js';
import { isProvefyError } from '../errors/index.js';
import {
  CHECK_NAMES,
  CONTRACT_CHECK_KEYS,
  type CheckName,
  type CheckOutcome,
  type CheckState,
  type Session,
  type SessionEvent,
  ESTIMATE_JUDGEMENT_CODES,
  applyEvent,
  createSession,
  deserializeSession,
  documentAgeTolerance,
  isTerminalStatus,
  refreshSession,
  serializeSession,
  toContractJson,
  toWebhookPayload,
} from './index.js';

const result = fc.oneof({ weight: 3, arbitrary: fc.constant('PASS' as const) }, fc.constant('REVIEW' as const), { weight: 2, arbitrary: fc.constant('FAIL' as const) });
const score = (min = 0) => fc.option(fc.double({ min, max: 1, noNaN: true }), { nil: null, freq: 8 });
const isoDay = (min: string, max: string) =>
  fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const reasonsArb = fc.array(
  fc.record({ code: fc.constantFrom('NO_FACE', 'SPOOF_SCORE', 'LOW_QUALITY', 'DOCUMENT_EXPIRED'), message: fc.string() }),
  { maxLength: 2 },
);

/** Random outcomes per check, with document dates that often trigger the cross-checks. */
const OUTCOMES: { [N in CheckName]: fc.Arbitrary<CheckOutcome> } = {
  liveness: fc.record({ check: fc.constant('liveness' as const), result, reasons: reasonsArb, livenessScore: score() }),
  age_estimation: fc.record({
    check: fc.constant('age_estimation' as const),
    result,
    estimatedAge: fc.option(fc.oneof(fc.integer({ min: 0, max: 90 }), fc.double({ min: 0, max: 90, noNaN: true })), { nil: null, freq: 8 }),
    meetsMinAge: fc.boolean(),
    reasons: fc.array(fc.record({ code: fc.constantFrom('BORDERLINE_AGE', 'UNDER_MIN_AGE', 'WEAK_EVIDENCE', 'MULTIPLE_FACES'), message: fc.string() }), { maxLength: 2 }),
  }),
  doc_verify: fc.record({
    check: fc.constant('doc_verify' as const),
    result,
    reasons: reasonsArb,
    documentType: fc.constantFrom('PASSPORT' as const, 'ID_CARD' as const, 'DRIVERS_LICENSE' as const, 'UNKNOWN' as const),
    ocrConfidence: score(),
    country: fc.option(fc.constantFrom('GB', 'US', 'BR'), { nil: null }),
    fields: fc.record({
      firstName: fc.option(fc.string({ minLength: 1 }), { nil: null }),
      lastName: fc.option(fc.string({ minLength: 1 }), { nil: null }),
      dateOfBirth: fc.option(fc.oneof(isoDay('1930-01-01', '2024-12-31'), { weight: 2, arbitrary: isoDay('2003-01-01', '2014-12-31') }), {
        nil: null,
        freq: 6,
      }),
      documentNumber: fc.option(fc.string({ minLength: 1 }), { nil: null }),
      expiryDate: fc.option(isoDay('2017-01-01', '2035-12-31'), { nil: null, freq: 6 }),
    }),
    portrait: fc.oneof({ weight: 4, arbitrary: fc.constant({ x: 1, y: 2, width: 30, height: 40 }) }, fc.constantFrom(null, true, false)),
  }),
  face_match: fc.record({
    check: fc.constant('face_match' as const),
    result,
    similarityScore: score(-1),
    isMatch: fc.boolean(),
    portraitSource: fc.constantFrom('doc_verify' as const, 'document_photo' as const),
  }),
};

type Step =
  | { kind: 'record'; outcome: CheckOutcome }
  | { kind: 'start'; check?: CheckName }
  | { kind: 'cancel' }
  | { kind: 'tick' }
  | { kind: 'review'; decision: 'APPROVED' | 'REJECTED' }
  | { kind: 'redact' }
  | { kind: 'finish' };

/** Steps for a session requesting `checks`: mostly results of requested checks, sometimes anything else. */
const stepArb = (checks: CheckName[]): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.oneof(...checks.map((c) => OUTCOMES[c])).map((outcome) => ({ kind: 'record' as const, outcome })) },
    { weight: 1, arbitrary: fc.oneof(...CHECK_NAMES.map((c) => OUTCOMES[c])).map((outcome) => ({ kind: 'record' as const, outcome })) },
    { weight: 2, arbitrary: fc.option(fc.constantFrom(...CHECK_NAMES), { nil: undefined }).map((check) => ({ kind: 'start' as const, check })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'tick' as const }) },
    { weight: 2, arbitrary: fc.constantFrom('APPROVED' as const, 'REJECTED' as const).map((decision) => ({ kind: 'review' as const, decision })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'redact' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'finish' as const }) },
  );

// Half the sessions request all four checks (in random order) so the cross-checks meet often.
const checksArb = fc.oneof(fc.shuffledSubarray([...CHECK_NAMES], { minLength: 1 }), fc.shuffledSubarray([...CHECK_NAMES], { minLength: 4 }));
const scenarioArb = checksArb.chain((checks) =>
  fc.record({
    createdAt: fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2030, 0, 1) }),
    checks: fc.constant(checks),
    config: fc.record({
      maxAttempts: fc.integer({ min: 1, max: 4 }),
      expiresInMs: fc.oneof(fc.integer({ min: 1, max: 600_000 }), fc.constant(1_800_000)),
      minAge: fc.integer({ min: 16, max: 21 }),
      ageMismatchYears: fc.integer({ min: 0, max: 15 }),
    }),
    externalRef: fc.option(fc.string({ minLength: 1 }), { nil: null }),
    metadata: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    steps: fc.array(
      fc.record({
        dt: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 1000 }) }, fc.integer({ min: 1, max: 120_000 })),
        step: stepArb(checks),
      }),
      { maxLength: 30 },
    ),
  }),
);

const outcomeArb = fc.oneof(...CHECK_NAMES.map((c) => OUTCOMES[c]));

function toEvent(step: Step, now: Date): SessionEvent {
  switch (step.kind) {
    case 'record':
      return { type: 'check.recorded', now, outcome: step.outcome };
    case 'start':
      return { type: 'capture.started', now, check: step.check };
    case 'cancel':
      return { type: 'session.cancelled', now, reason: 'test' };
    case 'tick':
      return { type: 'clock.tick', now };
    case 'review':
      return { type: 'review.resolved', now, decision: step.decision, reviewer: 'rev', reason: 'checked' };
    case 'redact':
      return { type: 'session.redacted', now };
    case 'finish':
      return { type: 'session.finished', now };
  }
}

const states = (s: Session) => s.requestedChecks.map((n) => s.checks[n] as CheckState);
const RANK: Record<CheckResult, number> = { PASS: 0, REVIEW: 1, FAIL: 2 };
const oracleOverall = (rs: CheckResult[]) => (['APPROVED', 'REVIEW', 'REJECTED'] as const)[Math.max(...rs.map((r) => RANK[r]))];
/** Whole years between two UTC days, computed independently of the implementation (via Date arithmetic). */
function yearsOld(dob: string, at: Date): number {
  const birth = new Date(`${dob}T00:00:00Z`);
  let years = at.getUTCFullYear() - birth.getUTCFullYear();
  const anniversary = new Date(Date.UTC(at.getUTCFullYear(), birth.getUTCMonth(), 1));
  // Day of month clamped into the anniversary month (29 Feb -> 1 Mar in common years, like Date.UTC overflow).
  anniversary.setUTCDate(birth.getUTCDate());
  if (at.getTime() < anniversary.getTime()) years -= 1;
  return years;
}

/** Invariants every session satisfies. */
function checkInvariants(s: Session): void {
  const cs = states(s);
  expect(Object.keys(s.checks).sort()).toStrictEqual([...s.requestedChecks].sort());
  for (const c of cs) {
    expect(c.status === 'COMPLETED').toBe(c.final);
    expect(c.attempts).toBeLessThanOrEqual(s.config.maxAttempts);
    expect(c.result === null).toBe(c.attempts === 0);
    expect(c.reported === null).toBe(c.attempts === 0);
    if (!c.final) expect([null, 'FAIL']).toContain(c.result);
    if (c.final && c.result === 'FAIL' && c.attempts < s.config.maxAttempts) {
      // The only FAILs final before the last attempt: a document under age, or the person finished the flow.
      const finishedByUser = s.log.some((e) => e.type === 'check.finalised' && e.data.check === c.name);
      if (!finishedByUser) expect(c.reasons.map((r) => r.code)).toContain('DOCUMENT_UNDERAGE');
    }
    // Never better than what the check reported, except an age the document settles (AGE_FROM_DOCUMENT; the
    // cross-checks below recompute when that applies).
    if (c.reported && !c.reasons.some((r) => r.code === 'AGE_FROM_DOCUMENT')) expect(RANK[c.result!]).toBeGreaterThanOrEqual(RANK[c.reported.result]);
  }
  // Overall result follows the rules from the per-check results.
  const allFinal = cs.every((c) => c.final);
  if (s.status === 'COMPLETED') {
    expect(allFinal).toBe(true);
    const automatic = oracleOverall(cs.map((c) => c.result!));
    if (s.review) {
      expect(automatic).toBe('REVIEW');
      expect(s.overallResult).toBe(s.review.decision);
    } else {
      expect(s.overallResult).toBe(automatic);
    }
    expect(s.completedAt).not.toBeNull();
  } else {
    expect(s.overallResult).toBeNull();
    expect(s.review).toBeNull();
    expect(allFinal).toBe(false); // completion is immediate once every check is final
  }
  expect(s.endedAt !== null).toBe(isTerminalStatus(s.status));
  if (s.status === 'EXPIRED') expect(s.endedAt?.getTime()).toBe(s.expiresAt.getTime());
  // Cross-checks, recomputed independently (document data is gone after redaction).
  const doc = s.checks.doc_verify?.reported;
  if (doc && doc.result !== 'FAIL' && s.redactedAt === null) {
    if (doc.fields.expiryDate && new Date(`${doc.fields.expiryDate}T23:59:59.999Z`) < doc.at) {
      expect(s.checks.doc_verify?.result).toBe('FAIL');
    }
    const age = s.checks.age_estimation;
    if (doc.fields.dateOfBirth && age?.reported) {
      const docAge = yearsOld(doc.fields.dateOfBirth, doc.at);
      if (docAge < s.config.minAge) expect(age).toMatchObject({ result: 'FAIL', final: true, values: { meetsMinAge: false } });
      else if (age.reported.estimatedAge !== null) {
        // The document settles the age: an estimate inside the calibrated band PASSes (unless the estimate had
        // another reason than its own uncertainty), one outside it gives REVIEW.
        const { lower, upper } = documentAgeTolerance(docAge, s.config);
        const diff = age.reported.estimatedAge - docAge;
        const far = diff < lower || diff > upper;
        const judgementOnly = age.reported.reasons.every((r) => ESTIMATE_JUDGEMENT_CODES.includes(r.code));
        if (far) expect(age.result).toBe(age.reported.result === 'FAIL' ? 'FAIL' : 'REVIEW');
        else if (age.reported.result === 'PASS') expect(age.result).toBe('PASS');
        else if (judgementOnly) expect(age).toMatchObject({ result: 'PASS', values: { meetsMinAge: true } });
      }
    }
  }
  // Contract JSON has exactly the requested checks and the session's status and result.
  const json = toContractJson(s);
  expect(Object.keys(json.checks).sort()).toStrictEqual(s.requestedChecks.map((n) => CONTRACT_CHECK_KEYS[n]).sort());
  expect(json.overallResult).toBe(s.overallResult);
  if (isTerminalStatus(s.status)) expect(toWebhookPayload(s).overallResult).toBe(s.overallResult);
  // Lossless JSON round trip.
  const text = serializeSession(s);
  const back = deserializeSession(text);
  expect(back).toStrictEqual(s);
  expect(serializeSession(back)).toBe(text);
  expect(deserializeSession(JSON.parse(text))).toStrictEqual(s);
}

/** Invariants of one transition prev -> next at `now`. */
function checkTransition(prev: Session, next: Session, event: SessionEvent): void {
  const seen = refreshSession(prev, event.now);
  // Terminal states stay terminal, with their results.
  if (isTerminalStatus(seen.status)) {
    expect(next.status).toBe(seen.status);
    expect(next.endedAt).toStrictEqual(seen.endedAt);
    expect(next.completedAt).toStrictEqual(seen.completedAt);
    for (const n of next.requestedChecks) {
      expect(next.checks[n]?.result).toBe(seen.checks[n]?.result);
      expect(next.checks[n]?.values).toStrictEqual(seen.checks[n]?.values);
    }
    if (next.overallResult !== seen.overallResult) {
      expect(seen.overallResult).toBe('REVIEW');
      expect(event.type).toBe('review.resolved');
    }
  }
  // The log is append-only (redaction blanks free-text reasons but keeps every entry).
  expect(next.log.length).toBeGreaterThanOrEqual(prev.log.length);
  prev.log.forEach((e, i) => {
    const n = next.log[i];
    if (event.type === 'session.redacted') {
      expect({ at: n.at, actor: n.actor, type: n.type }).toStrictEqual({ at: e.at, actor: e.actor, type: e.type });
    } else {
      expect(n).toStrictEqual(e);
    }
  });
  for (let i = 1; i < next.log.length; i++) expect(next.log[i].at.getTime()).toBeGreaterThanOrEqual(next.log[i - 1].at.getTime());
}

describe('session state machine properties', () => {
  it('random event sequences keep every invariant (terminal stays terminal, overall result follows the rules, lossless JSON)', () => {
    const seen = new Map<string, number>(); // what the generated sequences reached, so the test cannot pass vacuously
    const note = (label: string) => seen.set(label, (seen.get(label) ?? 0) + 1);
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        let now = sc.createdAt;
        let s = createSession(
          { checks: sc.checks, config: sc.config, externalRef: sc.externalRef, metadata: sc.metadata },
          { now: new Date(now), id: 'prop' },
        );
        checkInvariants(s);
        // Always end with a review attempt, so every session completed in REVIEW also exercises the review.
        const steps = [...sc.steps, { dt: 1, step: { kind: 'review' as const, decision: 'APPROVED' as const } }];
        for (const { dt, step } of steps) {
          now += dt;
          const event = toEvent(step, new Date(now));
          const before = serializeSession(s);
          let next: Session;
          try {
            next = applyEvent(s, event);
          } catch (e) {
            // Only typed errors, and only the state-machine ones (every generated input is well-formed).
            expect(isProvefyError(e), String(e)).toBe(true);
            const code = (e as { code: string }).code;
            note(code);
            expect(['PROVEFY_ERR_INVALID_TRANSITION', 'PROVEFY_ERR_SESSION_FINISHED']).toContain(code);
            if (code === 'PROVEFY_ERR_SESSION_FINISHED') expect(isTerminalStatus(refreshSession(s, event.now).status)).toBe(true);
            expect(serializeSession(s)).toBe(before);
            continue;
          }
          expect(serializeSession(s)).toBe(before); // the input is never mutated
          checkTransition(s, next, event);
          checkInvariants(next);
          note(next.status);
          for (const entry of next.log.slice(s.log.length)) note(entry.type);
          for (const c of states(next)) for (const r of c.reasons) note(r.code);
          if (states(next).some((c) => c.attempts > 1)) note('retry');
          s = next;
        }
      }),
      { numRuns: 300 },
    );
    const reached = [...seen.keys()];
    for (const label of ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'EXPIRED', 'CANCELLED', 'retry', 'review.resolved',
      'session.redacted', 'DOCUMENT_EXPIRED', 'DOCUMENT_UNDERAGE', 'DOCUMENT_AGE_MISMATCH', 'PROVEFY_ERR_INVALID_TRANSITION', 'PROVEFY_ERR_SESSION_FINISHED']) {
      expect(reached, label).toContain(label);
    }
    if (process.env.PROVEFY_SESSION_STATS) console.log(Object.fromEntries([...seen].sort()));
  });

  it('commands on a terminal session are refused with PROVEFY_ERR_SESSION_FINISHED and change nothing', () => {
    fc.assert(
      fc.property(scenarioArb, outcomeArb, (sc, outcome) => {
        let now = sc.createdAt;
        let s = createSession({ checks: sc.checks, config: sc.config }, { now: new Date(now), id: 'p' });
        for (const { dt, step } of sc.steps) {
          now += dt;
          try {
            s = applyEvent(s, toEvent(step, new Date(now)));
          } catch {}
        }
        const seen = refreshSession(s, new Date(now));
        fc.pre(isTerminalStatus(seen.status));
        for (const event of [
          { type: 'check.recorded', now: new Date(now), outcome },
          { type: 'capture.started', now: new Date(now) },
          { type: 'session.cancelled', now: new Date(now) },
        ] as SessionEvent[]) {
          expect(() => applyEvent(s, event)).toThrowError(expect.objectContaining({ code: 'PROVEFY_ERR_SESSION_FINISHED' }));
        }
        expect(refreshSession(seen, new Date(now + 1e9))).toBe(seen);
      }),
      { numRuns: 200 },
    );
  });

  it('expiry is exact at the boundary: active at expiresAt - 1 ms, EXPIRED at expiresAt, stamped at expiresAt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 1, max: 366 * 24 * 3600 * 1000 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1e9 }),
        (createdAt, expiresInMs, started, late) => {
          let s = createSession({ checks: ['liveness', 'doc_verify'], config: { expiresInMs } }, { now: new Date(createdAt) });
          expect(s.expiresAt.getTime()).toBe(createdAt + expiresInMs);
          if (started && expiresInMs > 1) s = applyEvent(s, { type: 'capture.started', now: new Date(createdAt + 1) });
          const justBefore = refreshSession(s, new Date(s.expiresAt.getTime() - 1));
          expect(justBefore).toBe(s);
          expect(justBefore.status).toBe(started && expiresInMs > 1 ? 'IN_PROGRESS' : 'PENDING');
          const atBoundary = refreshSession(s, new Date(s.expiresAt.getTime()));
          expect(atBoundary.status).toBe('EXPIRED');
          expect(atBoundary.endedAt?.getTime()).toBe(s.expiresAt.getTime());
          expect(refreshSession(s, new Date(s.expiresAt.getTime() + late))).toStrictEqual(atBoundary);
          expect(deserializeSession(serializeSession(atBoundary))).toStrictEqual(atBoundary);
          // Commands follow the same boundary.
          const outcome: CheckOutcome = { check: 'liveness', result: 'PASS', livenessScore: 0.9 };
          expect(applyEvent(s, { type: 'check.recorded', now: new Date(s.expiresAt.getTime() - 1), outcome }).status).toBe('IN_PROGRESS');
          expect(() => applyEvent(s, { type: 'check.recorded', now: new Date(s.expiresAt.getTime()), outcome })).toThrowError(
            expect.objectContaining({ code: 'PROVEFY_ERR_SESSION_FINISHED' }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
