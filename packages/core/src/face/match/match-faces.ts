import type { ImageInput } from '../../image/types.js';
import type { FaceAnalysis } from '../types.js';
import { faceMatcher } from './face-matcher.js';
import type { FaceMatchOptions, FaceMatchResult } from './types.js';

export { DEFAULT_REVIEW_BAND } from './match-plan.js';

/**
 * Compares a selfie with an identity document (or a second photo): finds the selfie's face and the
 * document's main portrait, aligns both, embeds them with the profile's recognizer and decides on the
 * similarity ({@link decideMatch}): PASS from the threshold up, REVIEW in the band below it, FAIL under the
 * band. A missing face gives FAIL with `NO_FACE_SELFIE` or `NO_FACE_DOCUMENT`; a poor-quality face
 * (`LOW_QUALITY_SELFIE`, `LOW_QUALITY_DOCUMENT`) or a second person in the selfie (`MULTIPLE_FACES`) never
 * PASSes. Bad input raises a `ProvefyError`. For many pairs over the same images use {@link faceMatcher}.
 *
 * @example
 * ```ts
 * const selfie = await analyseFace(await readFile('selfie.jpg'));
 * const m = await matchFaces(selfie, await readFile('id-card.jpg'));
 * console.log(m.result, m.similarityScore, m.threshold); // 'PASS' 0.5258 0.49
 * ```
 */
export async function matchFaces(selfie: ImageInput | FaceAnalysis, document: ImageInput | FaceAnalysis, opts: FaceMatchOptions = {}): Promise<FaceMatchResult> {
  const m = faceMatcher(opts);
  const [a, b] = await Promise.all([m.prepare(selfie, 'selfie'), m.prepare(document, opts.documentKind === 'photo' ? 'photo' : 'document')]);
  return m.decide(a, b);
}
