import { ProvefyError } from '../errors/index.js';
import { instant } from './internal/dates.js';
import { appendLog, logEntry } from './internal/log.js';
import { requireActive } from './internal/require-active.js';
import { checkName, text } from './internal/validate.js';
import type { CheckName, CheckState, Session } from './types.js';

export interface StartCaptureOptions {
  readonly now: Date;
  /** The check being captured; omit for "the user opened the flow". */
  readonly check?: CheckName;
  /** Log actor (default `user`). */
  readonly actor?: string;
}

/**
 * Records that the user started a capture: PENDING -> IN_PROGRESS for the session (first capture) and for the
 * check. Legal on an active session for a requested check that is not final; each call is logged.
 * Throws `PROVEFY_ERR_SESSION_FINISHED` on a finished (or just expired) session and
 * `PROVEFY_ERR_INVALID_TRANSITION` for a check that is not requested or already final.
 *
 * @example
 * ```ts
 * session = startCapture(session, { now: new Date(), check: 'liveness' });
 * session.status; // 'IN_PROGRESS'
 * ```
 */
export function startCapture(session: Session, options: StartCaptureOptions): Session {
  const now = instant(options?.now);
  const check = options.check === undefined ? undefined : checkName(options.check, 'check');
  const actor = options.actor === undefined ? 'user' : text(options.actor, 'actor');
  let s = requireActive(session, now, 'start a capture');
  if (check !== undefined) {
    const state = s.checks[check] as CheckState | undefined;
    if (!state) {
      throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `Check ${check} is not requested in this session`, { sessionId: s.id, check });
    }
    if (state.final) {
      throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `Check ${check} already has a final result`, { sessionId: s.id, check });
    }
    const started: CheckState = { ...state, status: 'IN_PROGRESS', startedAt: state.startedAt ?? now };
    s = { ...s, checks: { ...s.checks, [check]: started } };
  }
  s = { ...s, status: 'IN_PROGRESS', startedAt: s.startedAt ?? now };
  return appendLog(s, logEntry(now, actor, 'capture.started', { check: check ?? null }));
}
