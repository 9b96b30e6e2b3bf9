/**
 * Threshold and fusion calibration on a large labelled face set (e.g. LFW with 31,115 impostor pairs),
 * from measured scores: no distribution is assumed. See docs/face-matching.md, "Calibration".
 */

/** Mean and standard deviation. */
export interface ScoreStats {
  readonly mean: number;
  readonly sd: number;
}

function statsOf(v: readonly number[]): ScoreStats {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, sd: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1)) };
}

const up2 = (x: number) => Math.ceil(x * 100 - 1e-9) / 100;

/**
 * The lowest threshold, rounded up to 0.01, at which the measured false-accept rate (`score >= t`) is at most
 * `far`: just above the `floor(far * n) + 1`-th highest impostor score. With `far` below `1 / n` it is just above
 * the highest impostor score.
 *
 * @example
 * ```ts
 * thresholdAtFar([0.1, 0.2, 0.31, 0.405], 0.25); // 0.32: one impostor (0.405) of four is at or above it
 * ```
 */
export function thresholdAtFar(impostor: readonly number[], far: number): number {
  if (impostor.length === 0) throw new RangeError('thresholdAtFar needs impostor scores');
  const sorted = [...impostor].sort((a, b) => b - a);
  const allowed = Math.floor(far * sorted.length + 1e-9);
  const above = sorted[allowed];
  if (above === undefined) return 0;
  const t = up2(above);
  return t > above ? t : Math.round((t + 0.01) * 100) / 100;
}

/** Decision thresholds calibrated on labelled scores, with what they cost on the same scores. */
export interface DecisionCalibration {
  /** PASS from here: above every calibration impostor score, and at a measured FAR <= `passFar`. */
  readonly matchThreshold: number;
  /** REVIEW from here up to `matchThreshold` (measured FAR <= `reviewFar`); FAIL below. */
  readonly reviewThreshold: number;
  readonly genuine: number;
  readonly impostor: number;
  /** Highest impostor score. */
  readonly impostorMax: number;
  /** Genuine pairs that PASS / REVIEW / FAIL at these thresholds (scores alone, before quality rules). */
  readonly genuineDecisions: { readonly PASS: number; readonly REVIEW: number; readonly FAIL: number };
  /** Impostor pairs that PASS / REVIEW (scores alone). */
  readonly impostorDecisions: { readonly PASS: number; readonly REVIEW: number; readonly FAIL: number };
}

/** Counts of PASS / REVIEW / FAIL for scores under two thresholds. */
export function decisionCounts(scores: readonly number[], matchThreshold: number, reviewThreshold: number): { PASS: number; REVIEW: number; FAIL: number } {
  const c = { PASS: 0, REVIEW: 0, FAIL: 0 };
  for (const s of scores) c[s >= matchThreshold ? 'PASS' : s >= reviewThreshold ? 'REVIEW' : 'FAIL']++;
  return c;
}

/**
 * PASS and REVIEW thresholds from measured scores: PASS at the larger of the threshold at FAR `passFar`
 * (default 1e-4) and the threshold above every impostor score plus `margin` (default 0.01), so that no
 * calibration impostor passes; REVIEW from the threshold at FAR `reviewFar` (default 1e-2). Both rounded up to 0.01.
 *
 * @example
 * ```ts
 * const c = calibrateDecisionThresholds(genuineScores, impostorScores); // { matchThreshold: 0.41, reviewThreshold: 0.21, ... }
 * ```
 */
export function calibrateDecisionThresholds(
  genuine: readonly number[],
  impostor: readonly number[],
  opts: { passFar?: number; reviewFar?: number; margin?: number } = {},
): DecisionCalibration {
  if (genuine.length === 0 || impostor.length === 0) throw new RangeError('calibration needs genuine and impostor scores');
  const passFar = opts.passFar ?? 1e-4;
  const margin = opts.margin ?? 0.01;
  const impostorMax = Math.max(...impostor);
  const matchThreshold = Math.round(Math.max(thresholdAtFar(impostor, passFar), thresholdAtFar(impostor, 0) + margin) * 100) / 100;
  const reviewThreshold = Math.min(matchThreshold, thresholdAtFar(impostor, opts.reviewFar ?? 1e-2));
  return {
    matchThreshold,
    reviewThreshold,
    genuine: genuine.length,
    impostor: impostor.length,
    impostorMax,
    genuineDecisions: decisionCounts(genuine, matchThreshold, reviewThreshold),
    impostorDecisions: decisionCounts(impostor, matchThreshold, reviewThreshold),
  };
}

/** A linear fusion of two recognizers' scores: `offset + weights[0] * a + weights[1] * b`. */
export interface LinearFusion {
  readonly weights: readonly [number, number];
  readonly offset: number;
  /** The mix of the two impostor-normalised scores it was built from (weight of the first). */
  readonly mix: number;
}

/**
 * The fusion `offset + w0 * a + w1 * b` that is, on the first recognizer's scale, the mix
 * `mix * za + (1 - mix) * zb` of the two scores normalised by their impostor mean and standard deviation:
 * `score = mean_a + sd_a * (mix * za + (1 - mix) * zb)`.
 *
 * @example
 * ```ts
 * linearFusion({ mean: 0.05, sd: 0.07 }, { mean: 0.35, sd: 0.07 }, 0.5); // { weights: [0.5, 0.5], offset: -0.15, mix: 0.5 }
 * ```
 */
export function linearFusion(a: ScoreStats, b: ScoreStats, mix: number): LinearFusion {
  const w0 = mix;
  const w1 = ((1 - mix) * a.sd) / b.sd;
  return { weights: [w0, w1], offset: a.mean - w0 * a.mean - w1 * b.mean, mix };
}

/** Applies a {@link LinearFusion} (clamped to 0-1, like `similarityScore`). */
export function applyFusion(f: Pick<LinearFusion, 'weights' | 'offset'>, a: number, b: number): number {
  return Math.max(0, Math.min(1, f.offset + f.weights[0] * a + f.weights[1] * b));
}

/** Best TAR over thresholds whose measured FAR is at most `far` (scores `>= t` accepted). */
export function tarAtMeasuredFar(genuine: readonly number[], impostor: readonly number[], far: number): number {
  const sorted = [...impostor].sort((x, y) => y - x);
  const allowed = Math.floor(far * sorted.length + 1e-9);
  const bar = sorted[allowed];
  if (bar === undefined) return 1;
  return genuine.filter((s) => s > bar).length / genuine.length;
}

/**
 * Chooses the mix of two recognizers' impostor-normalised scores (grid 0.05 to 0.95 by 0.05) that maximises the
 * mean of two TARs: above every impostor score (the operating point: PASS is set above every calibration impostor)
 * and at measured FAR 1e-4 (which a single look-alike pair cannot dominate), and returns it as a
 * {@link LinearFusion}, scaled about the first recognizer's impostor mean so that the fused impostor scores have
 * its standard deviation. `a` and `b` hold each pair's scores in the same order. (An earlier objective, the mean
 * TAR at FAR 1e-3 and 1e-4, ignored the operating point: on LFW it chose mix 0.65, whose highest impostor, one
 * look-alike pair, sat above 15 % of the genuine pairs; see docs/face-matching.md.)
 *
 * @example
 * ```ts
 * const f = fitFusion({ genuine: gA, impostor: iA }, { genuine: gB, impostor: iB }); // { mix: 0.3, ... }
 * ```
 */
export function fitFusion(
  a: { readonly genuine: readonly number[]; readonly impostor: readonly number[] },
  b: { readonly genuine: readonly number[]; readonly impostor: readonly number[] },
): LinearFusion & { readonly objective: number } {
  if (a.genuine.length !== b.genuine.length || a.impostor.length !== b.impostor.length) throw new RangeError('fitFusion needs the same pairs scored by both recognizers');
  const sa = statsOf(a.impostor);
  const sb = statsOf(b.impostor);
  let best: (LinearFusion & { objective: number }) | null = null;
  for (let k = 1; k <= 19; k++) {
    const raw = linearFusion(sa, sb, k / 20);
    // Spread the fused scores so their impostor sd is the first recognizer's again (a mix of two partly
    // independent scores is narrower): thresholds on the 0.01 grid keep the same resolution.
    const rawSd = statsOf(a.impostor.map((x, i) => raw.offset + raw.weights[0] * x + raw.weights[1] * b.impostor[i]!)).sd;
    const s = rawSd > 0 ? sa.sd / rawSd : 1;
    const f: LinearFusion = { weights: [raw.weights[0] * s, raw.weights[1] * s], offset: sa.mean + s * (raw.offset - sa.mean), mix: raw.mix };
    const g = a.genuine.map((x, i) => applyFusion(f, x, b.genuine[i]!));
    const imp = a.impostor.map((x, i) => applyFusion(f, x, b.impostor[i]!));
    const objective = (tarAtMeasuredFar(g, imp, 0) + tarAtMeasuredFar(g, imp, 1e-4)) / 2;
    if (!best || objective > best.objective + 1e-12) best = { ...f, objective };
  }
  return best!;
}

export { statsOf as scoreStats };
