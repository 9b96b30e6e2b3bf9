/**
 * Score-based verification metrics for a two-class problem: "genuine" (same person, live face) scores
 * against "impostor" (different person, spoof) scores, where a higher score means "more genuine" and a
 * pair is accepted when `score >= threshold`. Scores may be `-Infinity` (e.g. no face found: always rejected).
 */

/** One operating point of a ROC curve. */
export interface RocPoint {
  /** Accept when `score >= threshold` (`Infinity` = accept nothing). */
  readonly threshold: number;
  /** False accept rate: share of impostor scores >= threshold. */
  readonly far: number;
  /** True accept rate: share of genuine scores >= threshold. */
  readonly tar: number;
  /** False reject rate: 1 - tar. */
  readonly frr: number;
}

function assertNonEmpty(genuine: readonly number[], impostor: readonly number[]): void {
  if (genuine.length === 0 || impostor.length === 0) {
    throw new RangeError(`ROC metrics need both classes (genuine ${genuine.length}, impostor ${impostor.length})`);
  }
  for (const s of [...genuine, ...impostor]) if (Number.isNaN(s)) throw new RangeError('ROC metrics got a NaN score');
}

/**
 * The empirical ROC curve: one point per distinct score (ties form a single step), from
 * `(far 0, tar 0)` at threshold `Infinity` to `(1, 1)` at the lowest score.
 *
 * @example
 * ```ts
 * rocCurve([0.9, 0.8], [0.3, 0.8]);
 * // [{threshold: Infinity, far: 0, tar: 0, frr: 1}, {threshold: 0.9, far: 0, tar: 0.5, ...},
 * //  {threshold: 0.8, far: 0.5, tar: 1, ...}, {threshold: 0.3, far: 1, tar: 1, ...}]
 * ```
 */
export function rocCurve(genuine: readonly number[], impostor: readonly number[]): RocPoint[] {
  assertNonEmpty(genuine, impostor);
  const all = [...genuine.map((s) => ({ s, g: 1 })), ...impostor.map((s) => ({ s, g: 0 }))].sort((a, b) => b.s - a.s);
  const points: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, far: 0, tar: 0, frr: 1 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < all.length; ) {
    const s = all[i]!.s;
    while (i < all.length && all[i]!.s === s) {
      if (all[i]!.g) tp++;
      else fp++;
      i++;
    }
    const tar = tp / genuine.length;
    points.push({ threshold: s, far: fp / impostor.length, tar, frr: 1 - tar });
  }
  return points;
}

/**
 * Area under the ROC curve by the rank statistic (Mann-Whitney U with mid-ranks): the probability that a
 * random genuine score exceeds a random impostor score, ties counting one half. Equals the trapezoidal
 * area under {@link rocCurve}.
 *
 * @example
 * ```ts
 * aucRank([0.9, 0.8], [0.3, 0.8]); // (1 + 1 + 1 + 0.5) / 4 = 0.875
 * ```
 */
export function aucRank(genuine: readonly number[], impostor: readonly number[]): number {
  assertNonEmpty(genuine, impostor);
  const all = [...genuine.map((s) => ({ s, g: true })), ...impostor.map((s) => ({ s, g: false }))].sort((a, b) => a.s - b.s);
  let rankSumGenuine = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j++;
    const midRank = (i + 1 + j) / 2; // ranks i+1..j share their mean
    for (let k = i; k < j; k++) if (all[k]!.g) rankSumGenuine += midRank;
    i = j;
  }
  const ng = genuine.length;
  const ni = impostor.length;
  return (rankSumGenuine - (ng * (ng + 1)) / 2) / (ng * ni);
}

/** The equal error rate and where it lies. */
export interface EerResult {
  /** The rate where FAR = FRR, linearly interpolated between the two ROC points around the crossing. */
  readonly eer: number;
  /** The score threshold at the crossing (interpolated when both neighbours are finite). */
  readonly threshold: number;
}

/**
 * Equal error rate by linear interpolation: walks the ROC from the strictest threshold, finds the first
 * point where FAR >= FRR and interpolates FAR - FRR = 0 between it and the point before.
 *
 * @example
 * ```ts
 * equalErrorRate([0.9, 0.6], [0.7, 0.1]).eer; // 0.5
 * ```
 */
export function equalErrorRate(genuine: readonly number[], impostor: readonly number[]): EerResult {
  const roc = rocCurve(genuine, impostor);
  for (let k = 1; k < roc.length; k++) {
    const b = roc[k]!;
    const db = b.far - b.frr;
    if (db < 0) continue;
    const a = roc[k - 1]!;
    const da = a.far - a.frr; // < 0
    const t = da === db ? 0 : da / (da - db);
    const eer = a.far + t * (b.far - a.far);
    const threshold = Number.isFinite(a.threshold) && Number.isFinite(b.threshold) ? a.threshold + t * (b.threshold - a.threshold) : b.threshold;
    return { eer, threshold };
  }
  /* c8 ignore next: the last point always has far = 1 >= frr = 0 */
  return { eer: 0, threshold: roc[roc.length - 1]!.threshold };
}

/** TAR at a target FAR. */
export interface TarAtFar {
  /** The FAR asked for. */
  readonly targetFar: number;
  /** The highest TAR among thresholds whose FAR <= targetFar. */
  readonly tar: number;
  /** The FAR actually reached at that threshold. */
  readonly far: number;
  /** The threshold (accept when score >= threshold). */
  readonly threshold: number;
  /** Number of impostor scores: the FAR resolution is 1 / impostors. */
  readonly impostors: number;
  /** True when targetFar < 1 / impostors: the set cannot measure that FAR, the TAR shown is at FAR 0. */
  readonly belowResolution: boolean;
}

/**
 * The true accept rate at a false accept rate: the best TAR over thresholds with FAR <= `targetFar`.
 * Flags when the target is finer than the `1 / impostors` resolution of the set.
 *
 * @example
 * ```ts
 * tarAtFar([0.9, 0.8, 0.4], [0.85, 0.3, 0.2, 0.1], 0.25); // { tar: 1, far: 0.25, threshold: 0.4, ... }
 * ```
 */
export function tarAtFar(genuine: readonly number[], impostor: readonly number[], targetFar: number): TarAtFar {
  const roc = rocCurve(genuine, impostor);
  let best = roc[0]!;
  for (const p of roc) if (p.far <= targetFar + 1e-12 && p.tar >= best.tar) best = p;
  return {
    targetFar,
    tar: best.tar,
    far: best.far,
    threshold: best.threshold,
    impostors: impostor.length,
    belowResolution: targetFar < 1 / impostor.length,
  };
}

/** Error rates when accepting `score >= threshold`. */
export interface RatesAtThreshold {
  readonly threshold: number;
  /** Genuine accepted. */
  readonly truePositives: number;
  /** Genuine rejected. */
  readonly falseNegatives: number;
  /** Impostors accepted. */
  readonly falsePositives: number;
  /** Impostors rejected. */
  readonly trueNegatives: number;
  /** falsePositives / impostors. */
  readonly far: number;
  /** falseNegatives / genuine. */
  readonly frr: number;
  /** Correct decisions / all. */
  readonly accuracy: number;
}

/**
 * Confusion counts and rates at one threshold (accept when `score >= threshold`).
 *
 * @example
 * ```ts
 * ratesAtThreshold([0.9, 0.4], [0.5, 0.1], 0.5); // { far: 0.5, frr: 0.5, accuracy: 0.5, ... }
 * ```
 */
export function ratesAtThreshold(genuine: readonly number[], impostor: readonly number[], threshold: number): RatesAtThreshold {
  const tp = genuine.filter((s) => s >= threshold).length;
  const fp = impostor.filter((s) => s >= threshold).length;
  const fn = genuine.length - tp;
  const tn = impostor.length - fp;
  const n = genuine.length + impostor.length;
  return {
    threshold,
    truePositives: tp,
    falseNegatives: fn,
    falsePositives: fp,
    trueNegatives: tn,
    far: impostor.length ? fp / impostor.length : Number.NaN,
    frr: genuine.length ? fn / genuine.length : Number.NaN,
    accuracy: n ? (tp + tn) / n : Number.NaN,
  };
}

/** Presentation-attack error rates (ISO/IEC 30107-3) at a threshold: live = bona fide, spoof = attack. */
export interface PadRates {
  readonly threshold: number;
  /** Attack presentations accepted as live / attacks. */
  readonly apcer: number;
  /** Bona fide presentations rejected / bona fide. */
  readonly bpcer: number;
  /** (APCER + BPCER) / 2. */
  readonly acer: number;
  readonly attacks: number;
  readonly bonaFide: number;
}

/**
 * APCER, BPCER and ACER when a presentation is accepted as live at `score >= threshold`.
 *
 * @example
 * ```ts
 * padRates([0.95, 0.5], [0.9, 0.1, 0.2, 0.3], 0.85); // { apcer: 0.25, bpcer: 0.5, acer: 0.375, ... }
 * ```
 */
export function padRates(liveScores: readonly number[], spoofScores: readonly number[], threshold: number): PadRates {
  const r = ratesAtThreshold(liveScores, spoofScores, threshold);
  return { threshold, apcer: r.far, bpcer: r.frr, acer: (r.far + r.frr) / 2, attacks: spoofScores.length, bonaFide: liveScores.length };
}
