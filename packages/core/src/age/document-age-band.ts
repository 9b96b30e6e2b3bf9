import bandsJson from './calibration/document-age-bands.json' with { type: 'json' };

/** How far (years, signed: estimate minus true age) the default age estimator strays for people of an age band. */
export interface AgeErrorBand {
  /** Youngest true age in the band (whole years, inclusive). */
  readonly fromAge: number;
  /** Oldest true age in the band (inclusive). */
  readonly toAge: number;
  /** Low quantile of estimate − true age (negative: the estimate is younger). */
  readonly lower: number;
  /** High quantile of estimate − true age. */
  readonly upper: number;
}

/** The calibrated bands (packages/core/scripts/train-age/calibrate.py writes them from the utk-train hold-out). */
export const DOCUMENT_AGE_BANDS: readonly AgeErrorBand[] = bandsJson.bands;

/**
 * The range of face estimates (years, as offsets from the true age) that the default estimator produces for
 * nearly all genuine people of `trueAge`: the calibrated low and high quantiles of its error at that age. An
 * estimate outside it suggests the document's date of birth is not this person's (borrowed or altered).
 *
 * @example
 * ```ts
 * const { lower, upper } = ageErrorBandAt(35); // e.g. { lower: -9.1, upper: 7.4 }
 * const consistent = estimate - 35 >= lower && estimate - 35 <= upper;
 * ```
 */
export function ageErrorBandAt(trueAge: number): { lower: number; upper: number } {
  const bands = DOCUMENT_AGE_BANDS;
  const b = bands.find((x) => trueAge >= x.fromAge && trueAge <= x.toAge) ?? (trueAge < bands[0]!.fromAge ? bands[0]! : bands[bands.length - 1]!);
  return { lower: b.lower, upper: b.upper };
}
