import type { RgbImage } from '../image/types.js';
import type { FaceQuality } from '../face/types.js';

/**
 * Baseline error (one standard deviation, in years) of the age model near adulthood, before the
 * per-face terms: face-api's age net is within about 2-3 years of the truth on teenagers and young adults
 * (see docs/age-estimation.md for the measured bias per age band).
 */
export const BASE_AGE_SIGMA = 2;

/** Multiplier applied to the uncertainty of a face with weak evidence (greyscale, blur). */
export const WEAK_EVIDENCE_FACTOR = 1.5;

/** Laplacian variance below which a face chip counts as blurred (112 px chip). */
export const BLUR_SHARPNESS = 120;

/** True when the image carries (almost) no colour: scanned or black-and-white photos. */
export function isGreyscale(img: RgbImage): boolean {
  const { data } = img;
  const step = Math.max(3, Math.floor(data.length / 3 / 5000) * 3);
  let chroma = 0;
  let n = 0;
  for (let i = 0; i + 2 < data.length; i += step) {
    chroma += Math.abs(data[i]! - data[i + 1]!) + Math.abs(data[i + 1]! - data[i + 2]!);
    n++;
  }
  return chroma / Math.max(1, n) < 3;
}

/** Reasons that make an estimate weak evidence (they widen its uncertainty). */
export function weakEvidence(img: RgbImage, q: FaceQuality): string[] {
  const out: string[] = [];
  if (isGreyscale(img)) out.push('greyscale');
  if (q.sharpness < BLUR_SHARPNESS) out.push('blurred');
  return out;
}

/** How an estimator's spread becomes the one-sigma uncertainty the gate subtracts (calibrated per estimator). */
export interface AgeUncertaintyParams {
  /** Baseline error (years) combined with the spread. */
  readonly baseSigma: number;
  /** Multiplier for a face with weak evidence (greyscale, blur). */
  readonly weakFactor: number;
}

/** face-api's calibration (docs/age-estimation.md): base 2 years, weak evidence 1.5x. */
export const DEFAULT_AGE_UNCERTAINTY: AgeUncertaintyParams = { baseSigma: BASE_AGE_SIGMA, weakFactor: WEAK_EVIDENCE_FACTOR };

/**
 * One-sigma uncertainty of an age estimate in years: the baseline model error combined with the spread of
 * the model over its test-time views (and over frames), widened for weak evidence.
 *
 * @example
 * ```ts
 * ageUncertainty(3, []); // sqrt(2^2 + 3^2) = 3.61
 * ageUncertainty(3, ['greyscale'], { baseSigma: 1, weakFactor: 1.25 }); // 1.25 * sqrt(1 + 9) = 3.95
 * ```
 */
export function ageUncertainty(spread: number, weak: readonly string[], params: AgeUncertaintyParams = DEFAULT_AGE_UNCERTAINTY): number {
  const u = Math.sqrt(params.baseSigma ** 2 + spread ** 2);
  return weak.length > 0 ? u * params.weakFactor : u;
}
