import type { ImageInput } from '../../image/types.js';
import type { FaceAnalysis } from '../types.js';
import { documentSide, type FaceSide, photoSide } from './face-sides.js';
import { decideMatch, embedSide, type MatchPlan, planMatch, scoreEmbeddings } from './match-plan.js';
import type { FaceMatchOptions, FaceMatchResult } from './types.js';

/** One image made ready for comparison: its face (or none) and that face's embedding. */
export interface PreparedFace {
  readonly side: FaceSide | null;
  /** One embedding per recognizer of the plan (empty without a face). */
  readonly embeddings: readonly (Float32Array | null)[];
}

/** What an image is in a comparison: the selfie, a second photo (largest face) or an ID page (portrait search). */
export type FaceRole = 'selfie' | 'photo' | 'document';

/** Compares many images under one set of options, each image detected and embedded once. */
export interface FaceMatcher {
  readonly plan: MatchPlan;
  /** Detects, aligns and embeds an image in its role (`'selfie'` and `'photo'` are the same path). */
  prepare(input: ImageInput | FaceAnalysis, role: FaceRole): Promise<PreparedFace>;
  /** The decision for a prepared selfie against a prepared document or photo: exactly what {@link matchFaces} returns. */
  decide(selfie: PreparedFace, other: PreparedFace): FaceMatchResult;
}

/**
 * Detects, aligns and embeds one image in its role under a plan (one embedding per recognizer of the plan).
 *
 * @example
 * ```ts
 * const f = await prepareFace(planMatch(), await readFile('selfie.jpg'), 'selfie');
 * ```
 */
export async function prepareFace(plan: MatchPlan, input: ImageInput | FaceAnalysis, role: FaceRole, opts: FaceMatchOptions = {}): Promise<PreparedFace> {
  const side = role === 'document' ? await documentSide(input, plan.detector, { ...opts, documentKind: 'document' }) : await photoSide(input, plan.detector, opts);
  return { side, embeddings: side ? await embedSide(plan, side) : [] };
}

/**
 * A matcher for many comparisons under the same options: prepare each image once (detect, re-detect small
 * faces, align, embed), then decide any pair from the prepared faces. {@link matchFaces} is one prepare per
 * side and one decide, so a face set scored this way gets the same decisions as `matchFaces` on every pair.
 *
 * @example
 * ```ts
 * const m = faceMatcher({ detector: 'yunet_2023mar' });
 * const [a, b] = [await m.prepare(selfie, 'selfie'), await m.prepare(idCard, 'document')];
 * m.decide(a, b); // { result: 'PASS', similarityScore: 0.52, ... }
 * ```
 */
export function faceMatcher(opts: FaceMatchOptions = {}): FaceMatcher {
  const plan = planMatch(opts);
  return {
    plan,
    prepare: (input, role) => prepareFace(plan, input, role, opts),
    decide(selfie, other) {
      if (!selfie.side || !other.side) return decideMatch(plan, selfie.side, other.side, 0);
      return decideMatch(plan, selfie.side, other.side, scoreEmbeddings(plan, selfie.embeddings, other.embeddings));
    },
  };
}
