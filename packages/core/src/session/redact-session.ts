import { ProvefyError } from '../errors/index.js';
import { isTerminalStatus } from './check-names.js';
import { instant } from './internal/dates.js';
import { appendLog, logEntry } from './internal/log.js';
import { text } from './internal/validate.js';
import { refreshSession } from './refresh-session.js';
import type { CheckState, ReportedAttempt, Session, SessionChecks, SessionLogEntry } from './types.js';

export interface RedactSessionOptions {
  readonly now: Date;
  /** Log actor (default `system`). */
  readonly actor?: string;
}

/** What redaction removes, listed in the `session.redacted` log entry. */
export const REDACTED_FIELDS = [
  'externalRef',
  'metadata',
  'redirectUrl',
  'checks.doc_verify.reported.fields',
  'checks.doc_verify.reported.country',
  'review.reason',
  'log[].data.reason',
] as const;

const NO_FIELDS = {
  firstName: null,
  lastName: null,
  dateOfBirth: null,
  documentNumber: null,
  expiryDate: null,
  sex: null,
  nationality: null,
} as const;

/**
 * Removes personal data from a finished session and keeps its skeleton (id, status, results, scores, timestamps,
 * log). Removed: `externalRef`, `metadata` (becomes `{}`), `redirectUrl`, the document's extracted fields and
 * country, and free-text reasons (review and cancel reasons, in `review` and in the log). Log entries keep their
 * time, actor and type. Only terminal sessions can be redacted (cancel an active one first):
 * `PROVEFY_ERR_INVALID_TRANSITION` otherwise. Redacting twice returns the session unchanged.
 *
 * @example
 * ```ts
 * const erased = redactSession(session, { now: new Date() });
 * erased.checks.doc_verify?.reported?.fields.dateOfBirth; // null
 * ```
 */
export function redactSession(session: Session, options: RedactSessionOptions): Session {
  const now = instant(options?.now);
  const actor = options.actor === undefined ? 'system' : text(options.actor, 'actor');
  const s = refreshSession(session, now);
  if (!isTerminalStatus(s.status)) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `Only a finished session can be redacted; it is ${s.status} (cancel it first)`, {
      sessionId: s.id,
      status: s.status,
    });
  }
  if (s.redactedAt !== null) return s;
  let checks: SessionChecks = s.checks;
  const doc = s.checks.doc_verify;
  if (doc?.reported) {
    const reported: ReportedAttempt<'doc_verify'> = { ...doc.reported, fields: { ...NO_FIELDS }, country: null };
    checks = { ...checks, doc_verify: { ...doc, reported } as CheckState<'doc_verify'> };
  }
  const log: SessionLogEntry[] = s.log.map((e) => ('reason' in e.data && e.data.reason !== null ? { ...e, data: { ...e.data, reason: null } } : e));
  return appendLog(
    {
      ...s,
      externalRef: null,
      metadata: {},
      redirectUrl: null,
      checks,
      review: s.review ? { ...s.review, reason: null } : null,
      log,
      redactedAt: now,
    },
    logEntry(now, actor, 'session.redacted', { fields: [...REDACTED_FIELDS] }),
  );
}
