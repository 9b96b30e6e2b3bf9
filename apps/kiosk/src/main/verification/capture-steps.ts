import type { CheckName, Session } from '@provefy/core';
import type { CaptureStep } from '../../shared/kiosk-view.js';
import type { Captures } from '../state/customer-state.js';

function open(s: Session, name: CheckName): boolean {
  const c = s.checks[name];
  return !!c && !c.final;
}

/**
 * The captures a verification still needs, in the order the customer makes them (liveness, selfie, document front,
 * document back), from the local session's state and what was captured. A retryable FAIL asks for its capture again;
 * a face match that failed with attempts left asks for a new selfie.
 *
 * @example
 * ```ts
 * nextCaptureSteps(session, captures, false); // ['liveness', 'selfie', 'document_front']
 * ```
 */
export function nextCaptureSteps(s: Session, c: Pick<Captures, 'selfie' | 'documentFront'>, needsBack: boolean): CaptureStep[] {
  if (s.status === 'COMPLETED' || s.status === 'EXPIRED' || s.status === 'CANCELLED') return [];
  const steps: CaptureStep[] = [];
  if (open(s, 'liveness')) steps.push('liveness');
  const faceRetry = open(s, 'face_match') && s.checks.face_match?.result === 'FAIL';
  if (open(s, 'age_estimation') || (open(s, 'face_match') && (c.selfie === null || faceRetry))) steps.push('selfie');
  if (needsBack) steps.push('document_back');
  else if (open(s, 'doc_verify') || (open(s, 'face_match') && c.documentFront === null)) steps.push('document_front');
  return steps;
}
