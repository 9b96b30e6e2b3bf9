/** The outcome of calibrating a recognizer's match threshold on labelled pairs. */
export interface ThresholdCalibration {
  /** Suggested threshold (rounded up to 0.01). */
  readonly threshold: number;
  /** Normal fit of the impostor scores. */
  readonly impostor: { readonly mean: number; readonly sd: number; readonly max: number; readonly count: number };
  readonly genuine: { readonly mean: number; readonly sd: number; readonly min: number; readonly count: number };
  /** The FAR the threshold targets under the impostor fit. */
  readonly targetFar: number;
  /** Measured on the calibration pairs at the threshold. */
  readonly tar: number;
  readonly far: number;
}

/** Upper-tail quantile z of the standard normal for a tail probability p (Acklam's rational approximation). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  const q = 1 - p; // lower-tail probability
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (q < lo) {
    const t = Math.sqrt(-2 * Math.log(q));
    return (((((c[0]! * t + c[1]!) * t + c[2]!) * t + c[3]!) * t + c[4]!) * t + c[5]!) / ((((d[0]! * t + d[1]!) * t + d[2]!) * t + d[3]!) * t + 1);
  }
  if (q > 1 - lo) {
    const t = Math.sqrt(-2 * Math.log(1 - q));
    return -(((((c[0]! * t + c[1]!) * t + c[2]!) * t + c[3]!) * t + c[4]!) * t + c[5]!) / ((((d[0]! * t + d[1]!) * t + d[2]!) * t + d[3]!) * t + 1);
  }
  const t = q - 0.5;
  const r = t * t;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * t) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

function stats(v: readonly number[]): { mean: number; sd: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, sd: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1)) };
}

/**
 * Calibrates a match threshold from similarity scores of labelled pairs: a normal distribution is
 * fitted to the impostor scores and the threshold is where its upper tail equals `targetFar`
 * (default 1e-5), rounded up to 0.01. The impostor sample of a development set is far too small to
 * observe such a FAR directly, so the fit extrapolates; the measured TAR and FAR at the threshold
 * are reported next to it. Same method for every recognizer (docs/face-matching.md).
 *
 * @example
 * ```ts
 * const c = calibrateThreshold(genuineScores, impostorScores); // { threshold: 0.3, tar: 1, far: 0, ... }
 * ```
 */
export function calibrateThreshold(genuine: readonly number[], impostor: readonly number[], targetFar = 1e-5): ThresholdCalibration {
  if (genuine.length === 0 || impostor.length < 2) throw new RangeError('calibration needs genuine scores and at least two impostor scores');
  const imp = stats(impostor);
  const gen = stats(genuine);
  const threshold = Math.ceil((imp.mean + normalQuantile(targetFar) * imp.sd) * 100) / 100;
  return {
    threshold,
    impostor: { ...imp, max: Math.max(...impostor), count: impostor.length },
    genuine: { ...gen, min: Math.min(...genuine), count: genuine.length },
    targetFar,
    tar: genuine.filter((s) => s >= threshold).length / genuine.length,
    far: impostor.filter((s) => s >= threshold).length / impostor.length,
  };
}
