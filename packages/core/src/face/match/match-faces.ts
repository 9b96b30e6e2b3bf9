import { type CheckReason, type CheckResult, reason } from '../../check-result.js';
import { ProvefyError } from '../../errors/index.js';
import type { ImageInput } from '../../image/types.js';
import { selectProfile } from '../../models/index.js';
import { getRecognizer } from '../recognizers/index.js';
import type { FaceAnalysis } from '../types.js';
import { embedFace } from './embed-face.js';
import { documentSide, photoSide } from './face-sides.js';
import { DEFAULT_MATCH_QUALITY, qualityIssues } from './quality-gate.js';
import type { FaceMatchOptions, FaceMatchResult, MatchQualityLimits } from './types.js';

/** Default half-width of the REVIEW band around the threshold. */
export const DEFAULT_REVIEW_BAND = 0.04;

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** A second face at least this fraction of the main face's area counts as another person. */
const SECOND_FACE_AREA = 0.25;

function band(opt: FaceMatchOptions['reviewBand']): [number, number] {
  const b = opt ?? DEFAULT_REVIEW_BAND;
  const [lo, hi] = typeof b === 'number' ? [b, b] : [b[0], b[1]];
  if (!(lo >= 0 && hi >= 0 && lo <= 1 && hi <= 1)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `reviewBand must be between 0 and 1, got ${JSON.stringify(b)}`, { reviewBand: b });
  return [lo, hi];
}

/**
 * Compares a selfie with an identity document (or a second photo): finds the selfie's face and the
 * document's main portrait, aligns both on the ArcFace template, embeds them with the profile's
 * recognizer and decides on the cosine similarity. PASS when the score clears the threshold by the
 * review band, FAIL below the band, REVIEW inside it. A missing face gives FAIL with `NO_FACE_SELFIE`
 * or `NO_FACE_DOCUMENT`; a poor-quality face (`LOW_QUALITY_SELFIE`, `LOW_QUALITY_DOCUMENT`) or a
 * second person in the selfie (`MULTIPLE_FACES`) never PASSes. Bad input raises a `ProvefyError`.
 *
 * @example
 * ```ts
 * const selfie = await analyseFace(await readFile('selfie.jpg'));
 * const m = await matchFaces(selfie, await readFile('id-card.jpg'));
 * console.log(m.result, m.similarityScore, m.threshold); // 'PASS' 0.5061 0.3
 * ```
 */
export async function matchFaces(selfie: ImageInput | FaceAnalysis, document: ImageInput | FaceAnalysis, opts: FaceMatchOptions = {}): Promise<FaceMatchResult> {
  const profile = selectProfile(opts.profile);
  const detector = opts.detector ?? profile.detector;
  const rec = getRecognizer(opts.recognizer ?? profile.recognizer);
  const threshold = opts.threshold ?? rec.matchThreshold;
  if (!(threshold >= 0 && threshold <= 1)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `threshold must be between 0 and 1, got ${threshold}`, { threshold });
  const [below, above] = band(opts.reviewBand);
  const limits: MatchQualityLimits = { ...DEFAULT_MATCH_QUALITY, ...opts.quality };

  const [s, d] = await Promise.all([photoSide(selfie, detector, opts), documentSide(document, detector, opts)]);
  const base = {
    threshold,
    reviewBand: [round4(Math.max(0, threshold - below)), round4(Math.min(1, threshold + above))] as const,
    model: rec.id,
    detector,
    faces: { selfie: s?.matched ?? null, document: d?.matched ?? null },
  };
  const reasons: CheckReason[] = [];
  if (!s) reasons.push(reason('NO_FACE_SELFIE', 'No face was found in the selfie'));
  if (!d) reasons.push(reason('NO_FACE_DOCUMENT', 'No portrait was found on the document'));
  if (!s || !d) return { ...base, similarityScore: 0, isMatch: false, result: 'FAIL', reasons };

  const [es, ed] = await Promise.all([embedFace(rec, s.image, s.face, opts.flip), embedFace(rec, d.image, d.face, opts.flip)]);
  const similarityScore = es && ed ? round4(rec.similarity(es, ed)) : 0;
  const isMatch = similarityScore >= threshold;
  const [reviewFrom, passFrom] = base.reviewBand;
  let result: CheckResult = similarityScore >= passFrom ? 'PASS' : similarityScore < reviewFrom ? 'FAIL' : 'REVIEW';
  const details = { similarityScore, threshold };
  if (result === 'REVIEW') reasons.push(reason('NEAR_THRESHOLD', `Similarity ${similarityScore.toFixed(3)} is too close to the threshold ${threshold} to decide`, details));
  if (result === 'FAIL') reasons.push(reason('FACE_MISMATCH', `Similarity ${similarityScore.toFixed(3)} is below the threshold ${threshold}`, details));

  for (const [side, code, label] of [
    [s, 'LOW_QUALITY_SELFIE', 'selfie'],
    [d, 'LOW_QUALITY_DOCUMENT', 'document portrait'],
  ] as const) {
    const issues = qualityIssues(side.matched.quality, limits);
    if (issues.length === 0) continue;
    reasons.push(reason(code, `The ${label} is not good enough to decide automatically (${issues.join(', ')})`, { issues }));
    result = 'REVIEW';
  }
  if (s.secondFace >= SECOND_FACE_AREA) {
    reasons.push(reason('MULTIPLE_FACES', `The selfie shows ${s.matched.faceCount} faces; the largest was compared`, { faceCount: s.matched.faceCount }));
    if (opts.multipleFaces === 'fail') result = 'FAIL';
    else if (result === 'PASS') result = 'REVIEW';
  }
  return { ...base, similarityScore, isMatch, result, reasons };
}
