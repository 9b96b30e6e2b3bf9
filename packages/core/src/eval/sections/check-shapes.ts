/**
 * The checks as `provefy eval` uses them: core's own functions and result types (the sections import the
 * functions statically), named once here for the sections.
 */
import type { AgeEstimationResult, estimateAge } from '../../age/estimate-age.js';
import type { parseMrz } from '../../document/mrz/parse-mrz.js';
import type { readDocument } from '../../document/read-document.js';
import type { DocumentResult } from '../../document/types.js';
import type { PreparedFace, faceMatcher } from '../../face/match/face-matcher.js';
import type { matchFaces } from '../../face/match/match-faces.js';
import type { FaceMatchResult } from '../../face/match/types.js';
import type { LivenessChallengeType, LivenessResult } from '../../liveness/types.js';
import type { verifyLiveness } from '../../liveness/verify-liveness.js';

export type MatchFacesResultShape = FaceMatchResult;
export type PreparedFaceShape = PreparedFace;
export type FaceMatcherFn = typeof faceMatcher;
export type MatchFacesFn = typeof matchFaces;
export type AgeResultShape = AgeEstimationResult;
export type EstimateAgeFn = typeof estimateAge;
export type ChallengeType = LivenessChallengeType;
export type LivenessResultShape = LivenessResult;
export type VerifyLivenessFn = typeof verifyLiveness;
export type DocumentResultShape = DocumentResult;
export type ReadDocumentFn = typeof readDocument;
export type ParseMrzFn = typeof parseMrz;
