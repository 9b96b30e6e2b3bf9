import { reason } from '../../check-result.js';
import { estimateVersusDocument } from './age-mismatch.js';
import type { CheckRule } from './rule-types.js';

/**
 * Reason codes of an age estimate that only say how sure the face estimate is. A trusted document date of birth
 * replaces that judgement; any other reason (for example `MULTIPLE_FACES`) keeps the estimate's own result.
 */
export const ESTIMATE_JUDGEMENT_CODES: readonly string[] = ['BORDERLINE_AGE', 'UNDER_MIN_AGE', 'WEAK_EVIDENCE', 'LOW_QUALITY'];

/**
 * When a trusted document gives a date of birth at or over the minimum age and the face estimate is consistent
 * with it (inside the estimator's calibrated error band), the document settles the age: an age check the estimate
 * alone held at REVIEW or FAIL PASSes with
 * `meetsMinAge: true` and reason `AGE_FROM_DOCUMENT`, whatever the estimate alone decided. Under-age documents
 * FAIL (`document-underage.ts`); inconsistent estimates give REVIEW (`age-mismatch.ts`).
 *
 * @example
 * ```ts
 * documentSettlesAgeRule(session); // { result: 'PASS', settles: true, reason: { code: 'AGE_FROM_DOCUMENT', ... } } or null
 * ```
 */
export const documentSettlesAgeRule: CheckRule<'age_estimation'> = (session) => {
  const reported = session.checks.age_estimation?.reported;
  const v = estimateVersusDocument(session);
  if (!reported || reported.result === 'PASS' || !v || v.far || v.documentAge < session.config.minAge) return null;
  if (!reported.reasons.every((r) => ESTIMATE_JUDGEMENT_CODES.includes(r.code))) return null;
  return {
    result: 'PASS',
    settles: true,
    supersedes: ESTIMATE_JUDGEMENT_CODES,
    reason: reason('AGE_FROM_DOCUMENT', `The document's date of birth gives age ${v.documentAge}, consistent with the face estimate ${v.estimatedAge}`, {
      documentAge: v.documentAge,
      estimatedAge: v.estimatedAge,
      minAge: session.config.minAge,
    }),
    values: { meetsMinAge: true },
  };
};
