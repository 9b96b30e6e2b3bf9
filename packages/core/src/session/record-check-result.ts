import { ProvefyError } from '../errors/index.js';
import { evaluateChecks, requestedCheckStates } from './evaluate-checks.js';
import { instant } from './internal/dates.js';
import { appendLog, logEntry } from './internal/log.js';
import { requireActive } from './internal/require-active.js';
import { type NormalisedOutcome, normaliseOutcome, text } from './internal/validate.js';
import { assertFaceMatchPortrait, decideOverallResult } from './rules/index.js';
import type { CheckOutcome, CheckState, ReportedAttempt, Session, SessionLogEntry } from './types.js';

export interface RecordCheckResultOptions {
  readonly now: Date;
  /** Log actor (default `system`: the server analysed the capture). */
  readonly actor?: string;
}

/**
 * Records the result of one attempt of a check and re-evaluates the session:
 * - the first capture moves a PENDING session to IN_PROGRESS;
 * - cross-check rules run over the latest attempts (expired document, document under age, age mismatch);
 * - a FAIL with attempts left keeps the check retryable (IN_PROGRESS); after `maxAttempts` it is final;
 *   PASS and REVIEW are final;
 * - when every requested check is final the session becomes COMPLETED with the overall result.
 *
 * Throws `PROVEFY_ERR_INVALID_INPUT` for a malformed outcome, `PROVEFY_ERR_SESSION_FINISHED` on a finished (or
 * just expired) session, `PROVEFY_ERR_INVALID_TRANSITION` for a check not requested or already final, or a face
 * match without a document portrait.
 *
 * @example
 * ```ts
 * session = recordCheckResult(session, { check: 'liveness', ...(await verifyLiveness(frames)) }, { now: new Date() });
 * session.checks.liveness?.status; // 'COMPLETED' on PASS, 'IN_PROGRESS' on a retryable FAIL
 * ```
 */
export function recordCheckResult(session: Session, outcome: CheckOutcome, options: RecordCheckResultOptions): Session {
  const now = instant(options?.now);
  const actor = options.actor === undefined ? 'system' : text(options.actor, 'actor');
  const normalised: NormalisedOutcome = normaliseOutcome(outcome);
  const { check } = normalised;
  let s = requireActive(session, now, 'record a check result');
  const state = s.checks[check] as CheckState | undefined;
  if (!state) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `Check ${check} is not requested in this session`, { sessionId: s.id, check });
  }
  if (state.final) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `Check ${check} already has a final result`, { sessionId: s.id, check });
  }
  if (normalised.check === 'face_match') assertFaceMatchPortrait(s, normalised.values.portraitSource);

  const entries: SessionLogEntry[] = [];
  if (s.status === 'PENDING') entries.push(logEntry(now, actor, 'capture.started', { check, implicit: true }));

  const attempt = state.attempts + 1;
  const reported = { at: now, attempt, result: normalised.result, reasons: normalised.reasons, ...normalised.values } as ReportedAttempt;
  const updated: CheckState = { ...state, attempts: attempt, reported, startedAt: state.startedAt ?? now };
  const before = s;
  s = { ...s, status: 'IN_PROGRESS', startedAt: s.startedAt ?? now, checks: { ...s.checks, [check]: updated } };
  s = { ...s, checks: evaluateChecks(s, now) };

  const after = s.checks[check] as CheckState;
  entries.push(
    logEntry(now, actor, 'check.recorded', {
      check,
      attempt,
      reportedResult: normalised.result,
      result: after.result,
      final: after.final,
      reasons: after.reasons.map((r) => r.code),
      values: { ...after.values },
    }),
  );
  for (const other of requestedCheckStates(s)) {
    const prev = before.checks[other.name] as CheckState;
    if (other.name !== check && (prev.result !== other.result || prev.final !== other.final)) {
      entries.push(
        logEntry(now, 'system', 'check.reevaluated', {
          check: other.name,
          previousResult: prev.result,
          result: other.result,
          final: other.final,
          reasons: other.reasons.map((r) => r.code),
        }),
      );
    }
  }

  const states = requestedCheckStates(s);
  if (states.every((c) => c.final)) {
    const overallResult = decideOverallResult(states.map((c) => c.result!));
    s = { ...s, status: 'COMPLETED', overallResult, completedAt: now, endedAt: now };
    entries.push(logEntry(now, 'system', 'session.completed', { overallResult }));
  }
  return appendLog(s, ...entries);
}
