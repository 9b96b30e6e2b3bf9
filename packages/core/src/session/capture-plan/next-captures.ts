import type { DocumentType } from '../../document/types.js';
import { isTerminalStatus } from '../check-names.js';
import type { CheckName, Session } from '../types.js';
import type { CaptureHeld, CaptureStep } from './capture-types.js';

/** Document kinds with a back side worth reading when the front alone is not a clear PASS. */
export const TWO_SIDED: ReadonlySet<DocumentType> = new Set<DocumentType>(['ID_CARD', 'DRIVERS_LICENSE', 'RESIDENCE_PERMIT', 'UNKNOWN']);

/** True when the check is requested and still takes attempts. */
export function isOpenCheck(session: Session, name: CheckName): boolean {
  const state = session.checks[name];
  return !!state && !state.final;
}

/**
 * True when the face match can run now: it is open, has not run on the images held (no result yet, or a
 * document check still to report), and the selfie and the document (read first when doc_verify is requested) are in.
 */
export function faceMatchDue(session: Session, held: CaptureHeld): boolean {
  const fm = session.checks.face_match;
  if (!fm || fm.final || fm.result !== null || !held.selfie || !held.documentFront || held.awaitingBack) return false;
  const doc = session.checks.doc_verify;
  return !doc || doc.reported !== null;
}

/**
 * The captures a session still needs, in the order the person makes them (liveness, selfie, document front,
 * document back). A retryable FAIL asks for its capture again; after a retryable face-match FAIL the next step
 * is a new selfie. A session that is not finished always has at least one step: when every check that is still
 * open waits only for the face match, the selfie is asked for again (a new selfie runs it).
 *
 * @example
 * ```ts
 * nextCaptures(session, { selfie: false, documentFront: false, awaitingBack: false }); // ['liveness', 'selfie', 'document_front']
 * ```
 */
export function nextCaptures(session: Session, held: CaptureHeld): CaptureStep[] {
  if (isTerminalStatus(session.status)) return [];
  const steps: CaptureStep[] = [];
  const fmOpen = isOpenCheck(session, 'face_match');
  const fmRetry = fmOpen && session.checks.face_match?.result === 'FAIL';
  if (isOpenCheck(session, 'liveness')) steps.push('liveness');
  if (isOpenCheck(session, 'age_estimation') || (fmOpen && (!held.selfie || fmRetry || faceMatchDue(session, held)))) steps.push('selfie');
  if (held.awaitingBack) steps.push('document_back');
  else if (isOpenCheck(session, 'doc_verify') || (fmOpen && !held.documentFront)) steps.push('document_front');
  if (steps.length === 0 && session.requestedChecks.some((n) => isOpenCheck(session, n))) steps.push('selfie');
  return steps;
}
