import type { CheckResult } from '../check-result.js';

/**
 * The contract's age rule: estimated >= minAge + passMargin -> PASS; <= minAge - failMargin -> FAIL;
 * otherwise REVIEW. The PASS side is tested on a conservative estimate (the estimate minus its uncertainty),
 * so an uncertain estimate never passes.
 */
export interface AgePolicy {
  /** Years above the minimum age needed to PASS (contract: 3). */
  readonly passMargin: number;
  /** Years below the minimum age at which the check FAILs (contract: 2). */
  readonly failMargin: number;
  /** How many uncertainty units the estimate must clear to PASS (default 1). */
  readonly z: number;
}

export const DEFAULT_AGE_POLICY: AgePolicy = { passMargin: 3, failMargin: 2, z: 1 };

/**
 * Applies the policy.
 *
 * @example
 * ```ts
 * decideAge(24.5, 2.1, 18); // 'PASS' (24.5 - 2.1 >= 21)
 * decideAge(22.0, 3.5, 18); // 'REVIEW'
 * decideAge(14.0, 2.0, 18); // 'FAIL'
 * ```
 */
export function decideAge(estimate: number, uncertainty: number, minAge: number, policy: AgePolicy = DEFAULT_AGE_POLICY): CheckResult {
  if (estimate - policy.z * uncertainty >= minAge + policy.passMargin) return 'PASS';
  if (estimate <= minAge - policy.failMargin) return 'FAIL';
  return 'REVIEW';
}
