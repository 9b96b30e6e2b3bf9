import { ageErrorBandAt } from '../../age/document-age-band.js';
import { reason } from '../../check-result.js';
import { fullYearsAt } from '../internal/dates.js';
import type { Session, SessionConfig } from '../types.js';
import type { CheckRule } from './rule-types.js';
import { trustedDocumentRead } from './trusted-document.js';

/**
 * The estimates consistent with a document age: the default estimator's calibrated error band at that age
 * (low and high quantiles of estimate − true age on a hold-out set), each side capped at `ageMismatchYears`.
 *
 * @example
 * ```ts
 * documentAgeTolerance(35, { ageMismatchYears: 10 }); // e.g. { lower: -9.1, upper: 7.4 }
 * ```
 */
export function documentAgeTolerance(documentAge: number, config: Pick<SessionConfig, 'ageMismatchYears'>): { lower: number; upper: number } {
  const band = ageErrorBandAt(documentAge);
  // `+ 0` turns -0 into 0 so that a session's JSON round trip stays exact.
  return { lower: Math.max(band.lower, -config.ageMismatchYears) + 0, upper: Math.min(band.upper, config.ageMismatchYears) + 0 };
}

/**
 * The document's age and whether the latest face estimate lies outside {@link documentAgeTolerance}; null when
 * there is no trusted date of birth or no estimate.
 *
 * @example
 * ```ts
 * estimateVersusDocument(session); // { documentAge: 35, estimatedAge: 55, far: true, lower: -9.1, upper: 7.4 }
 * ```
 */
export function estimateVersusDocument(session: Session): { documentAge: number; estimatedAge: number; far: boolean; lower: number; upper: number } | null {
  const doc = trustedDocumentRead(session);
  const dateOfBirth = doc?.fields.dateOfBirth;
  const estimatedAge = session.checks.age_estimation?.reported?.estimatedAge;
  if (!doc || !dateOfBirth || estimatedAge === undefined || estimatedAge === null) return null;
  const documentAge = fullYearsAt(dateOfBirth, doc.at);
  const { lower, upper } = documentAgeTolerance(documentAge, session.config);
  const diff = estimatedAge - documentAge;
  return { documentAge, estimatedAge, far: diff < lower || diff > upper, lower, upper };
}

/**
 * A face estimate outside the estimator's calibrated error band around the document's age gives REVIEW on the age
 * check with reason `DOCUMENT_AGE_MISMATCH`: the document may be borrowed or its date of birth altered (or the
 * estimate is badly off). A reviewer compares the selfie with the document.
 *
 * @example
 * ```ts
 * ageMismatchRule(session); // { result: 'REVIEW', reason: { code: 'DOCUMENT_AGE_MISMATCH', details: { estimatedAge, documentAge, lower, upper } } } or null
 * ```
 */
export const ageMismatchRule: CheckRule<'age_estimation'> = (session) => {
  const v = estimateVersusDocument(session);
  if (!v?.far) return null;
  const { estimatedAge, documentAge, lower, upper } = v;
  return {
    result: 'REVIEW',
    reason: reason(
      'DOCUMENT_AGE_MISMATCH',
      `The estimated age ${estimatedAge} is outside the expected range for the document's age ${documentAge} (${documentAge + lower} to ${documentAge + upper}): the document may be borrowed or altered`,
      { estimatedAge, documentAge, lower, upper, toleranceYears: session.config.ageMismatchYears },
    ),
  };
};
