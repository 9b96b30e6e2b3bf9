/**
 * The checks as `provefy eval` uses them: core's own functions and result types (the sections import the
 * functions statically), named once here for the sections.
 */
import type {
  AgeEstimationResult,
  DocumentResult,
  estimateAge,
  FaceMatchResult,
  faceMatcher,
  LivenessChallengeType,
  LivenessResult,
  matchFaces,
  parseMrz,
  PreparedFace,
  readDocument,
  verifyLiveness,
} from '@provefy/core';

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
