import { cancelSession } from './cancel-session.js';
import { finishSession } from './finish-session.js';
import { invalid, isObject } from './internal/validate.js';
import { recordCheckResult } from './record-check-result.js';
import { redactSession } from './redact-session.js';
import { refreshSession } from './refresh-session.js';
import { resolveReview } from './resolve-review.js';
import { startCapture } from './start-capture.js';
import type { CheckName, CheckOutcome, ReviewDecisionValue, Session } from './types.js';

/** Everything that can happen to a session, as data (e.g. to queue, replay or fuzz). Each carries its time. */
export type SessionEvent =
  | { readonly type: 'capture.started'; readonly now: Date; readonly check?: CheckName; readonly actor?: string }
  | { readonly type: 'check.recorded'; readonly now: Date; readonly outcome: CheckOutcome; readonly actor?: string }
  | { readonly type: 'session.cancelled'; readonly now: Date; readonly actor?: string; readonly reason?: string }
  | { readonly type: 'clock.tick'; readonly now: Date }
  | {
      readonly type: 'review.resolved';
      readonly now: Date;
      readonly decision: ReviewDecisionValue;
      readonly reviewer: string;
      readonly reason: string;
    }
  | { readonly type: 'session.redacted'; readonly now: Date; readonly actor?: string }
  | { readonly type: 'session.finished'; readonly now: Date; readonly actor?: string };

/**
 * Applies one event with the matching transition function (`startCapture`, `recordCheckResult`, `cancelSession`,
 * `refreshSession`, `resolveReview`, `redactSession`, `finishSession`). Returns a new session; throws the same typed errors.
 *
 * @example
 * ```ts
 * let s = createSession({ checks: ['liveness'] }, { now: t0 });
 * s = applyEvent(s, { type: 'check.recorded', now: t1, outcome: { check: 'liveness', result: 'PASS', livenessScore: 0.97 } });
 * s.status; // 'COMPLETED'
 * ```
 */
export function applyEvent(session: Session, event: SessionEvent): Session {
  if (!isObject(event)) invalid('event', 'must be an object');
  switch (event.type) {
    case 'capture.started':
      return startCapture(session, event);
    case 'check.recorded':
      return recordCheckResult(session, event.outcome, event);
    case 'session.cancelled':
      return cancelSession(session, event);
    case 'clock.tick':
      return refreshSession(session, event.now);
    case 'review.resolved':
      return resolveReview(session, event);
    case 'session.redacted':
      return redactSession(session, event);
    case 'session.finished':
      return finishSession(session, event);
    default:
      return invalid('event.type', `is unknown: ${String((event as { type?: unknown }).type)}`);
  }
}
