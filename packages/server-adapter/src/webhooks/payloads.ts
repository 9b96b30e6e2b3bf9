import type { SessionRecord } from '../storage/types.js';

/**
 * Payload of `verification.expired` (same envelope as the contract's `verification.completed`:
 * event, sessionId, externalRef, metadata; `overallResult` is null, `expiredAt` is ISO 8601).
 *
 * @example
 * buildExpiredPayload(session, new Date())
 * // { event: 'verification.expired', sessionId: '…', externalRef: 'user_12345', status: 'EXPIRED', overallResult: null, expiredAt: '…', metadata: {…} }
 */
export function buildExpiredPayload(session: SessionRecord, expiredAt: Date): Record<string, unknown> {
  const metadata = session.document.metadata;
  return {
    event: 'verification.expired',
    sessionId: session.id,
    externalRef: session.externalRef,
    status: 'EXPIRED',
    overallResult: null,
    expiredAt: expiredAt.toISOString(),
    metadata: metadata !== null && typeof metadata === 'object' ? metadata : {},
  };
}
