import type { CheckName, SessionStatus } from './types.js';

/** Every check name, in the order the contract lists checks in its JSON. */
export const CHECK_NAMES: readonly CheckName[] = ['liveness', 'age_estimation', 'doc_verify', 'face_match'];

/** The key each check has under `checks` in the contract's JSON (GET /verify/:id and webhooks). */
export const CONTRACT_CHECK_KEYS = {
  liveness: 'liveness',
  age_estimation: 'ageEstimation',
  doc_verify: 'documentVerification',
  face_match: 'faceMatch',
} as const satisfies Record<CheckName, string>;

/** Statuses a session never leaves. */
export const TERMINAL_STATUSES: readonly SessionStatus[] = ['COMPLETED', 'EXPIRED', 'CANCELLED'];

/**
 * True when `value` is one of the four check names.
 *
 * @example
 * ```ts
 * isCheckName('doc_verify'); // true
 * isCheckName('documentVerification'); // false (that is the JSON key, not the check name)
 * ```
 */
export function isCheckName(value: unknown): value is CheckName {
  return typeof value === 'string' && (CHECK_NAMES as readonly string[]).includes(value);
}

/**
 * True for `COMPLETED`, `EXPIRED` and `CANCELLED`.
 *
 * @example
 * ```ts
 * isTerminalStatus(refreshSession(session, new Date()).status);
 * ```
 */
export function isTerminalStatus(status: SessionStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
