import type { CheckName } from '../types.js';

/** One reason code the session's cross-check rules add to a check. */
export interface RuleReasonInfo {
  readonly check: CheckName;
  /** The result the reason comes with. */
  readonly result: 'PASS' | 'REVIEW' | 'FAIL';
  readonly meaning: string;
}

/**
 * The catalogue of reason codes the cross-check rules (`session/rules`) add; docs/errors.md lists each of them.
 *
 * @example
 * ```ts
 * RULE_REASON_CODES.DOCUMENT_AGE_MISMATCH.result; // 'REVIEW'
 * ```
 */
export const RULE_REASON_CODES = {
  DOCUMENT_EXPIRED: { check: 'doc_verify', result: 'FAIL', meaning: 'The document expired before the capture day' },
  DOCUMENT_UNDERAGE: { check: 'age_estimation', result: 'FAIL', meaning: "The document's date of birth is under the minimum age; final, whatever the face estimate" },
  DOCUMENT_AGE_MISMATCH: {
    check: 'age_estimation',
    result: 'REVIEW',
    meaning: "The face estimate is outside the estimator's calibrated error band around the document's age: a borrowed or altered document",
  },
  AGE_FROM_DOCUMENT: {
    check: 'age_estimation',
    result: 'PASS',
    meaning: "A trusted adult document date of birth, consistent with the face estimate, settled an age check the estimate alone held",
  },
} as const satisfies Record<string, RuleReasonInfo>;

/** A reason code of {@link RULE_REASON_CODES}. */
export type RuleReasonCode = keyof typeof RULE_REASON_CODES;
