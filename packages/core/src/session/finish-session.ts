import { ProvefyError } from '../errors/index.js';
import { requestedCheckStates } from './evaluate-checks.js';
import { instant } from './internal/dates.js';
import { appendLog, logEntry } from './internal/log.js';
import { requireActive } from './internal/require-active.js';
import { text } from './internal/validate.js';
import { decideOverallResult } from './rules/index.js';
import type { CheckState, Session, SessionLogEntry } from './types.js';

export interface FinishSessionOptions {
  readonly now: Date;
  /** Log actor (default `user`: the person finished the flow). */
  readonly actor?: string;
}

/**
 * The person has finished the verification flow and will not retry: a FAIL that still had attempts left becomes
 * final, and the session COMPLETES with its overall result. A check that was never attempted cannot be finished:
 * that throws `PROVEFY_ERR_INVALID_TRANSITION` naming the pending checks (the session ends by expiry or cancel).
 *
 * @example
 * ```ts
 * // liveness failed once (2 attempts left) and the user gives up:
 * session = finishSession(session, { now: new Date() });
 * session.status;        // 'COMPLETED'
 * session.overallResult; // 'REJECTED'
 * ```
 */
export function finishSession(session: Session, options: FinishSessionOptions): Session {
  const now = instant(options?.now);
  const actor = options.actor === undefined ? 'user' : text(options.actor, 'actor');
  let s = requireActive(session, now, 'finish the session');
  const states = requestedCheckStates(s);
  const pending = states.filter((c) => c.result === null).map((c) => c.name);
  if (pending.length > 0) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `Cannot finish: checks not performed yet: ${pending.join(', ')}`, { sessionId: s.id, pending });
  }
  const entries: SessionLogEntry[] = [];
  const checks = { ...s.checks } as Record<string, CheckState>;
  for (const c of states) {
    if (!c.final) {
      checks[c.name] = { ...c, final: true, status: 'COMPLETED', completedAt: now };
      entries.push(logEntry(now, actor, 'check.finalised', { check: c.name, result: c.result, attempts: c.attempts }));
    }
  }
  s = { ...s, checks: checks as Session['checks'] };
  const overallResult = decideOverallResult(requestedCheckStates(s).map((c) => c.result!));
  s = { ...s, status: 'COMPLETED', overallResult, completedAt: now, endedAt: now };
  entries.push(logEntry(now, 'system', 'session.completed', { overallResult, finishedBy: actor }));
  return appendLog(s, ...entries);
}
