import { reason } from '../../check-result.js';
import { fullYearsAt } from '../internal/dates.js';
import type { CheckRule } from './rule-types.js';
import { trustedDocumentRead } from './trusted-document.js';

/**
 * An estimated age further than `config.ageMismatchYears` (strictly more) from the document's age gives REVIEW on
 * the age check: the selfie and the document may not be the same person, or the estimate is off.
 *
 * @example
 * ```ts
 * ageMismatchRule(session); // { result: 'REVIEW', reason: { code: 'AGE_MISMATCH', details: { estimatedAge, documentAge, toleranceYears } } } or null
 * ```
 */
export const ageMismatchRule: CheckRule<'age_estimation'> = (session) => {
  const doc = trustedDocumentRead(session);
  const dateOfBirth = doc?.fields.dateOfBirth;
  const estimatedAge = session.checks.age_estimation?.reported?.estimatedAge;
  if (!doc || !dateOfBirth || estimatedAge === undefined || estimatedAge === null) return null;
  const documentAge = fullYearsAt(dateOfBirth, doc.at);
  const toleranceYears = session.config.ageMismatchYears;
  if (Math.abs(estimatedAge - documentAge) <= toleranceYears) return null;
  return {
    result: 'REVIEW',
    reason: reason('AGE_MISMATCH', `The estimated age is more than ${toleranceYears} years from the document's age`, {
      estimatedAge,
      documentAge,
      toleranceYears,
    }),
  };
};
