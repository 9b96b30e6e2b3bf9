import type { AgePolicy } from './age-policy.js';
import type { AgeUncertaintyParams } from './uncertainty.js';
import type { RgbImage } from '../image/types.js';
import type { DetectedFace } from '../face/types.js';

/** One face's raw age estimate from a model. */
export interface RawAgeEstimate {
  /** Mean age in years over the model's test-time views (uncalibrated). */
  readonly age: number;
  /** Standard deviation over those views: how unstable the estimate is for this face. */
  readonly spread: number;
}

/** An age model behind one interface: raw age estimates in years for faces in images. */
export interface AgeEstimator {
  /** Model id from the manifest. */
  readonly id: string;
  /** The detector the estimator was calibrated on; images are analysed with it (default: the profile's). */
  readonly detector?: string;
  /** The estimator's calibrated decision policy (for example its `z`); options still override it. */
  readonly policy?: Partial<AgePolicy>;
  /** The estimator's calibrated uncertainty model (default `DEFAULT_AGE_UNCERTAINTY`: face-api's). */
  readonly uncertainty?: AgeUncertaintyParams;
  /** Estimates for each face, in order. */
  estimate(items: readonly { image: RgbImage; face: DetectedFace }[]): Promise<RawAgeEstimate[]>;
}

/** Mean and standard deviation of a list of numbers. */
export function meanSpread(v: readonly number[]): RawAgeEstimate {
  const age = v.reduce((a, b) => a + b, 0) / v.length;
  const spread = Math.sqrt(v.reduce((a, b) => a + (b - age) ** 2, 0) / v.length);
  return { age, spread };
}
