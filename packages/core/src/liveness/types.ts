import type { CheckReason, CheckResult } from '../check-result.js';
import type { ProfileName } from '../models/index.js';

/** The active challenges of the contract's liveness flow. Left/right are the user's own (see `mirrored`). */
export type LivenessChallengeType = 'look_straight' | 'blink' | 'turn_left' | 'turn_right';

export const LIVENESS_CHALLENGES: readonly LivenessChallengeType[] = ['look_straight', 'blink', 'turn_left', 'turn_right'];

/** Where a nose moved in the picture: the camera-independent description of a head turn. */
export type ImageDirection = 'nose_to_image_left' | 'nose_to_image_right';

/** Options of {@link verifyLiveness}. */
export interface LivenessOptions {
  /** Minimum liveness score to pass, 0-1 (the contract's default 0.85). */
  threshold?: number;
  /** Scores in `[threshold - reviewBand, threshold)` give REVIEW instead of FAIL (default 0.05; 0 disables). */
  reviewBand?: number;
  /** Challenges the user was asked to perform; each must be found in the frames. Default: none (passive only). */
  challenges?: readonly LivenessChallengeType[];
  /**
   * Per challenge, the time window (in the unit of `timestamps`) in which it must be performed: from the
   * prompt to its deadline. A blink, turn or straight look outside its window does not count. Default: the
   * whole sequence.
   */
  challengeWindows?: Partial<Record<LivenessChallengeType, { start: number; end: number }>>;
  /** Capture time of each frame in seconds (or milliseconds when `timestampUnit` is 'ms'). Default: frames `1/fps` apart. */
  timestamps?: readonly number[];
  /** Unit of `timestamps` (default 's'). */
  timestampUnit?: 's' | 'ms';
  /** Frame rate assumed when `timestamps` is absent (default 15). */
  fps?: number;
  /**
   * Whether the frames themselves are mirrored (flipped left-right, as a selfie preview shows them).
   * Default false: frames are what the camera captured, which is what `canvas.drawImage(video)` gives even
   * when the page shows a mirrored preview. `turn_left` always means the user's own left: in an unmirrored
   * frame that moves the nose toward the image's right; in a mirrored frame toward the image's left.
   */
  mirrored?: boolean;
  /** Detector model id (default: the profile's). */
  detector?: string;
  /** Recognizer used to check that the face stays the same person (default: the profile's). */
  recognizer?: string;
  /** Model profile whose liveness models, detector and recognizer are used (default: `selectProfile()`). */
  profile?: ProfileName;
  /** Track the face between frames (default true: the whole frame is searched every 5th frame; see `SequenceOptions.tracking`); false searches every frame whole. */
  tracking?: boolean;
  /**
   * Runs each unit of heavy work (one frame's face analysis, the anti-spoof scoring of the frames) through the caller's
   * scheduler instead of directly: a server passes its fair work queue, so that a long sequence from one session does
   * not hold the queue while other sessions wait (their jobs run between this sequence's frames). Default: run directly.
   *
   * @example
   * ```ts
   * await verifyLiveness(frames, { schedule: (work) => queue.run(work, { owner: sessionId }) });
   * ```
   */
  schedule?: WorkScheduler;
}

/** Runs one unit of work when the caller's scheduler allows, with its result. */
export type WorkScheduler = <T>(work: () => Promise<T>) => Promise<T>;


/** What was measured in one frame. */
export interface LivenessFrame {
  readonly index: number;
  /** Capture time in seconds. */
  readonly t: number;
  /** Passive anti-spoofing score of the largest face (0-1, calibrated), or null without a face. */
  readonly score: number | null;
  readonly faceFound: boolean;
  readonly faceCount: number;
  /** Head yaw in degrees, positive = nose toward the image's right; null without a face. */
  readonly yaw: number | null;
  /** Head pitch in degrees, positive = looking down; null without a face. */
  readonly pitch: number | null;
}

/** One challenge's outcome. `atFrame`/`at` say where it was first seen. */
export interface LivenessChallengeResult {
  readonly type: LivenessChallengeType;
  readonly passed: boolean;
  /** Index of the frame where it was seen (the blink's closed frame, the turn's peak, the first straight frame). */
  readonly atFrame?: number;
  /** Time of that frame in seconds. */
  readonly at?: number;
  /** Why it did not pass, when it did not. */
  readonly detail?: string;
  /** Why it did not pass, machine-readable (the hosted page and kiosk word it for the person), when it did not. */
  readonly cause?: ChallengeFailureCause;
}

/**
 * Why a challenge was not found, for the retry message shown to the person:
 * - `not_facing`: never faced the camera long enough (look_straight);
 * - `no_blink`: the eyes were visible but no blink was seen; `eyes_not_seen`: the eyes were measurable in too few frames;
 * - `no_turn`: no turn past the turn level toward the asked side; `wrong_direction`: a turn toward the other side only;
 *   `no_return`: turned the right way but did not come back toward the camera;
 * - `too_few_frames`: too few frames with a face to judge any challenge.
 */
export type ChallengeFailureCause = 'not_facing' | 'no_blink' | 'eyes_not_seen' | 'no_turn' | 'wrong_direction' | 'no_return' | 'too_few_frames';

/** The result of {@link verifyLiveness}. */
export interface LivenessResult {
  /** Fused passive score over the frames with a face, 0-1 (the contract's `livenessScore`). */
  readonly livenessScore: number;
  readonly result: CheckResult;
  readonly threshold: number;
  readonly frames: readonly LivenessFrame[];
  readonly challenges: readonly LivenessChallengeResult[];
  /** Why the check did not pass (empty on PASS): NO_FACE, MULTIPLE_FACES, SPOOF_SCORE, CHALLENGE_NOT_PERFORMED, FACE_CHANGED, TOO_FEW_FRAMES. */
  readonly reasons: readonly CheckReason[];
  /** The models of the passive ensemble. */
  readonly models: readonly string[];
}

/** A blink found in a frame sequence (times in seconds). */
export interface BlinkEvent {
  /** Time of the most closed frame. */
  readonly t: number;
  readonly start: number;
  readonly end: number;
  /** Index of the most closed frame. */
  readonly frame: number;
  /** Closure strength at the peak (relative drop of eye-opening signals, both eyes; about 0.25-1). */
  readonly strength: number;
}

/** A head turn found in a frame sequence (times in seconds). */
export interface TurnEvent {
  /** The user's own direction (as seen on a mirrored preview); depends on the `mirrored` option. */
  readonly direction: 'left' | 'right';
  /** Where the nose moved in the frames. */
  readonly imageDirection: ImageDirection;
  readonly start: number;
  readonly end: number;
  /** Time and frame index of the largest yaw. */
  readonly peakT: number;
  readonly peakFrame: number;
  /** Largest absolute yaw in degrees. */
  readonly peakYaw: number;
  /** Whether the head came back toward the camera (|yaw| under the return level) before the sequence ended. */
  readonly returned: boolean;
}

/** A stretch where the user looked at the camera. */
export interface LookStraightEvent {
  readonly start: number;
  readonly end: number;
  readonly startFrame: number;
  readonly endFrame: number;
}
