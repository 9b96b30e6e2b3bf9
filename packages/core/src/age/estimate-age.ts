import { type CheckReason, type CheckResult, reason } from '../check-result.js';
import { analyseFace } from '../face/analyse-face.js';
import type { FaceAnalysis } from '../face/types.js';
import type { ImageInput } from '../image/types.js';
import { getModelEntry, type ProfileName, selectProfile } from '../models/index.js';
import { ProvefyError } from '../errors/index.js';
import { checkSetting } from '../settings/index.js';
import { type AgePolicy, DEFAULT_AGE_POLICY, decideAge } from './age-policy.js';
import { faceApiAgeEstimator } from './estimators/faceapi-age.js';
import { ageHeadEstimator } from './estimators/age-head.js';
import { genderAgeEstimator } from './estimators/genderage.js';
import type { AgeEstimator, RawAgeEstimate } from './types.js';
import { ageUncertainty, weakEvidence } from './uncertainty.js';
import { numericOptions } from '../util/numeric-options.js';

export interface EstimateAgeOptions {
  /** Minimum age to check against (default 18). */
  minAge?: number;
  /** Override parts of the decision policy (margins, z). */
  policy?: Partial<AgePolicy>;
  /** Age model id (default: the profile's first age model). */
  estimator?: string;
  /** Model profile (default: the best complete one). */
  profile?: ProfileName;
  /** Faces with eyes closer than this (pixels) are too small to judge (default 24). */
  minEyeDistance?: number;
  /** Frames with |yaw| or |pitch| above this (degrees) are not used (default 30). */
  maxPoseDegrees?: number;
  /** At most this many frames are used, the sharpest frontal ones (default 8). */
  maxFrames?: number;
}

/** Result of {@link estimateAge}, mapping onto the contract's `checks.ageEstimation`. */
export interface AgeEstimationResult {
  /** Estimated age in whole years, or null when no usable face was found. */
  readonly estimatedAge: number | null;
  /** True only when the check PASSes: the conservative estimate clears the minimum age with its margin. */
  readonly meetsMinAge: boolean;
  readonly result: CheckResult;
  readonly minAge: number;
  /** Estimate before rounding. */
  readonly rawEstimate: number | null;
  /** One-sigma uncertainty in years. */
  readonly uncertainty: number | null;
  /** 0-1, higher is more certain (1 / (1 + uncertainty / 4)). */
  readonly confidence: number;
  readonly model: string;
  /** Frames whose face was used. */
  readonly framesUsed: number;
  readonly reasons: readonly CheckReason[];
}

function estimatorFor(id: string): AgeEstimator {
  const entry = getModelEntry(id);
  if (entry.role !== 'age') throw new ProvefyError('PROVEFY_ERR_CONFIG', `Model ${id} is a ${entry.role}, not an age model`, { id });
  if (id === 'genderage') return genderAgeEstimator(id);
  return id.startsWith('provefy_age_head') ? ageHeadEstimator(id) : faceApiAgeEstimator(id);
}

function usableFace(a: FaceAnalysis, minEye: number, maxPose: number): string | null {
  const q = a.quality;
  if (!a.face || !q) return 'NO_FACE';
  if (q.eyeDistance < minEye) return 'FACE_TOO_SMALL';
  if (Math.abs(q.yaw) > maxPose || Math.abs(q.pitch) > maxPose) return 'POSE';
  if (q.brightness < 35 || q.brightness > 230) return 'EXPOSURE';
  return null;
}

function fuseFrames(est: readonly RawAgeEstimate[]): RawAgeEstimate {
  const ages = est.map((e) => e.age).sort((a, b) => a - b);
  const mid = ages.length >> 1;
  const age = ages.length % 2 ? ages[mid]! : (ages[mid - 1]! + ages[mid]!) / 2;
  const mean = ages.reduce((s, v) => s + v, 0) / ages.length;
  const between = ages.reduce((s, v) => s + (v - mean) ** 2, 0) / ages.length;
  const within = est.reduce((s, e) => s + e.spread ** 2, 0) / est.length / est.length;
  return { age, spread: Math.sqrt(between + within) };
}

/**
 * Estimates a person's age from one photo or several frames of the same person and checks it against
 * a minimum age with the contract's rule (>= minAge + 3 PASS, <= minAge - 2 FAIL, else REVIEW). The PASS side
 * uses the estimate minus its uncertainty, and small, badly lit, turned, greyscale or blurred faces widen the
 * uncertainty or give REVIEW, so an uncertain estimate never PASSes. An absent face is a FAIL with reason
 * NO_FACE, not an exception.
 *
 * @example
 * ```ts
 * const r = await estimateAge(await readFile('selfie.jpg'), { minAge: 18 });
 * // { estimatedAge: 31, meetsMinAge: true, result: 'PASS', uncertainty: 2.2, ... }
 * ```
 */
export async function estimateAge(input: ImageInput | FaceAnalysis | readonly (ImageInput | FaceAnalysis)[], opts: EstimateAgeOptions = {}): Promise<AgeEstimationResult> {
  const minAge = checkSetting('minAge', opts.minAge, 'minAge');
  const profile = selectProfile(opts.profile);
  const modelId = opts.estimator ?? profile.age[0]!;
  const estimator = estimatorFor(modelId);
  // The caller's policy over the estimator's calibrated one; no uncertainty multiple or margin below 0 (a gate that passes minors).
  const policy = numericOptions('policy', { ...DEFAULT_AGE_POLICY, ...estimator.policy }, opts.policy, { z: 0, passMargin: 0 });
  const inputs = Array.isArray(input) ? input : [input as ImageInput | FaceAnalysis];
  if (inputs.length === 0) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'estimateAge needs at least one image');
  const analyses = await Promise.all(inputs.map((i) => analyseFace(i, { detector: estimator.detector ?? profile.detector })));

  const reasons: CheckReason[] = [];
  const rejected = new Map<string, number>();
  const usable = analyses.filter((a) => {
    const why = usableFace(a, opts.minEyeDistance ?? 24, opts.maxPoseDegrees ?? 30);
    if (why) rejected.set(why, (rejected.get(why) ?? 0) + 1);
    return why === null;
  });
  const base = { minAge, model: modelId, meetsMinAge: false } as const;
  if (usable.length === 0) {
    const anyFace = analyses.some((a) => a.face);
    if (!anyFace) {
      return { ...base, estimatedAge: null, rawEstimate: null, uncertainty: null, confidence: 0, result: 'FAIL', framesUsed: 0, reasons: [reason('NO_FACE', 'No face was found in the image', { frames: analyses.length })] };
    }
  }
  // When no frame passes the quality gate, estimate from the faces there are but never PASS.
  const chosen = (usable.length > 0 ? usable : analyses.filter((a) => a.face))
    .sort((a, b) => (b.quality!.sharpness / (1 + Math.abs(b.quality!.yaw))) - (a.quality!.sharpness / (1 + Math.abs(a.quality!.yaw))))
    .slice(0, opts.maxFrames ?? 8);
  const raw = await estimator.estimate(chosen.map((a) => ({ image: a.image, face: a.face! })));
  const fused = fuseFrames(raw);
  const weak = new Set(chosen.flatMap((a) => weakEvidence(a.image, a.quality!)));
  const uncertainty = ageUncertainty(fused.spread, [...weak], estimator.uncertainty);
  let result = decideAge(fused.age, uncertainty, minAge, policy);

  if (usable.length === 0) {
    const why = [...rejected.keys()].filter((k) => k !== 'NO_FACE');
    reasons.push(reason('LOW_QUALITY', `The face is not good enough to judge age (${why.join(', ')})`, { issues: why }));
    if (result === 'PASS') result = 'REVIEW';
  }
  if (weak.size > 0) reasons.push(reason('WEAK_EVIDENCE', `The estimate is less certain: ${[...weak].join(', ')}`, { issues: [...weak] }));
  const crowded = chosen.some((a) => a.faces.length > 1 && a.faces[1]!.box.width * a.faces[1]!.box.height >= 0.25 * a.face!.box.width * a.face!.box.height);
  if (crowded) {
    reasons.push(reason('MULTIPLE_FACES', 'Another face is in the picture; the largest was used'));
    if (result === 'PASS') result = 'REVIEW';
  }
  if (result === 'REVIEW') {
    reasons.push(reason('BORDERLINE_AGE', `Estimated ${fused.age.toFixed(1)} ± ${uncertainty.toFixed(1)} years is too close to the minimum age ${minAge}`, { estimate: fused.age, uncertainty }));
  }
  if (result === 'FAIL') reasons.push(reason('UNDER_MIN_AGE', `Estimated ${fused.age.toFixed(1)} years, below the minimum age ${minAge}`, { estimate: fused.age }));
  return {
    ...base,
    estimatedAge: Math.round(fused.age),
    rawEstimate: fused.age,
    uncertainty,
    confidence: 1 / (1 + uncertainty / 4),
    meetsMinAge: result === 'PASS',
    result,
    framesUsed: chosen.length,
    reasons,
  };
}
