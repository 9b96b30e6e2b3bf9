import { ProvefyError } from '../../errors/index.js';
import { isTerminalStatus } from '../check-names.js';
import { refreshSession } from '../refresh-session.js';
import type { Session } from '../types.js';

/**
 * Refreshes `session` at `now` and returns it if still active (PENDING or IN_PROGRESS); otherwise throws
 * `PROVEFY_ERR_SESSION_FINISHED` (details: `status`, so a caller can persist the expiry via `refreshSession`).
 */
export function requireActive(session: Session, now: Date, action: string): Session {
  const current = refreshSession(session, now);
  if (isTerminalStatus(current.status)) {
    throw new ProvefyError('PROVEFY_ERR_SESSION_FINISHED', `Cannot ${action}: the session is ${current.status}`, {
      sessionId: current.id,
      status: current.status,
      action,
    });
  }
  return current;
}
