/**
 * @provefy/core: identity-verification checks (liveness, age, documents, face match) and the
 * verification session state machine. Pure functions: no HTTP, no database.
 */
export * from './errors/index.js';
export * from './settings/index.js';
export * from './image/index.js';
export { env, selectProfile, type ResolvedProfile, type ProfileName } from './models/index.js';
export { reason, type CheckResult, type CheckReason } from './check-result.js';
export { CHECK_REASON_CODES, type CheckReasonCode, type CheckReasonInfo } from './check-reason-codes.js';
export * from './face/index.js';
export * from './session/index.js';
export { retry, retryDelay, type BackoffSchedule, type RetryOptions } from './retry/retry.js';
export * from './age/index.js';
export * from './document/index.js';
export { dispose, warmUpChecks, type WarmUpChecksOptions, type WarmUpChecksResult } from './lifecycle/index.js';
export {
  verifyLiveness,
  verifyLivenessVideo,
  analyseLivenessSequence,
  scoreSpoof,
  headPose,
  LIVENESS_CHALLENGES,
  missedChallenges,
  CHALLENGE_FAILURE_CAUSES,
  type MissedChallenge,
  type HeadPose,
  type LivenessOptions,
  type LivenessVideoOptions,
  type LivenessResult,
  type LivenessChallengeType,
  type LivenessChallengeResult,
  type ChallengeFailureCause,
  type LivenessFrame,
  type LivenessSequence,
  type BlinkEvent,
  type TurnEvent,
  type LookStraightEvent,
  CAPTURE_REASON_CODES,
  CAPTURE_TIMING,
  assessCaptureSource,
  checkFrameSequence,
  applyCaptureReasons,
  frameHash,
  VIRTUAL_CAMERA_LABELS,
  type CaptureReasonCode,
  type CaptureReasonInfo,
  type CaptureSourceReport,
  type FrameSequenceInput,
} from './liveness/index.js';
export { readVideoFrames, probeVideo, ffmpegBinaries, resolveFfmpegTool, type FfmpegSource, type FfmpegTool, type ReadVideoOptions, type VideoFrames, type VideoInfo } from './video/index.js';
export { startSpawnBroker } from './process/spawn-tool.js';
