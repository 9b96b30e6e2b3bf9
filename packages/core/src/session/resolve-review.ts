import { ProvefyError } from '../errors/index.js';
import { instant } from './internal/dates.js';
import { appendLog, logEntry } from './internal/log.js';
import { oneOf, text } from './internal/validate.js';
import { refreshSession } from './refresh-session.js';
import type { ReviewDecisionValue, Session } from './types.js';

export interface ResolveReviewOptions {
  readonly now: Date;
  readonly decision: ReviewDecisionValue;
  /** Who decided (e.g. an admin user id); logged as actor `reviewer:<reviewer>`. */
  readonly reviewer: string;
  /** Why (free text, required). */
  readonly reason: string;
}

/**
 * A reviewer resolves a COMPLETED session whose overall result is REVIEW: `overallResult` becomes APPROVED or
 * REJECTED, `review` records who, why and when, and the log gets a `review.resolved` entry. The per-check
 * results stay as the checks reported them. Only once: any other state throws `PROVEFY_ERR_INVALID_TRANSITION`.
 *
 * @example
 * ```ts
 * session = resolveReview(session, { now: new Date(), decision: 'APPROVED', reviewer: 'alice', reason: 'Document checked by hand' });
 * session.overallResult; // 'APPROVED'
 * ```
 */
export function resolveReview(session: Session, options: ResolveReviewOptions): Session {
  const now = instant(options?.now);
  const decision = oneOf<ReviewDecisionValue>(options.decision, ['APPROVED', 'REJECTED'], 'decision');
  const reviewer = text(options.reviewer, 'reviewer');
  const reason = text(options.reason, 'reason');
  const s = refreshSession(session, now);
  if (s.status !== 'COMPLETED' || s.overallResult !== 'REVIEW' || s.review !== null) {
    const why = s.review !== null ? 'it was already reviewed' : s.status !== 'COMPLETED' ? `it is ${s.status}` : `its result is ${s.overallResult}`;
    throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `Only a completed session in REVIEW can be reviewed; ${why}`, {
      sessionId: s.id,
      status: s.status,
      overallResult: s.overallResult,
    });
  }
  return appendLog(
    { ...s, overallResult: decision, review: { decision, reviewer, reason, at: now } },
    logEntry(now, `reviewer:${reviewer}`, 'review.resolved', { previousResult: 'REVIEW', decision, reason }),
  );
}
