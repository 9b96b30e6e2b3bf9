import { isTerminalStatus } from './check-names.js';
import { assertDate } from './internal/dates.js';
import { appendLog, logEntry } from './internal/log.js';
import type { Session } from './types.js';

/**
 * Applies the clock: an active (PENDING or IN_PROGRESS) session whose `expiresAt` is at or before `now` becomes
 * EXPIRED. Call it on every read. A session is usable for the half-open interval `[createdAt, expiresAt)`: a read
 * at exactly `expiresAt` sees it expired; one millisecond earlier does not.
 *
 * The expiry is stamped at `expiresAt` itself (log entry, `endedAt`, `updatedAt`), not at the read time, so the
 * result does not depend on when the read happened. Returns the same object when nothing changes.
 *
 * @example
 * ```ts
 * const s = refreshSession(await store.load(id), new Date());
 * if (s !== loaded) await store.save(s); // it just expired
 * ```
 */
export function refreshSession(session: Session, now: Date): Session {
  assertDate(now);
  if (isTerminalStatus(session.status) || now.getTime() < session.expiresAt.getTime()) return session;
  const at = session.expiresAt;
  return appendLog(
    { ...session, status: 'EXPIRED', endedAt: at },
    logEntry(at, 'system', 'session.expired', { previousStatus: session.status }),
  );
}

/**
 * Alias of {@link refreshSession}.
 *
 * @example
 * ```ts
 * const current = refresh(session, new Date());
 * ```
 */
export const refresh = refreshSession;
