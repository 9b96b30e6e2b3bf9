import { faceQuality } from '../../face/quality.js';
import { getOnnxSession, ort } from '../../models/index.js';
import { AGE_DETECTOR, AGE_FEATURE_DIMS, ageFeatures } from '../age-features.js';
import headCalibration from '../calibration/age-head.json' with { type: 'json' };
import type { AgeEstimator } from '../types.js';

/** z of the one-sided normal quantile the head's lower output is trained for (5 %). */
const LOWER_QUANTILE_Z = 1.6449;

/**
 * Provefy's age head (`provefy_age_head`): a small MLP ensemble trained on frozen features (face-api's age over
 * 8 views, quality cues, MobileFaceNet-128 and face-api descriptor embeddings; packages/core/scripts/train-age) that
 * outputs the median age and its 5 % quantile. The estimate is the median; the spread is the distance to the
 * lower quantile in standard deviations, so an uncertain face widens the uncertainty the gate subtracts. Its gate
 * `z` was calibrated on the utk-train hold-out so that no hold-out minor PASSes.
 *
 * @example
 * ```ts
 * const [r] = await ageHeadEstimator().estimate([{ image, face }]); // { age: 31.2, spread: 3.1 }
 * ```
 */
export function ageHeadEstimator(id = 'provefy_age_head'): AgeEstimator {
  return {
    id,
    detector: AGE_DETECTOR,
    policy: { z: headCalibration.z },
    async estimate(items) {
      if (items.length === 0) return [];
      const buf = new Float32Array(items.length * AGE_FEATURE_DIMS);
      for (const [i, { image, face }] of items.entries()) {
        const f = await ageFeatures({ image, face, quality: faceQuality(image, face) });
        buf.set(f.vector, i * AGE_FEATURE_DIMS);
      }
      const session = await getOnnxSession(id);
      const out = await session.run({ features: new ort.Tensor('float32', buf, [items.length, AGE_FEATURE_DIMS]) });
      const age = out['age']!.data as Float32Array;
      return items.map((_, i) => ({ age: age[2 * i]!, spread: Math.max(0, age[2 * i]! - age[2 * i + 1]!) / LOWER_QUANTILE_Z }));
    },
  };
}
