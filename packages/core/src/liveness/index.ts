export type {
  LivenessChallengeType,
  LivenessOptions,
  LivenessResult,
  LivenessFrame,
  LivenessChallengeResult,
  ChallengeFailureCause,
  BlinkEvent,
  TurnEvent,
  LookStraightEvent,
  ImageDirection,
  WorkScheduler,
} from './types.js';
export { LIVENESS_CHALLENGES } from './types.js';
export { CHALLENGE_FAILURE_CAUSES, missedChallenges, type MissedChallenge } from './challenge-causes.js';
export { verifyLiveness, MIN_CHALLENGE_FRAMES } from './verify-liveness.js';
export { verifyLivenessVideo, type LivenessVideoOptions } from './verify-liveness-video.js';
export { analyseLivenessSequence, findSequenceEvents, frameTimes, type LivenessSequence, type MeasuredFrame, type SequenceFrame, type SequenceOptions } from './analyse-sequence.js';
export { judgeChallenge, type ChallengeWindow } from './judge-challenge.js';
export { scoreSpoof, antiSpoofCropScale, type SpoofScore, type SpoofScoreInput } from './passive-score.js';
export { antiSpoofBox, antiSpoofPatch, upstreamCropRect, cvResizeLinear, type PixelRect } from './anti-spoof-crop.js';
export { calibrateScore, fuseFrameScores, DEFAULT_SCORE_CALIBRATION, type ScoreCalibration } from './score-calibration.js';
export { headPose, NOSE_DEPTH, type HeadPose } from './head-pose.js';
export { eyePatches, eyeSignals, measureEyes, type EyeSignals } from './eye-openness.js';
export { detectBlinks, eyeClosure, type BlinkDetectorOptions, type BlinkFrame } from './blink-detector.js';
export { detectTurns, detectLookStraight, userDirection, smoothYaw, TURN_MIN_YAW, type TurnDetectorOptions, type PoseFrame } from './head-turn-detector.js';
export { checkFaceConsistency, trackBreaks, type FaceConsistency, type TrackedFace } from './face-consistency.js';
export { CAPTURE_REASON_CODES, CAPTURE_TIMING, type CaptureReasonCode, type CaptureReasonInfo } from './capture-reason-codes.js';
export {
  assessCaptureSource,
  checkFrameSequence,
  applyCaptureReasons,
  frameHash,
  VIRTUAL_CAMERA_LABELS,
  type CaptureSourceReport,
  type FrameSequenceInput,
} from './capture-integrity.js';
