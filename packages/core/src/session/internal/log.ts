import type { Session, SessionLogEntry } from '../types.js';

/** Returns `session` with `entries` appended to the log and `updatedAt` set to the last entry's time. */
export function appendLog(session: Session, ...entries: SessionLogEntry[]): Session {
  if (entries.length === 0) return session;
  return { ...session, log: [...session.log, ...entries], updatedAt: entries[entries.length - 1].at };
}

/** A log entry (`data` defaults to `{}`). */
export function logEntry(at: Date, actor: string, type: string, data: Record<string, unknown> = {}): SessionLogEntry {
  return { at, actor, type, data };
}
