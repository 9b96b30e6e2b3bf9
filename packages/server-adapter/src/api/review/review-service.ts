import { type ReviewDecisionValue, type Session, isProvefyError, resolveReview } from '@provefy/core';
import { HttpError } from '../../http/http-error.js';
import type { Store } from '../../storage/types.js';
import { transitionSession } from '../verify/session-service.js';

/** A reviewer's decision on a session in REVIEW. */
export interface ReviewDecisionInput {
  decision: ReviewDecisionValue;
  /** Who decided (recorded in the session log as `reviewer:<reviewer>` and in the audit log as `admin:<reviewer>`). */
  reviewer: string;
  /** Why (required, free text). */
  note: string;
}

/** What a review decision did. */
export interface ReviewOutcome {
  session: Session;
  /** The webhook event enqueued (`verification.completed`), or null when the session has no webhook URL. */
  webhookEventId: string | null;
}

/**
 * Records a reviewer's decision on a session whose overall result is REVIEW, through the same transaction and
 * conflict retry (with jitter) as every other session transition ({@link transitionSession}): `overallResult` becomes
 * APPROVED or REJECTED (per-check results stay as the checks reported them), `verification.completed` with the final
 * result is enqueued for the session's `callbackUrl` or the key's webhook URL, and a `session.review_resolved` audit
 * entry is written, all in one transaction. 404 `PROVEFY_ERR_SESSION_NOT_FOUND` for an unknown or redacted session,
 * 409 `PROVEFY_ERR_NOT_AWAITING_REVIEW` when it is not awaiting review (already decided, or not REVIEW).
 *
 * @example
 * ```ts
 * await resolveSessionReview(store, sessionId, { decision: 'APPROVED', reviewer: 'admin', note: 'Old passport photo' });
 * ```
 */
export async function resolveSessionReview(store: Store, id: string, input: ReviewDecisionInput): Promise<ReviewOutcome> {
  try {
    const { after, webhookEventId } = await transitionSession(
      store,
      id,
      {},
      (session, now) => resolveReview(session, { now, decision: input.decision, reviewer: input.reviewer, reason: input.note }),
      {
        afterWrite: async (tx, r) => {
          await tx.audit.append({
            action: 'session.review_resolved',
            apiKeyId: r.record.apiKeyId,
            sessionId: id,
            actor: `admin:${input.reviewer}`,
            details: { decision: input.decision, webhookEnqueued: r.webhookEventId !== null },
          });
        },
      },
    );
    return { session: after, webhookEventId };
  } catch (e) {
    if (isProvefyError(e, 'PROVEFY_ERR_INVALID_TRANSITION')) throw new HttpError('PROVEFY_ERR_NOT_AWAITING_REVIEW');
    if (e instanceof HttpError && e.code === 'PROVEFY_ERR_SESSION_FINISHED') throw new HttpError('PROVEFY_ERR_SESSION_NOT_FOUND');
    throw e;
  }
}
