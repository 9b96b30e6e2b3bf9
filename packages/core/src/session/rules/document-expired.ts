import { reason } from '../../check-result.js';
import { utcDate } from '../internal/dates.js';
import type { CheckRule } from './rule-types.js';
import { trustedDocumentRead } from './trusted-document.js';

/**
 * A document past its expiry date FAILs the document check. A document is valid through its expiry date (UTC) and
 * expired from the next day, judged on the day the document was captured. The FAIL can be retried (another
 * document) while attempts remain.
 *
 * @example
 * ```ts
 * documentExpiredRule(session); // { result: 'FAIL', reason: { code: 'DOCUMENT_EXPIRED', ... } } or null
 * ```
 */
export const documentExpiredRule: CheckRule<'doc_verify'> = (session) => {
  const doc = trustedDocumentRead(session);
  const expiryDate = doc?.fields.expiryDate;
  if (!doc || !expiryDate) return null;
  const capturedOn = utcDate(doc.at);
  if (expiryDate >= capturedOn) return null; // ISO dates compare as strings
  const daysExpired = Math.round((Date.parse(capturedOn) - Date.parse(expiryDate)) / 86_400_000);
  return {
    result: 'FAIL',
    reason: reason('DOCUMENT_EXPIRED', 'The document has expired', { daysExpired }),
  };
};
