import type { FaceQuality } from '../types.js';
import type { MatchQualityLimits } from './types.js';

/** Default quality limits for face matching (see docs/face-matching.md). */
export const DEFAULT_MATCH_QUALITY: MatchQualityLimits = {
  minEyeDistance: 20,
  minSharpness: 40,
  minBrightness: 40,
  maxBrightness: 225,
  maxYaw: 40,
  maxPitch: 35,
};

/**
 * The quality problems of a face for matching, as short tags (`too_small`, `blurred`, `too_dark`,
 * `too_bright`, `turned`, `tilted`); empty when the face is good enough.
 *
 * @example
 * ```ts
 * qualityIssues(analysis.quality!, DEFAULT_MATCH_QUALITY); // ['blurred']
 * ```
 */
export function qualityIssues(q: FaceQuality, limits: MatchQualityLimits = DEFAULT_MATCH_QUALITY): string[] {
  const out: string[] = [];
  if (q.eyeDistance < limits.minEyeDistance) out.push('too_small');
  if (q.sharpness < limits.minSharpness) out.push('blurred');
  if (q.brightness < limits.minBrightness) out.push('too_dark');
  if (q.brightness > limits.maxBrightness) out.push('too_bright');
  if (Math.abs(q.yaw) > limits.maxYaw) out.push('turned');
  if (Math.abs(q.pitch) > limits.maxPitch) out.push('tilted');
  return out;
}
