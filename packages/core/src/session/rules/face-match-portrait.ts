import { ProvefyError } from '../../errors/index.js';
import type { PortraitSource, Session } from '../types.js';

/**
 * Face match needs a document portrait: either the session's document check ran first and found a portrait, or
 * the face match used a separately provided document photo (`portraitSource: 'document_photo'`). Otherwise
 * recording a face-match result is an illegal transition (`PROVEFY_ERR_INVALID_TRANSITION`).
 *
 * @example
 * ```ts
 * assertFaceMatchPortrait(session, 'doc_verify'); // throws unless doc_verify has a read with a portrait
 * ```
 */
export function assertFaceMatchPortrait(session: Session, source: PortraitSource): void {
  if (source === 'document_photo') return;
  const doc = session.checks.doc_verify?.reported;
  if (doc?.portraitFound) return;
  const why = !session.checks.doc_verify
    ? 'doc_verify is not requested in this session'
    : !doc
      ? 'the document check has not run yet'
      : 'the document check found no portrait';
  throw new ProvefyError(
    'PROVEFY_ERR_INVALID_TRANSITION',
    `Face match needs a document portrait: ${why}; run doc_verify first or provide a document photo (portraitSource: 'document_photo')`,
    { sessionId: session.id, check: 'face_match', rule: 'FACE_MATCH_NEEDS_PORTRAIT' },
  );
}
