import type { CheckReason, CheckResult } from '../check-result.js';
import { CHECK_RULES, worstCheckResult } from './rules/index.js';
import type { RuleFinding } from './rules/rule-types.js';
import type { CheckName, CheckState, CheckStatus, CheckValuesMap, ReportedAttempt, Session, SessionChecks } from './types.js';

/**
 * The contract values of a check before any attempt (all `null`).
 *
 * @example
 * ```ts
 * emptyCheckValues('face_match'); // { similarityScore: null, isMatch: null }
 * ```
 */
export function emptyCheckValues<N extends CheckName>(name: N): CheckValuesMap[N] {
  const values: { [K in CheckName]: CheckValuesMap[K] } = {
    liveness: { livenessScore: null },
    age_estimation: { estimatedAge: null, meetsMinAge: null },
    doc_verify: { documentType: null, ocrConfidence: null },
    face_match: { similarityScore: null, isMatch: null },
  };
  return values[name];
}

function reportedValues<N extends CheckName>(name: N, r: ReportedAttempt<N>): CheckValuesMap[N] {
  const a = r as ReportedAttempt;
  const values: { [K in CheckName]: () => CheckValuesMap[K] } = {
    liveness: () => ({ livenessScore: (a as ReportedAttempt<'liveness'>).livenessScore }),
    age_estimation: () => {
      const x = a as ReportedAttempt<'age_estimation'>;
      return { estimatedAge: x.estimatedAge, meetsMinAge: x.meetsMinAge };
    },
    doc_verify: () => {
      const x = a as ReportedAttempt<'doc_verify'>;
      return { documentType: x.documentType, ocrConfidence: x.ocrConfidence };
    },
    face_match: () => {
      const x = a as ReportedAttempt<'face_match'>;
      return { similarityScore: x.similarityScore, isMatch: x.isMatch };
    },
  };
  return values[name]();
}

/**
 * Recomputes one check from its latest reported attempt and the cross-check rules: effective result (the worst of
 * the reported result and the rules' findings), reasons, contract values, finality and status.
 * A check is final on PASS or REVIEW, on a FAIL once `attempts >= maxAttempts`, or on a FAIL a rule marks final.
 *
 * @example
 * ```ts
 * const age = evaluateCheck(session, 'age_estimation', now); // FAIL if the document says under age
 * ```
 */
export function evaluateCheck<N extends CheckName>(session: Session, name: N, now: Date): CheckState<N> {
  const check = session.checks[name] as CheckState<N>;
  const reported = check.reported;
  if (!reported) return check;
  const findings = (CHECK_RULES[name] as readonly ((s: Session) => RuleFinding<N> | null)[])
    .map((rule) => rule(session))
    .filter((f): f is RuleFinding<N> => f !== null);
  // A settling finding (a trusted document's date of birth) replaces the reported result; the others only worsen it.
  const settle = findings.find((f) => f.settles === true);
  const others = findings.filter((f) => f.settles !== true);
  const result: CheckResult = worstCheckResult(settle ? settle.result : reported.result, ...others.map((f) => f.result));
  const kept = settle ? reported.reasons.filter((r) => !settle.supersedes?.includes(r.code)) : reported.reasons;
  const codes = new Set(kept.map((r) => r.code));
  const reasons: CheckReason[] = [...kept, ...findings.map((f) => f.reason).filter((r) => !codes.has(r.code))];
  let values = reportedValues(name, reported);
  for (const f of findings) values = { ...values, ...f.values };
  const final =
    result !== 'FAIL' ||
    check.attempts >= session.config.maxAttempts ||
    findings.some((f) => f.result === 'FAIL' && f.final === true);
  const status: CheckStatus = final ? 'COMPLETED' : 'IN_PROGRESS';
  return {
    ...check,
    status,
    result,
    final,
    reasons,
    values,
    completedAt: final ? (check.completedAt ?? now) : null,
  };
}

/**
 * Re-evaluates every requested check (a new document read can change the age check, for example).
 *
 * @example
 * ```ts
 * const checks = evaluateChecks(sessionWithNewAttempt, now);
 * ```
 */
export function evaluateChecks(session: Session, now: Date): SessionChecks {
  const out: Record<string, CheckState> = {};
  for (const name of session.requestedChecks) out[name] = evaluateCheck(session, name, now);
  return out as SessionChecks;
}

/**
 * The requested checks' states in request order.
 *
 * @example
 * ```ts
 * requestedCheckStates(session).every((c) => c.final);
 * ```
 */
export function requestedCheckStates(session: Session): CheckState[] {
  return session.requestedChecks.map((name) => session.checks[name] as CheckState);
}
