import type { CheckState, Session } from '../types.js';
import type { ContractChecks, ContractReasons, VerifySessionJson } from './contract-types.js';

/**
 * `{ reasons: [...codes] }` for a check with reasons (each code once, in order), else `{}`: spread it after the
 * contract's fields so the contract's own shape and key order stay as they are.
 *
 * @example
 * ```ts
 * reasonCodes(session.checks.liveness); // { reasons: ['LIVENESS_LOW_SCORE'] } or {}
 * ```
 */
export function reasonCodes(check: Pick<CheckState, 'reasons'>): ContractReasons {
  if (check.reasons.length === 0) return {};
  return { reasons: [...new Set(check.reasons.map((r) => r.code))] };
}

/**
 * `checks` in GET /verify/:id form: only requested checks, in the contract's order (liveness, ageEstimation,
 * documentVerification, faceMatch), each `{status, result, ...fields}` with `null` for what is not known yet, and
 * `reasons` (reason codes) when the check has any.
 *
 * @example
 * ```ts
 * toContractChecks(session).faceMatch; // { status: 'COMPLETED', result: 'PASS', similarityScore: 0.82, isMatch: true }
 * ```
 */
export function toContractChecks(session: Session): ContractChecks {
  const { liveness, age_estimation: age, doc_verify: doc, face_match: face } = session.checks;
  const out: ContractChecks = {};
  if (liveness) out.liveness = { status: liveness.status, result: liveness.result, livenessScore: liveness.values.livenessScore, ...reasonCodes(liveness) };
  if (age) {
    out.ageEstimation = {
      status: age.status,
      result: age.result,
      estimatedAge: age.values.estimatedAge,
      meetsMinAge: age.values.meetsMinAge,
      ...reasonCodes(age),
    };
  }
  if (doc) out.documentVerification = { status: doc.status, result: doc.result, documentType: doc.values.documentType, ...reasonCodes(doc) };
  if (face) {
    out.faceMatch = {
      status: face.status,
      result: face.result,
      similarityScore: face.values.similarityScore,
      isMatch: face.values.isMatch,
      ...reasonCodes(face),
    };
  }
  return out;
}

/**
 * The GET /verify/:sessionId response. Call `refreshSession(session, now)` first so an overdue session reads as
 * EXPIRED. `overallResult` is `null` until the session is COMPLETED; `externalRef` is `null` when none was given;
 * `metadata` is `{}` when none was given.
 *
 * @example
 * ```ts
 * const body = toContractJson(refreshSession(session, new Date()));
 * // { id, externalRef: 'user_12345', status: 'COMPLETED', overallResult: 'APPROVED', checks: { liveness: {...}, ... }, metadata: { plan: 'premium' } }
 * ```
 */
export function toContractJson(session: Session): VerifySessionJson {
  return {
    id: session.id,
    externalRef: session.externalRef,
    status: session.status,
    overallResult: session.overallResult,
    checks: toContractChecks(session),
    metadata: structuredClone(session.metadata) as Record<string, unknown>,
  };
}
