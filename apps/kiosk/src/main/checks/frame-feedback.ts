import type { FaceAnalysis } from '@provefy/core';
import type { FrameFeedback } from '../../shared/ipc-contract.js';

/** Limits for the live hints, as fractions of the frame and luma levels. */
export interface FeedbackLimits {
  /** Face box shorter side below this fraction of the frame's shorter side: "move closer" (default 0.22). */
  minFaceFraction: number;
  /** Above this: "move back" (default 0.75). */
  maxFaceFraction: number;
  /** Face centre further than this fraction of the frame from the centre: "centre your face" (default 0.2). */
  maxCentreOffset: number;
  /** Mean face luma below this: "too dark" (default 60). */
  minBrightness: number;
  /** Laplacian variance below this: "hold still" (default 15). */
  minSharpness: number;
}

export const DEFAULT_FEEDBACK_LIMITS: FeedbackLimits = {
  minFaceFraction: 0.22,
  maxFaceFraction: 0.75,
  maxCentreOffset: 0.2,
  minBrightness: 60,
  minSharpness: 15,
};

/**
 * Turns a face analysis of a preview frame into hints for the customer, most important first.
 *
 * @example
 * ```ts
 * frameFeedback(await analyseFace(frame)); // { faceFound: true, faceCount: 1, hints: ['move_closer'] }
 * ```
 */
export function frameFeedback(a: Pick<FaceAnalysis, 'image' | 'face' | 'faceCount' | 'quality'>, limits: FeedbackLimits = DEFAULT_FEEDBACK_LIMITS): FrameFeedback {
  const hints: string[] = [];
  if (!a.face) return { faceFound: false, faceCount: 0, hints: ['no_face'] };
  if (a.faceCount > 1) hints.push('multiple_faces');
  const short = Math.min(a.image.width, a.image.height);
  const size = Math.min(a.face.box.width, a.face.box.height) / short;
  if (size < limits.minFaceFraction) hints.push('move_closer');
  else if (size > limits.maxFaceFraction) hints.push('move_back');
  const cx = (a.face.box.x + a.face.box.width / 2) / a.image.width - 0.5;
  const cy = (a.face.box.y + a.face.box.height / 2) / a.image.height - 0.5;
  if (Math.hypot(cx, cy) > limits.maxCentreOffset) hints.push('centre_face');
  if (a.quality && a.quality.brightness < limits.minBrightness) hints.push('too_dark');
  if (a.quality && a.quality.sharpness < limits.minSharpness) hints.push('hold_still');
  return { faceFound: true, faceCount: a.faceCount, hints };
}
