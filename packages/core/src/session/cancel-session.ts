import { instant } from './internal/dates.js';
import { appendLog, logEntry } from './internal/log.js';
import { requireActive } from './internal/require-active.js';
import { optionalText, text } from './internal/validate.js';
import type { Session } from './types.js';

export interface CancelSessionOptions {
  readonly now: Date;
  /** Log actor (default `api`). */
  readonly actor?: string;
  /** Optional free-text reason, kept in the log (removed by `redactSession`). */
  readonly reason?: string;
}

/**
 * Cancels an active session (POST /verify/:id/cancel): PENDING or IN_PROGRESS -> CANCELLED.
 * Throws `PROVEFY_ERR_SESSION_FINISHED` when the session is COMPLETED, EXPIRED (including by the clock at `now`)
 * or already CANCELLED.
 *
 * @example
 * ```ts
 * session = cancelSession(session, { now: new Date(), reason: 'user closed account' });
 * session.status; // 'CANCELLED'
 * ```
 */
export function cancelSession(session: Session, options: CancelSessionOptions): Session {
  const now = instant(options?.now);
  const actor = options.actor === undefined ? 'api' : text(options.actor, 'actor');
  const reason = optionalText(options.reason, 'reason');
  const s = requireActive(session, now, 'cancel');
  return appendLog(
    { ...s, status: 'CANCELLED', endedAt: now },
    logEntry(now, actor, 'session.cancelled', { previousStatus: s.status, reason }),
  );
}
