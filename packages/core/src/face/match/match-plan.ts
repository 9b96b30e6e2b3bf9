import { type CheckReason, type CheckResult, reason } from '../../check-result.js';
import { ProvefyError } from '../../errors/index.js';
import { type FusionEntry, getModelEntry, locateModel, selectProfile } from '../../models/index.js';
import { getRecognizer } from '../recognizers/index.js';
import { DEFAULT_REVIEW_BELOW } from '../recognizers/onnx-recognizer.js';
import type { FaceRecognizer } from '../recognizers/types.js';
import { embedFace } from './embed-face.js';
import type { FaceSide } from './face-sides.js';
import { DEFAULT_MATCH_QUALITY, qualityIssues } from './quality-gate.js';
import type { FaceMatchOptions, FaceMatchResult, MatchQualityLimits } from './types.js';
import { numericOptions } from '../../util/numeric-options.js';

/** REVIEW band below the threshold when the recognizer's manifest entry has no `reviewThreshold`. */
export const DEFAULT_REVIEW_BAND = DEFAULT_REVIEW_BELOW;

/** A second face at least this fraction of the main face's area counts as another person. */
const SECOND_FACE_AREA = 0.25;

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * Everything a face comparison is decided by, resolved once from the options: the models, the threshold,
 * the REVIEW band and the quality limits. {@link matchFaces} and the evaluation (which embeds each image of a
 * set once and scores pairs from cached embeddings) both decide through {@link decideMatch} with a plan.
 */
export interface MatchPlan {
  readonly detector: string;
  /** The recognizer (the first of {@link MatchPlan.recognizers}). */
  readonly recognizer: FaceRecognizer;
  /** Every recognizer whose scores are fused (one when there is no fusion). */
  readonly recognizers: readonly FaceRecognizer[];
  /** The linear fusion rule of the recognizers' scores, or null for a single recognizer. */
  readonly fusion: FusionEntry | null;
  /** The model id reported as `model`: the recognizer's, or `a+b` for a fusion. */
  readonly model: string;
  /** `similarityScore >= threshold` is a match and, with nothing else wrong, a PASS. */
  readonly threshold: number;
  /** Scores in `[reviewBand[0], reviewBand[1])` give REVIEW; `reviewBand[1]` is the threshold unless a band above it was asked for. */
  readonly reviewBand: readonly [number, number];
  readonly limits: MatchQualityLimits;
  readonly flip: boolean | undefined;
  /** Embed both faces in grey (default for a document, whose printed portrait is colour-cast; not for photo pairs). */
  readonly grey: boolean;
  readonly multipleFaces: 'review' | 'fail';
}

function bandWidths(opt: FaceMatchOptions['reviewBand'], below: number): [number, number] {
  const b = opt ?? [below, 0];
  const [lo, hi] = typeof b === 'number' ? [b, b] : [b[0], b[1]];
  if (!(lo >= 0 && hi >= 0 && lo <= 1 && hi <= 1)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `reviewBand must be between 0 and 1, got ${JSON.stringify(b)}`, { reviewBand: b });
  return [lo, hi];
}

/** The recognizer's calibrated fusion, when it has one, fusion is not switched off and the second model is installed. */
function fusionOf(rec: FaceRecognizer, opts: FaceMatchOptions): FusionEntry | null {
  if (opts.fusion === false) return null;
  const f = getModelEntry(rec.id).fusion;
  if (!f) return null;
  if (locateModel(f.with)) return f;
  if (opts.fusion === true) {
    throw new ProvefyError('PROVEFY_ERR_MODEL_MISSING', `Fusion of ${rec.id} needs ${f.with}. Run \`npx provefy models fetch\`.`, { id: f.with });
  }
  return null;
}

/**
 * Resolves a comparison's models, threshold and bands from {@link FaceMatchOptions}. When the recognizer's
 * manifest entry has a calibrated `fusion` and its second model is installed, both recognizers are run and
 * their scores fused (`fusion: false` turns this off). The default threshold is the calibrated `matchThreshold`
 * (of the fusion, else of the recognizer); the default REVIEW band runs from its `reviewThreshold` up to the
 * threshold. Bad options raise `PROVEFY_ERR_INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const plan = planMatch({ profile: 'compact' }); // { model: 'mobilefacenet_128+faceapi_recognition', threshold: 0.49, reviewBand: [0.26, 0.49], ... }
 * ```
 */
export function planMatch(opts: FaceMatchOptions = {}): MatchPlan {
  const profile = selectProfile(opts.profile);
  const recognizer = getRecognizer(opts.recognizer ?? profile.recognizer);
  const fusion = fusionOf(recognizer, opts);
  const recognizers = fusion ? [recognizer, getRecognizer(fusion.with)] : [recognizer];
  const threshold = opts.threshold ?? fusion?.matchThreshold ?? recognizer.matchThreshold;
  if (!(threshold >= 0 && threshold <= 1)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `threshold must be between 0 and 1, got ${threshold}`, { threshold });
  const below = fusion ? Math.max(0, fusion.matchThreshold - fusion.reviewThreshold) : recognizer.reviewBelow;
  const [lo, hi] = bandWidths(opts.reviewBand, below);
  return {
    detector: opts.detector ?? profile.detector,
    recognizer,
    recognizers,
    fusion,
    model: recognizers.map((r) => r.id).join('+'),
    threshold,
    reviewBand: [round4(Math.max(0, threshold - lo)), round4(Math.min(1, threshold + hi))],
    limits: numericOptions('quality', DEFAULT_MATCH_QUALITY, opts.quality),
    flip: opts.flip,
    grey: opts.grey ?? opts.documentKind !== 'photo',
    multipleFaces: opts.multipleFaces ?? 'review',
  };
}

/**
 * The embeddings of one side of a comparison under a plan, one per recognizer (memoised per image and face by
 * {@link embedFace}).
 *
 * @example
 * ```ts
 * const e = await embedSide(plan, await photoSide(selfie, plan.detector));
 * ```
 */
export function embedSide(plan: MatchPlan, side: FaceSide): Promise<(Float32Array | null)[]> {
  return Promise.all(plan.recognizers.map((r) => embedFace(r, side.image, side.face, plan.flip, plan.grey)));
}

/**
 * Each recognizer's own similarity of two sides' embeddings (null where an embedding is missing).
 *
 * @example
 * ```ts
 * recognizerScores(plan, a, b); // [0.52, 0.61]
 * ```
 */
export function recognizerScores(plan: MatchPlan, a: readonly (Float32Array | null)[], b: readonly (Float32Array | null)[]): (number | null)[] {
  return plan.recognizers.map((r, i) => {
    const x = a[i];
    const y = b[i];
    return x && y ? r.similarity(x, y) : null;
  });
}

/**
 * The fused score of per-recognizer scores under a plan: the single score, or the fusion's clamped linear
 * combination.
 *
 * @example
 * ```ts
 * fuseScores({ fusion: { weights: [0.6, 0.5], offset: -0.2, ... }, ... }, [0.52, 0.61]); // 0.417
 * ```
 */
export function fuseScores(plan: Pick<MatchPlan, 'fusion'>, scores: readonly number[]): number {
  const f = plan.fusion;
  if (!f) return scores[0]!;
  return Math.max(0, Math.min(1, f.offset + f.weights[0] * scores[0]! + f.weights[1] * scores[1]!));
}

/**
 * The similarity score of two sides' embeddings under a plan, rounded as reported (4 decimals); 0 when an
 * embedding is missing.
 *
 * @example
 * ```ts
 * scoreEmbeddings(plan, selfieEmbeddings, documentEmbeddings); // 0.5061
 * ```
 */
export function scoreEmbeddings(plan: MatchPlan, a: readonly (Float32Array | null)[], b: readonly (Float32Array | null)[]): number {
  const s = recognizerScores(plan, a, b);
  return s.every((x) => x !== null) ? round4(fuseScores(plan, s as number[])) : 0;
}

/**
 * The decision of a comparison from its two sides and their similarity score: FAIL with `NO_FACE_SELFIE` /
 * `NO_FACE_DOCUMENT` when a face is missing; PASS at or above the band's top, REVIEW (`NEAR_THRESHOLD`) inside
 * the band, FAIL (`FACE_MISMATCH`) below it; a poor-quality face (`LOW_QUALITY_SELFIE` / `LOW_QUALITY_DOCUMENT`)
 * turns PASS or FAIL into REVIEW; a second person in the selfie (`MULTIPLE_FACES`) never PASSes.
 *
 * @example
 * ```ts
 * const r = decideMatch(plan, selfieSide, documentSide, 0.52); // { result: 'PASS', isMatch: true, ... }
 * ```
 */
export function decideMatch(plan: MatchPlan, s: FaceSide | null, d: FaceSide | null, score: number): FaceMatchResult {
  const { threshold } = plan;
  const base = {
    threshold,
    reviewBand: plan.reviewBand,
    model: plan.model,
    detector: plan.detector,
    faces: { selfie: s?.matched ?? null, document: d?.matched ?? null },
  };
  const reasons: CheckReason[] = [];
  if (!s) reasons.push(reason('NO_FACE_SELFIE', 'No face was found in the selfie'));
  if (!d) reasons.push(reason('NO_FACE_DOCUMENT', 'No portrait was found on the document'));
  if (!s || !d) return { ...base, similarityScore: 0, isMatch: false, result: 'FAIL', reasons };

  const similarityScore = score;
  const isMatch = similarityScore >= threshold;
  const [reviewFrom, passFrom] = plan.reviewBand;
  let result: CheckResult = similarityScore >= passFrom ? 'PASS' : similarityScore < reviewFrom ? 'FAIL' : 'REVIEW';
  const details = { similarityScore, threshold };
  if (result === 'REVIEW') reasons.push(reason('NEAR_THRESHOLD', `Similarity ${similarityScore.toFixed(3)} is too close to the threshold ${threshold} to decide`, details));
  if (result === 'FAIL') reasons.push(reason('FACE_MISMATCH', `Similarity ${similarityScore.toFixed(3)} is below the threshold ${threshold}`, details));

  for (const [side, code, label] of [
    [s, 'LOW_QUALITY_SELFIE', 'selfie'],
    [d, 'LOW_QUALITY_DOCUMENT', 'document portrait'],
  ] as const) {
    const issues = qualityIssues(side.matched.quality, plan.limits);
    if (issues.length === 0) continue;
    reasons.push(reason(code, `The ${label} is not good enough to decide automatically (${issues.join(', ')})`, { issues }));
    result = 'REVIEW';
  }
  if (s.secondFace >= SECOND_FACE_AREA) {
    reasons.push(reason('MULTIPLE_FACES', `The selfie shows ${s.matched.faceCount} faces; the largest was compared`, { faceCount: s.matched.faceCount }));
    if (plan.multipleFaces === 'fail') result = 'FAIL';
    else if (result === 'PASS') result = 'REVIEW';
  }
  return { ...base, similarityScore, isMatch, result, reasons };
}
