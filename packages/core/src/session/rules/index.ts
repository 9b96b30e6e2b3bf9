import type { CheckName } from '../types.js';
import { ageMismatchRule } from './age-mismatch.js';
import { documentExpiredRule } from './document-expired.js';
import { documentSettlesAgeRule } from './document-settles-age.js';
import { documentUnderageRule } from './document-underage.js';
import type { CheckRule } from './rule-types.js';

export { decideOverallResult, worstCheckResult } from './decide-overall-result.js';
export { assertFaceMatchPortrait } from './face-match-portrait.js';
export { trustedDocumentRead } from './trusted-document.js';
export { ageMismatchRule, documentExpiredRule, documentSettlesAgeRule, documentUnderageRule };
export { documentAgeTolerance, estimateVersusDocument } from './age-mismatch.js';
export { ESTIMATE_JUDGEMENT_CODES } from './document-settles-age.js';
export type { CheckRule, RuleFinding } from './rule-types.js';
export { RULE_REASON_CODES, type RuleReasonCode, type RuleReasonInfo } from './reason-codes.js';

/** The cross-check rules applied to each check's latest attempt, in order. */
export const CHECK_RULES: { readonly [N in CheckName]: readonly CheckRule<N>[] } = {
  liveness: [],
  age_estimation: [documentUnderageRule, ageMismatchRule, documentSettlesAgeRule],
  doc_verify: [documentExpiredRule],
  face_match: [],
};
