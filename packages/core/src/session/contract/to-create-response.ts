import { text } from '../internal/validate.js';
import type { Session } from '../types.js';
import type { VerifyCreateResponse } from './contract-types.js';

/**
 * The POST /verify response for a new session. The verification URL is built by the adapter (it owns the host
 * and the session token).
 *
 * @example
 * ```ts
 * toCreateResponse(session, { verificationUrl: 'https://verify.provefy.xyz/verify/aBcDeFgHi...' });
 * // { sessionId, verificationUrl, expiresAt: '2025-03-07T12:30:00.000Z', requestedChecks: ['liveness', 'doc_verify', 'face_match'] }
 * ```
 */
export function toCreateResponse(session: Session, options: { readonly verificationUrl: string }): VerifyCreateResponse {
  return {
    sessionId: session.id,
    verificationUrl: text(options?.verificationUrl, 'verificationUrl'),
    expiresAt: session.expiresAt.toISOString(),
    requestedChecks: [...session.requestedChecks],
  };
}
