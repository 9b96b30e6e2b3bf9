import { ProvefyError } from '../../errors/index.js';
import type { Session, SessionStatus } from '../types.js';
import type { WebhookChecks, WebhookEvent, WebhookPayload } from './contract-types.js';
import { reasonCodes } from './to-contract-json.js';

const EVENT_FOR_STATUS: Partial<Record<SessionStatus, WebhookEvent>> = {
  COMPLETED: 'verification.completed',
  EXPIRED: 'verification.expired',
  CANCELLED: 'verification.cancelled',
};

/**
 * `checks` in webhook form: `{result, ...fields}` per requested check (no `status`); the document check also
 * carries `ocrConfidence`; a check with reasons carries their codes in `reasons`.
 *
 * @example
 * ```ts
 * toWebhookChecks(session).documentVerification; // { result: 'PASS', documentType: 'DRIVERS_LICENSE', ocrConfidence: 0.85 }
 * ```
 */
export function toWebhookChecks(session: Session): WebhookChecks {
  const { liveness, age_estimation: age, doc_verify: doc, face_match: face } = session.checks;
  const out: WebhookChecks = {};
  if (liveness) out.liveness = { result: liveness.result, livenessScore: liveness.values.livenessScore, ...reasonCodes(liveness) };
  if (age) out.ageEstimation = { result: age.result, estimatedAge: age.values.estimatedAge, meetsMinAge: age.values.meetsMinAge, ...reasonCodes(age) };
  if (doc) {
    out.documentVerification = {
      result: doc.result,
      documentType: doc.values.documentType,
      ocrConfidence: doc.values.ocrConfidence,
      ...reasonCodes(doc),
    };
  }
  if (face) out.faceMatch = { result: face.result, similarityScore: face.values.similarityScore, isMatch: face.values.isMatch, ...reasonCodes(face) };
  return out;
}

/**
 * The webhook body for a finished session. `verification.completed` is the contract's payload field for field;
 * `verification.expired` and `verification.cancelled` have the same shape with `overallResult: null` and
 * `completedAt` set to when the session ended (its `expiresAt` when expired). `event` defaults to the one matching
 * the session's status; a mismatch (or an active session) throws `PROVEFY_ERR_INVALID_TRANSITION`.
 *
 * @example
 * ```ts
 * const body = JSON.stringify(toWebhookPayload(session)); // sign this exact string (X-KYC-Signature)
 * ```
 */
export function toWebhookPayload(session: Session, event?: WebhookEvent): WebhookPayload {
  const expected = EVENT_FOR_STATUS[session.status];
  if (!expected || (event !== undefined && event !== expected) || !session.endedAt) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `No ${event ?? 'webhook'} for a ${session.status} session`, {
      sessionId: session.id,
      status: session.status,
      event: event ?? null,
    });
  }
  return {
    event: expected,
    sessionId: session.id,
    externalRef: session.externalRef,
    overallResult: session.overallResult,
    completedAt: session.endedAt.toISOString(),
    checks: toWebhookChecks(session),
    metadata: structuredClone(session.metadata) as Record<string, unknown>,
  };
}

/**
 * The webhook to send after a transition from `before` to `after`, or `null`: a session that just became
 * COMPLETED, EXPIRED or CANCELLED, or a review that just changed a REVIEW result (sent again as
 * `verification.completed` with the reviewer's decision).
 *
 * @example
 * ```ts
 * const next = applyEvent(prev, event);
 * const hook = webhookEventFor(prev, next);
 * if (hook) await deliver(session.callbackUrl ?? key.webhookUrl, toWebhookPayload(next, hook));
 * ```
 */
export function webhookEventFor(before: Session, after: Session): WebhookEvent | null {
  if (before.status !== after.status) return EVENT_FOR_STATUS[after.status] ?? null;
  if (after.status === 'COMPLETED' && before.overallResult !== after.overallResult) return 'verification.completed';
  return null;
}
