import type { CheckResult } from '../../check-result.js';
import type { OverallResult } from '../types.js';

/**
 * The contract's decision rule: any FAIL -> REJECTED; otherwise any REVIEW -> REVIEW; all PASS -> APPROVED.
 *
 * @example
 * ```ts
 * decideOverallResult(['PASS', 'PASS']); // 'APPROVED'
 * decideOverallResult(['PASS', 'REVIEW', 'FAIL']); // 'REJECTED'
 * decideOverallResult(['REVIEW', 'PASS']); // 'REVIEW'
 * ```
 */
export function decideOverallResult(results: readonly CheckResult[]): OverallResult {
  if (results.includes('FAIL')) return 'REJECTED';
  if (results.includes('REVIEW')) return 'REVIEW';
  return 'APPROVED';
}

/**
 * The worse of check results: FAIL over REVIEW over PASS.
 *
 * @example
 * ```ts
 * worstCheckResult('PASS', 'REVIEW'); // 'REVIEW'
 * ```
 */
export function worstCheckResult(...results: CheckResult[]): CheckResult {
  if (results.includes('FAIL')) return 'FAIL';
  if (results.includes('REVIEW')) return 'REVIEW';
  return 'PASS';
}
