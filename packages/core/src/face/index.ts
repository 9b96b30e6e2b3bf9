export type { DetectedFace, DetectOptions, DetectorRunOptions, FaceAnalysis, FaceDetector, FaceQuality } from './types.js';
export { detectFaces, naturalInputSize } from './detect-faces.js';
export { analyseFace, isFaceAnalysis } from './analyse-face.js';
export { createFaceTracker, trackFaces, trackingRegion, isRegionAnalysis, type FaceTracker, type FaceTrackerOptions, type TrackedFaceAnalysis } from './track-faces.js';
export { faceQuality } from './quality.js';
export { alignFace, estimateSimilarity, applySimilarity, ARCFACE_TEMPLATE, type AlignOptions, type Similarity } from './align.js';
export { getDetector, letterbox, letterboxTensor, iou, nms, type LetterboxedTensor, type TensorNorm } from './detectors/index.js';
export { refineFace, type RefinedFace, type RefineOptions } from './refine-face.js';
export { mirrorAveragedFace } from './mirror-landmarks.js';
export {
  getRecognizer,
  arcfaceRecognizer,
  mobileFaceNetRecognizer,
  faceApiRecognizer,
  faceApiCrop,
  DLIB_CHIP_TEMPLATE,
  onnxRecognizer,
  cosineSimilarity,
  euclideanDistance,
  l2Normalise,
  flipHorizontal,
  type EmbedOptions,
  type FaceRecognizer,
  type FaceApiCropMode,
  type OnnxRecognizerSpec,
} from './recognizers/index.js';
export { findDocumentPortrait, type DocumentPortrait, type FindPortraitOptions } from './portrait/find-document-portrait.js';
export { lumaStats, stretchContrast, type LumaStats } from './portrait/contrast.js';
export { matchFaces, DEFAULT_REVIEW_BAND } from './match/match-faces.js';
export { faceMatcher, prepareFace, type FaceMatcher, type FaceRole, type PreparedFace } from './match/face-matcher.js';
export type { FaceSide } from './match/face-sides.js';
export { planMatch, decideMatch, embedSide, scoreEmbeddings, recognizerScores, fuseScores, type MatchPlan } from './match/match-plan.js';
export { embedFace } from './match/embed-face.js';
export { qualityIssues, DEFAULT_MATCH_QUALITY } from './match/quality-gate.js';
export type { FaceMatchOptions, FaceMatchResult, MatchedFace, MatchQualityLimits } from './match/types.js';
export { getFaceEmbedding, type FaceEmbedding, type FaceEmbeddingOptions } from './match/face-embedding.js';
export { calibrateThreshold, normalQuantile, type ThresholdCalibration } from './calibration/calibrate-threshold.js';
