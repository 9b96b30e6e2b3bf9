import {
  type ReviewDecisionValue,
  type Session,
  type SessionJson,
  deserializeSession,
  isProvefyError,
  resolveReview,
} from '@provefy/core';
import { type Store, enqueueWebhookFor, sessionPatch } from '@provefy/server-adapter';
import { HttpFailure } from '../../http/app-request.js';

/** What a review decision did. */
export interface ReviewOutcome {
  session: Session;
  /** The webhook event enqueued (`verification.completed`), or null when the session has no webhook URL. */
  webhookEventId: string | null;
}

/**
 * Records a reviewer's decision on a session whose overall result is REVIEW: the session's `overallResult` becomes
 * APPROVED or REJECTED (per-check results stay as the checks reported them), and `verification.completed` with the
 * final result is enqueued for the session's `callbackUrl` or the key's webhook URL, in the same transaction.
 * 404 for an unknown or redacted session, 409 when it is not awaiting review (already decided, or not REVIEW).
 *
 * @example
 * ```ts
 * await resolveSessionReview(store, sessionId, { decision: 'APPROVED', reviewer: 'admin', note: 'Old passport photo' });
 * ```
 */
export async function resolveSessionReview(
  store: Store,
  id: string,
  input: { decision: ReviewDecisionValue; reviewer: string; note: string },
): Promise<ReviewOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.transaction(async (tx) => {
        const record = await tx.sessions.get(id);
        if (!record || record.redactedAt !== null) throw new HttpFailure(404, 'Session not found');
        const before = deserializeSession(record.document as unknown as SessionJson);
        if (before.status !== 'COMPLETED' || before.overallResult !== 'REVIEW' || before.review) {
          throw new HttpFailure(409, 'This session is not awaiting review');
        }
        const after = resolveReview(before, { now: new Date(tx.now()), decision: input.decision, reviewer: input.reviewer, reason: input.note });
        await tx.sessions.update(id, record.version, sessionPatch(after));
        const webhookEventId = await enqueueWebhookFor(tx, await tx.apiKeys.get(record.apiKeyId), before, after);
        await tx.audit.append({
          action: 'session.review_resolved',
          apiKeyId: record.apiKeyId,
          sessionId: id,
          actor: `admin:${input.reviewer}`,
          details: { decision: input.decision, webhookEnqueued: webhookEventId !== null },
        });
        return { session: after, webhookEventId };
      });
    } catch (e) {
      if (isProvefyError(e, 'PROVEFY_ERR_STORE_CONFLICT') && attempt < 5) continue;
      throw e;
    }
  }
}
