/** The outcome of one check, as in the contract. */
export type CheckResult = 'PASS' | 'FAIL' | 'REVIEW';

/**
 * Why a check came out as it did. `code` is stable and machine-readable (SCREAMING_SNAKE_CASE, e.g. `NO_FACE`,
 * `SPOOF_SCORE`, `CHALLENGE_NOT_PERFORMED`, `DOCUMENT_EXPIRED`); `message` is for people; `details` holds numbers.
 */
export interface CheckReason {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Builds a {@link CheckReason}. */
export function reason(code: string, message: string, details?: Record<string, unknown>): CheckReason {
  return details ? { code, message, details } : { code, message };
}
