/**
 * A monotone map of the ensemble probability in log-odds space: `sigmoid(slope * logit(p) + offset)`.
 * The default is the identity (slope 1, offset 0): with the upstream crop geometry the ensemble's own
 * probability already puts the contract's 0.85 inside the measured gap between live faces and
 * attacks (docs/liveness.md has the figures), so no reshaping is fitted on the small labelled set.
 * Deployments that measure their own cameras can fit slope/offset (Platt scaling) and pass them in.
 */
export interface ScoreCalibration {
  readonly slope: number;
  readonly offset: number;
}

export const DEFAULT_SCORE_CALIBRATION: ScoreCalibration = { slope: 1, offset: 0 };

const EPS = 1e-6;

/**
 * Applies a {@link ScoreCalibration} to a probability.
 *
 * @example
 * ```ts
 * calibrateScore(0.9); // 0.9 (identity default)
 * calibrateScore(0.9, { slope: 1, offset: 0.5 }); // 0.937
 * ```
 */
export function calibrateScore(p: number, cal: ScoreCalibration = DEFAULT_SCORE_CALIBRATION): number {
  if (!Number.isFinite(p)) return 0;
  if (cal.slope === 1 && cal.offset === 0) return Math.min(1, Math.max(0, p));
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  const z = cal.slope * Math.log(q / (1 - q)) + cal.offset;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fuses per-frame scores into one: the median (robust to a few frames with motion blur, a hand in front
 * of the face or a half-profile, where MiniFASNet is least reliable). NaN/undefined entries are skipped;
 * an empty list gives 0.
 *
 * @example
 * ```ts
 * fuseFrameScores([0.97, 0.95, 0.2, 0.99]); // 0.96
 * ```
 */
export function fuseFrameScores(scores: readonly (number | null | undefined)[]): number {
  const v = scores.filter((s): s is number => typeof s === 'number' && Number.isFinite(s)).sort((a, b) => a - b);
  if (v.length === 0) return 0;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
