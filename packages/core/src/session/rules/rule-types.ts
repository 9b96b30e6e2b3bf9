import type { CheckReason } from '../../check-result.js';
import type { CheckName, CheckValuesMap, Session } from '../types.js';

/**
 * What a cross-check rule says about one check: a worse result, why, and possibly corrected contract values. A
 * `settles` finding replaces the check's own result instead (a trusted document settling the age); the other
 * findings still make it worse.
 */
export interface RuleFinding<N extends CheckName = CheckName> {
  readonly result: 'FAIL' | 'REVIEW' | 'PASS';
  /** True when the finding replaces the reported result rather than only making it worse. */
  readonly settles?: boolean;
  /** Reported reason codes a settling finding replaces (dropped from the effective reasons). */
  readonly supersedes?: readonly string[];
  readonly reason: CheckReason;
  /** True for a FAIL no new attempt of this check can change (e.g. the document says under age). */
  readonly final?: boolean;
  readonly values?: Partial<CheckValuesMap[N]>;
}

/** A cross-check rule for check `N`: reads the session (latest reported attempts) and returns a finding or null. */
export type CheckRule<N extends CheckName = CheckName> = (session: Session) => RuleFinding<N> | null;
