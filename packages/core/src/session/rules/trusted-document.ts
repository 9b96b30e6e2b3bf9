import type { ReportedAttempt, Session } from '../types.js';

/**
 * The session's latest document read when it is trustworthy enough to cross-check other checks against: the
 * document reader itself reported PASS or REVIEW (a FAILed read, e.g. unreadable or not a document, gives no
 * usable dates). `null` when there is no such read.
 *
 * @example
 * ```ts
 * const doc = trustedDocumentRead(session);
 * if (doc?.fields.dateOfBirth) { ... }
 * ```
 */
export function trustedDocumentRead(session: Session): ReportedAttempt<'doc_verify'> | null {
  const reported = session.checks.doc_verify?.reported ?? null;
  return reported && reported.result !== 'FAIL' ? reported : null;
}
