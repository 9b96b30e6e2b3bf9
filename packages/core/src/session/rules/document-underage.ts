import { reason } from '../../check-result.js';
import { fullYearsAt } from '../internal/dates.js';
import type { CheckRule } from './rule-types.js';
import { trustedDocumentRead } from './trusted-document.js';

/**
 * A document date of birth under the minimum age FAILs the age check whatever the estimate (age in whole years on
 * the day the document was captured). The FAIL is final: a new selfie cannot change the document. It applies once
 * the age check has an attempt; `meetsMinAge` becomes false.
 *
 * @example
 * ```ts
 * documentUnderageRule(session); // { result: 'FAIL', final: true, reason: { code: 'DOCUMENT_UNDERAGE', ... } } or null
 * ```
 */
export const documentUnderageRule: CheckRule<'age_estimation'> = (session) => {
  const doc = trustedDocumentRead(session);
  const dateOfBirth = doc?.fields.dateOfBirth;
  if (!doc || !dateOfBirth || !session.checks.age_estimation?.reported) return null;
  const documentAge = fullYearsAt(dateOfBirth, doc.at);
  const { minAge } = session.config;
  if (documentAge >= minAge) return null;
  return {
    result: 'FAIL',
    final: true,
    reason: reason('DOCUMENT_UNDERAGE', `The document's date of birth is under the minimum age of ${minAge}`, { documentAge, minAge }),
    values: { meetsMinAge: false },
  };
};
