import { ProvefyError } from '../errors/index.js';
import { createFaceTracker, type FaceTrackerOptions, isRegionAnalysis } from '../face/track-faces.js';
import type { DetectedFace, FaceAnalysis } from '../face/types.js';
import type { ImageInput } from '../image/types.js';
import { type BlinkDetectorOptions, type BlinkFrame, detectBlinks, runningMedian } from './blink-detector.js';
import { type EyeSignals, measureEyes } from './eye-openness.js';
import { headPose } from './head-pose.js';
import { runDirectly } from './schedule.js';
import { detectLookStraight, detectTurns, type TurnDetectorOptions } from './head-turn-detector.js';
import type { BlinkEvent, LookStraightEvent, TurnEvent, WorkScheduler } from './types.js';
import { numericOptions } from '../util/numeric-options.js';

/** Options of {@link analyseLivenessSequence}. */
export interface SequenceOptions {
  /** Unit of the timestamps (default 's'). */
  timestampUnit?: 's' | 'ms';
  /** Frame rate assumed when no timestamps are given (default 15). */
  fps?: number;
  /** Whether the frames are mirrored (see `LivenessOptions.mirrored`; default false). */
  mirrored?: boolean;
  /** Detector model id (default: the profile's). */
  detector?: string;
  /** Most frames accepted (default 1800); more raise PROVEFY_ERR_INVALID_INPUT. */
  maxFrames?: number;
  /** Blink detector tunables. */
  blink?: BlinkDetectorOptions;
  /**
   * Where blinks are not judged (defaults: head turned past 25 degrees, face moving faster than 4 eye
   * distances a second, eye distance jumping by more than a factor 1.25 from its running median, 0.3 s margin).
   */
  blinkGate?: { maxYaw?: number; maxSpeed?: number; maxSizeJump?: number; margin?: number };
  /** Turn detector tunables (`mirrored` is taken from above). */
  turn?: Omit<TurnDetectorOptions, 'mirrored'>;
  /**
   * Face tracking between frames (default on): the whole frame is searched every 5th frame and whenever
   * the region around the previous face fails, otherwise only that region (see `createFaceTracker`).
   * `false` searches every frame whole. A single frame is never tracked.
   */
  tracking?: boolean | Omit<FaceTrackerOptions, 'detector'>;
  /** Runs each frame's analysis through the caller's scheduler (see `LivenessOptions.schedule`). */
  schedule?: WorkScheduler;
}

/** What the sequence analysis measured in one frame. */
export interface SequenceFrame {
  readonly index: number;
  readonly t: number;
  readonly faceFound: boolean;
  /** Faces the detector found (in the searched region when `fullFrame` is false). */
  readonly faceCount: number;
  /** Other faces at least 0.4x as wide as the largest (a second person, a photo held up beside the face). */
  readonly otherFaces: number;
  /** True when the whole frame was searched; false when only the region around the tracked face was (faces elsewhere were not looked for). */
  readonly fullFrame: boolean;
  /** The largest face, or null. */
  readonly face: DetectedFace | null;
  readonly yaw: number | null;
  readonly pitch: number | null;
  readonly eyeDistance: number | null;
  /** Eye signals of the largest face (null without a face). */
  readonly eyes: readonly [EyeSignals, EyeSignals] | null;
  /** True when blinks cannot be judged here (no face, head turned past 25 degrees, eyes under 20 px apart, face moving faster than 4 eye distances a second, landmarks off the track's size (a face partly covered), or within 0.3 s of such a frame). */
  readonly blinkGated: boolean;
}

/** The events found in a frame sequence: what `verifyLiveness` checks challenges against, and what an evaluation compares with labels. */
export interface LivenessSequence {
  readonly frames: readonly SequenceFrame[];
  /** The per-frame face analyses (reuse them: they carry the decoded images). */
  readonly analyses: readonly FaceAnalysis[];
  /** Frame times in seconds. */
  readonly timestamps: readonly number[];
  readonly blinks: readonly BlinkEvent[];
  readonly turns: readonly TurnEvent[];
  readonly lookStraight: readonly LookStraightEvent[];
  /** Share of frames where blinks could be judged (not gated). */
  readonly blinkCoverage: number;
  readonly duration: number;
}

/** Yaw beyond which eye appearance is not compared (the eye patch turns away). */
const BLINK_MAX_YAW = 25;
/** Eyes closer than this (pixels) are too small for the eye-appearance signals. */
const BLINK_MIN_EYE_DISTANCE = 20;
/** Faces moving faster than this (eye distances per second) are motion-blurred: eyes not judged. */
const BLINK_MAX_SPEED = 4;
/**
 * Landmarks off the track: a frame whose eye distance is more than this factor above or below its running
 * median over +-{@link SIZE_HALF_WINDOW} s. A face cannot change size that fast; the detector has fitted a face
 * partly covered (a hand passing in front of it) or a wrong one, so the eye patches are not sampled on the
 * eyes and a covered eye would look closed. On the fixtures, every labelled blink frame lies within 0.91-1.14
 * of its median; the hand across the face of the webcam clip at 3.8 s gives 0.53 (0.54 on its CRF 36 copy).
 */
const BLINK_MAX_SIZE_JUMP = 1.25;
const SIZE_HALF_WINDOW = 0.5;
/** Gate margin around frames where blinks cannot be judged, seconds. */
const GATE_MARGIN = 0.3;
/** A face counts as another person when at least this wide relative to the largest and this confident. */
const OTHER_FACE_WIDTH = 0.4;
const OTHER_FACE_SCORE = 0.6;

/** Speed of the landmarks' centroid in eye distances per second (central difference; 0 at the ends or without neighbours). */
function faceSpeed(frames: readonly { t: number; face: DetectedFace | null; eyeDistance: number | null }[]): number[] {
  const centroid = (f: DetectedFace) => ({
    x: f.landmarks.reduce((a, p) => a + p.x, 0) / 5,
    y: f.landmarks.reduce((a, p) => a + p.y, 0) / 5,
  });
  return frames.map((f, i) => {
    const a = frames[i - 1];
    const b = frames[i + 1];
    if (!f.face || !f.eyeDistance || !a?.face || !b?.face || b.t <= a.t) return 0;
    const ca = centroid(a.face);
    const cb = centroid(b.face);
    return Math.hypot(cb.x - ca.x, cb.y - ca.y) / (b.t - a.t) / f.eyeDistance;
  });
}

/** Normalises frames to a list (a single input is a one-frame sequence). */
export function asFrameList(frames: ImageInput | FaceAnalysis | readonly (ImageInput | FaceAnalysis)[]): (ImageInput | FaceAnalysis)[] {
  return Array.isArray(frames) ? [...(frames as readonly (ImageInput | FaceAnalysis)[])] : [frames as ImageInput | FaceAnalysis];
}

/**
 * Frame times in seconds: the given timestamps (validated: one per frame, finite, non-decreasing) or
 * `index / fps`.
 *
 * @example
 * ```ts
 * frameTimes(3, undefined, { fps: 10 }); // [0, 0.1, 0.2]
 * ```
 */
export function frameTimes(count: number, timestamps: readonly number[] | undefined, opts: { timestampUnit?: 's' | 'ms'; fps?: number } = {}): number[] {
  if (timestamps === undefined) {
    const fps = opts.fps ?? 15;
    if (!(fps > 0) || !Number.isFinite(fps)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'fps must be a positive number', { fps });
    return Array.from({ length: count }, (_, i) => i / fps);
  }
  const list = Array.isArray(timestamps) || ArrayBuffer.isView(timestamps) ? Array.from(timestamps as ArrayLike<number>) : null;
  if (!list || list.length !== count) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Expected ${count} timestamps (one per frame), got ${list ? list.length : typeof timestamps}`, { frames: count });
  }
  const k = opts.timestampUnit === 'ms' ? 1 / 1000 : 1;
  const t = list.map((v) => Number(v) * k);
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i]!)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Timestamp ${i} is not a finite number`, { index: i });
    if (i > 0 && t[i]! < t[i - 1]!) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Timestamps must not decrease (frame ${i})`, { index: i });
  }
  return t;
}

/**
 * Analyses a frame sequence once: finds the face in every frame (tracked between frames: the whole frame
 * is searched every 5th frame, otherwise the region around the previous face; see `tracking`), measures
 * head pose and the eye signals, and finds blinks, head turns (with the user's direction, see `mirrored`) and stretches of
 * looking straight. The evaluation uses it to compare detected events with labels; `verifyLiveness`
 * checks challenges against it.
 *
 * @example
 * ```ts
 * const { frames, timestamps } = await readVideoFrames('clip.mp4', { maxWidth: 640 });
 * const seq = await analyseLivenessSequence(frames, timestamps);
 * seq.blinks; // [{ t: 1.47, start: 1.43, end: 1.5, ... }]
 * seq.turns;  // [{ direction: 'left', imageDirection: 'nose_to_image_right', peakYaw: 38, ... }]
 * ```
 */
export async function analyseLivenessSequence(
  frames: ImageInput | FaceAnalysis | readonly (ImageInput | FaceAnalysis)[],
  timestamps?: readonly number[],
  opts: SequenceOptions = {},
): Promise<LivenessSequence> {
  const list = asFrameList(frames);
  const maxFrames = opts.maxFrames ?? 1800;
  if (list.length > maxFrames) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Too many frames: ${list.length} (at most ${maxFrames})`, { frames: list.length, maxFrames });
  const t = frameTimes(list.length, timestamps, opts);
  // One image is analysed exactly as by analyseFace (nothing to track).
  const tracking = list.length > 1 ? (opts.tracking ?? true) : false;
  const tracker = createFaceTracker({ ...(tracking === true ? {} : tracking === false ? { refreshEvery: 1, refine: false } : tracking), ...(opts.detector ? { detector: opts.detector } : {}) });
  const analyses: FaceAnalysis[] = [];
  const schedule = opts.schedule ?? runDirectly;
  for (const f of list) analyses.push(await schedule(() => tracker.analyse(f)));

  const measured: MeasuredFrame[] = analyses.map((a, index) => {
    const face = a.face;
    const fullFrame = !isRegionAnalysis(a);
    if (!face) return { index, t: t[index]!, faceCount: a.faceCount, otherFaces: 0, fullFrame, face: null, eyes: null };
    const otherFaces = a.faces.filter((f) => f !== face && f.box.width >= OTHER_FACE_WIDTH * face.box.width && f.score >= OTHER_FACE_SCORE).length;
    return { index, t: t[index]!, faceCount: a.faceCount, otherFaces, fullFrame, face, eyes: measureEyes(a.image, face.landmarks) };
  });
  return { ...findSequenceEvents(measured, opts), analyses };
}

/** What {@link findSequenceEvents} needs of one frame: the face found (or null) and its eye signals. */
export interface MeasuredFrame {
  readonly index: number;
  readonly t: number;
  readonly faceCount: number;
  readonly otherFaces: number;
  readonly fullFrame: boolean;
  readonly face: DetectedFace | null;
  readonly eyes: readonly [EyeSignals, EyeSignals] | null;
}

/**
 * The pure second half of {@link analyseLivenessSequence}: from each frame's face and eye signals, the
 * head pose, the blink gating, and the blinks, turns and looking-straight stretches. No pixels are read,
 * so measurements can be stored once and the events found again (the evaluation and calibration scripts do).
 *
 * @example
 * ```ts
 * const { blinks, turns } = findSequenceEvents(measuredFrames, { mirrored: false });
 * ```
 */
export function findSequenceEvents(measured: readonly MeasuredFrame[], opts: Pick<SequenceOptions, 'blink' | 'blinkGate' | 'turn' | 'mirrored'> = {}): Omit<LivenessSequence, 'analyses'> {
  const t = measured.map((f) => f.t);
  const raw = measured.map((f) => {
    const pose = f.face ? headPose(f.face.landmarks) : null;
    return { ...f, faceFound: f.face !== null, yaw: pose?.yaw ?? null, pitch: pose?.pitch ?? null, eyeDistance: pose?.eyeDistance ?? null };
  });
  const speed = faceSpeed(raw);
  // NaN would switch the gate off (every comparison false): blinks counted while the head turns or moves.
  const gate = numericOptions('blinkGate', { maxYaw: BLINK_MAX_YAW, maxSpeed: BLINK_MAX_SPEED, margin: GATE_MARGIN, maxSizeJump: BLINK_MAX_SIZE_JUMP }, opts.blinkGate, { maxYaw: 0, maxSpeed: 0, margin: 0, maxSizeJump: 1 });
  const maxYaw = gate.maxYaw;
  const maxSpeed = gate.maxSpeed;
  const margin = gate.margin;
  const jump = Math.log(gate.maxSizeJump);
  const size = runningMedian(t, raw.map((f) => f.eyeDistance ?? Number.NaN), SIZE_HALF_WINDOW);
  const offTrack = (i: number) => Math.abs(Math.log((raw[i]!.eyeDistance ?? Number.NaN) / size[i]!)) > jump;
  const bad = raw.map((f, i) => !f.faceFound || Math.abs(f.yaw ?? 0) > maxYaw || (f.eyeDistance ?? 0) < BLINK_MIN_EYE_DISTANCE || speed[i]! > maxSpeed || offTrack(i));
  const seqFrames: SequenceFrame[] = raw.map((f, i) => {
    let gated = false;
    for (let k = i; k >= 0 && t[i]! - t[k]! <= margin; k--) if (bad[k]) gated = true;
    for (let k = i + 1; k < raw.length && t[k]! - t[i]! <= margin; k++) if (bad[k]) gated = true;
    return { ...f, blinkGated: gated };
  });
  const blinkFrames: BlinkFrame[] = seqFrames.map((f) => ({ t: f.t, eyes: f.eyes, gated: f.blinkGated }));
  const poseFrames = seqFrames.map((f) => ({ t: f.t, yaw: f.yaw, pitch: f.pitch }));
  return {
    frames: seqFrames,
    timestamps: t,
    blinks: detectBlinks(blinkFrames, opts.blink),
    turns: detectTurns(poseFrames, { ...opts.turn, mirrored: opts.mirrored ?? false }),
    lookStraight: detectLookStraight(poseFrames),
    blinkCoverage: seqFrames.length ? seqFrames.filter((f) => !f.blinkGated).length / seqFrames.length : 0,
    duration: t.length ? t[t.length - 1]! - t[0]! : 0,
  };
}
