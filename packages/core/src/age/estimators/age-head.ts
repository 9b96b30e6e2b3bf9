import { faceQuality } from '../../face/quality.js';
import { getOnnxSession, ort } from '../../models/index.js';
import { AGE_DETECTOR, AGE_FEATURE_DIMS, AGE_FEATURE_VIEW_MEAN, ageFeatures } from '../age-features.js';
import headCalibration from '../calibration/age-head.json' with { type: 'json' };
import type { AgeEstimator } from '../types.js';

/** z of the one-sided normal quantile the head's lower output is trained for (5 %). */
const LOWER_QUANTILE_Z = 1.6449;

/** The head's calibrated gate (age-head.json, written by packages/core/scripts/train-age/calibrate-gate.ts). */
export interface AgeHeadGate {
  /** Weight of the head's median in the estimate; the rest is face-api's own mean over its views. */
  readonly headWeight: number;
  /** Uncertainty units the estimate must clear to PASS. */
  readonly z: number;
  /** Baseline error (years) combined with the spread. */
  readonly baseSigma: number;
  /** Widening of greyscale or blurred faces. */
  readonly weakFactor: number;
  /** Weight of the squared gap between the head's median and face-api's own mean in the spread. */
  readonly disagreement: number;
}

/** The committed calibration. */
export const AGE_HEAD_GATE: AgeHeadGate = {
  headWeight: headCalibration.headWeight,
  z: headCalibration.z,
  baseSigma: headCalibration.baseSigma,
  weakFactor: headCalibration.weakFactor,
  disagreement: headCalibration.disagreement,
};

/**
 * The head's spread (years, one sigma) for one face: the distance from its median to its 5 % quantile in standard
 * deviations, combined with how far the head moved face-api's own estimate (`disagreement` weights that gap: a
 * face on which the two disagree is less certain). The calibration script and the estimator both call it.
 *
 * @example
 * ```ts
 * ageHeadSpread(30, 25, 27, 0.25); // sqrt((5 / 1.645)^2 + 0.25 * 3^2) = 3.39
 * ```
 */
export function ageHeadSpread(median: number, lower: number, faceApiMean: number, disagreement: number): number {
  const s = Math.max(0, median - lower) / LOWER_QUANTILE_Z;
  return Math.sqrt(s * s + disagreement * (median - faceApiMean) ** 2);
}

/**
 * Provefy's age head (`provefy_age_head`): a small MLP ensemble trained on frozen features (face-api's age over
 * 8 views, quality cues, MobileFaceNet-128 and face-api descriptor embeddings; packages/core/scripts/train-age) that
 * outputs the median age and its 5 % quantile. The estimate blends the median with face-api's own mean (the
 * calibrated `headWeight`); the spread is the distance to the
 * lower quantile in standard deviations, combined with the gap to face-api's own estimate, so an uncertain face
 * widens the uncertainty the gate subtracts. Its gate (`z`, base sigma, weak-evidence factor, disagreement weight)
 * was calibrated on the utk-train hold-out so that no hold-out minor PASSes.
 *
 * @example
 * ```ts
 * const [r] = await ageHeadEstimator().estimate([{ image, face }]); // { age: 31.2, spread: 3.1 }
 * ```
 */
export function ageHeadEstimator(id = 'provefy_age_head', gate: AgeHeadGate = AGE_HEAD_GATE): AgeEstimator {
  return {
    id,
    detector: AGE_DETECTOR,
    policy: { z: gate.z },
    uncertainty: { baseSigma: gate.baseSigma, weakFactor: gate.weakFactor },
    async estimate(items) {
      if (items.length === 0) return [];
      const buf = new Float32Array(items.length * AGE_FEATURE_DIMS);
      const faceApiMeans: number[] = [];
      for (const [i, { image, face }] of items.entries()) {
        const f = await ageFeatures({ image, face, quality: faceQuality(image, face) });
        buf.set(f.vector, i * AGE_FEATURE_DIMS);
        faceApiMeans.push(f.vector[AGE_FEATURE_VIEW_MEAN]!);
      }
      const session = await getOnnxSession(id);
      const out = await session.run({ features: new ort.Tensor('float32', buf, [items.length, AGE_FEATURE_DIMS]) });
      const age = out['age']!.data as Float32Array;
      return items.map((_, i) => {
        const median = age[2 * i]!;
        const faceApi = faceApiMeans[i]!;
        return { age: gate.headWeight * median + (1 - gate.headWeight) * faceApi, spread: ageHeadSpread(median, age[2 * i + 1]!, faceApi, gate.disagreement) };
      });
    },
  };
}
