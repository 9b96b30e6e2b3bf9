import { type CheckReason, type CheckResult, reason } from '../check-result.js';
import { ProvefyError } from '../errors/index.js';
import type { FaceAnalysis } from '../face/types.js';
import type { ImageInput } from '../image/types.js';
import { selectProfile } from '../models/index.js';
import { SETTINGS, isValidSetting } from '../settings/index.js';
import { analyseLivenessSequence, asFrameList } from './analyse-sequence.js';
import { checkFaceConsistency, type TrackedFace } from './face-consistency.js';
import { judgeChallenge } from './judge-challenge.js';
import { scoreSpoof } from './passive-score.js';
import { runDirectly } from './schedule.js';
import { calibrateScore, DEFAULT_SCORE_CALIBRATION, fuseFrameScores, type ScoreCalibration } from './score-calibration.js';
import {
  LIVENESS_CHALLENGES,
  type LivenessChallengeResult,
  type LivenessChallengeType,
  type LivenessFrame,
  type LivenessOptions,
  type LivenessResult,
} from './types.js';

/** Frames with a face needed before active challenges can be judged. */
export const MIN_CHALLENGE_FRAMES = 5;
/** Frames turned further than this are left out of the passive score when enough frontal ones exist. */
const PASSIVE_MAX_YAW = 30;
/** Share of the frames with a face in which a second face must appear to fail the check. */
const OTHER_FACE_SHARE = 0.1;

function validateOptions(o: LivenessOptions): void {
  const t = o.threshold;
  if (t !== undefined && !isValidSetting('livenessThreshold', t)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'threshold must be a number from 0 to 1', { threshold: t });
  const b = o.reviewBand;
  if (b !== undefined && !(typeof b === 'number' && b >= 0 && b <= 1)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'reviewBand must be a number from 0 to 1', { reviewBand: b });
  for (const [type, w] of Object.entries(o.challengeWindows ?? {})) {
    if (!LIVENESS_CHALLENGES.includes(type as LivenessChallengeType)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Unknown liveness challenge "${type}" in challengeWindows`, { challenge: type });
    if (!w || !Number.isFinite(w.start) || !Number.isFinite(w.end) || w.end < w.start) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `challengeWindows.${type} must be { start, end } with finite times and end >= start`, { challenge: type });
  }
  for (const c of o.challenges ?? []) {
    if (!LIVENESS_CHALLENGES.includes(c)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Unknown liveness challenge "${String(c)}"; use ${LIVENESS_CHALLENGES.join(', ')}`, { challenge: c });
  }
  if (o.schedule !== undefined && typeof o.schedule !== 'function') throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'schedule must be a function', {});
}

/**
 * The contract's liveness check on one selfie or a sequence of camera frames.
 *
 * Passive: every frame's largest face goes through the MiniFASNet V2 (2.7x crop) + V1SE (4x crop)
 * ensemble with upstream's crop geometry; the frame scores are fused by their median (frames turned past
 * 30 degrees are left out when enough frontal ones exist) into `livenessScore`, which must reach
 * `threshold` (0.85).
 *
 * Active: each requested challenge must be found in the frames: `look_straight` (a stretch facing the
 * camera), `blink` (both eyes close and reopen within 0.5 s, measured from eye-patch appearance), and
 * `turn_left`/`turn_right` (the user's own left/right, i.e. as seen on a mirrored preview; see
 * `mirrored`): the smoothed yaw past 27 degrees, held for 0.12 s, and back toward the camera (see
 * `detectTurns`, `judgeChallenge`). With `challengeWindows`, each only counts inside its window.
 *
 * The face must also be alone (MULTIPLE_FACES) and stay the same person (FACE_CHANGED, by embeddings of
 * frames spread over the sequence). Any failed rule gives FAIL with a reason; a score just under the
 * threshold (within `reviewBand`) with nothing else wrong gives REVIEW. Nothing throws for a missing or
 * small face; invalid options or undecodable frames raise a ProvefyError.
 *
 * @example
 * ```ts
 * const { frames, timestamps } = await readVideoFrames('selfie.webm', { maxWidth: 640 });
 * const r = await verifyLiveness(frames, { timestamps, challenges: ['look_straight', 'blink', 'turn_left'] });
 * r.result;        // 'PASS'
 * r.livenessScore; // 0.97
 * r.challenges;    // [{ type: 'look_straight', passed: true, atFrame: 0, at: 0 }, ...]
 * ```
 */
export async function verifyLiveness(
  frames: ImageInput | FaceAnalysis | readonly (ImageInput | FaceAnalysis)[],
  options: LivenessOptions & { calibration?: ScoreCalibration } = {},
): Promise<LivenessResult> {
  validateOptions(options);
  const threshold = options.threshold ?? SETTINGS.livenessThreshold.default;
  const reviewBand = options.reviewBand ?? 0.05;
  const requested = [...new Set(options.challenges ?? [])];
  const profile = selectProfile(options.profile);
  const models = profile.liveness;
  const list = asFrameList(frames);
  if (list.length === 0) {
    return {
      livenessScore: 0,
      result: 'FAIL',
      threshold,
      frames: [],
      challenges: requested.map((type) => ({ type, passed: false, detail: 'no frames' })),
      reasons: [reason('TOO_FEW_FRAMES', 'No frames were given')],
      models,
    };
  }
  const seq = await analyseLivenessSequence(list, options.timestamps, {
    timestampUnit: options.timestampUnit,
    fps: options.fps,
    mirrored: options.mirrored,
    detector: options.detector ?? profile.detector,
    ...(options.tracking !== undefined ? { tracking: options.tracking } : {}),
    ...(options.schedule ? { schedule: options.schedule } : {}),
  });

  // Passive score of every frame with a face.
  const withFace = seq.frames.filter((f) => f.face);
  const schedule = options.schedule ?? runDirectly;
  const raw = await schedule(() =>
    scoreSpoof(
      withFace.map((f) => ({ image: seq.analyses[f.index]!.image, box: f.face!.box })),
      models,
    ),
  );
  const cal = options.calibration ?? DEFAULT_SCORE_CALIBRATION;
  const perFrame = new Map<number, number>();
  for (const [i, f] of withFace.entries()) perFrame.set(f.index, calibrateScore(raw[i]!.real, cal));
  const frontal = withFace.filter((f) => Math.abs(f.yaw ?? 0) <= PASSIVE_MAX_YAW);
  const scored = frontal.length >= Math.min(3, withFace.length) ? frontal : withFace;
  const livenessScore = withFace.length ? fuseFrameScores(scored.map((f) => perFrame.get(f.index))) : 0;

  const outFrames: LivenessFrame[] = seq.frames.map((f) => ({
    index: f.index,
    t: f.t,
    score: perFrame.get(f.index) ?? null,
    faceFound: f.faceFound,
    faceCount: f.faceCount,
    yaw: f.yaw,
    pitch: f.pitch,
  }));

  const hard: CheckReason[] = [];
  let borderline: CheckReason | null = null;
  if (withFace.length === 0) {
    hard.push(reason('NO_FACE', `No face was found in ${list.length === 1 ? 'the image' : `any of the ${list.length} frames`}`, { frames: list.length }));
  } else {
    // Judged on the frames searched whole (the tracker looks only around the user's face in between).
    const searched = withFace.filter((f) => f.fullFrame);
    const multi = searched.filter((f) => f.otherFaces > 0).length;
    if (multi > 0 && multi >= Math.max(1, OTHER_FACE_SHARE * searched.length)) {
      hard.push(reason('MULTIPLE_FACES', `Another face appears beside the user's in ${multi} of ${searched.length} frames searched whole`, { frames: multi, framesWithFace: withFace.length, framesSearched: searched.length }));
    }
    if (livenessScore < threshold) {
      const details = { livenessScore: round(livenessScore), threshold, framesScored: scored.length };
      if (reviewBand > 0 && livenessScore >= threshold - reviewBand) borderline = reason('SPOOF_SCORE', `Liveness score ${livenessScore.toFixed(3)} is just under the threshold ${threshold}`, { ...details, borderline: true });
      else hard.push(reason('SPOOF_SCORE', `Liveness score ${livenessScore.toFixed(3)} is under the threshold ${threshold}: the face looks like a photo, screen or mask`, details));
    }
  }

  // Active challenges.
  const challenges: LivenessChallengeResult[] = [];
  // One frontal photo can show looking straight; blinks and turns need a sequence.
  const needed = requested.every((c) => c === 'look_straight') ? 1 : MIN_CHALLENGE_FRAMES;
  const tooFew = requested.length > 0 && withFace.length < needed;
  if (tooFew) {
    hard.push(reason('TOO_FEW_FRAMES', `The challenges need at least ${needed} frame(s) with a face; got ${withFace.length}`, { framesWithFace: withFace.length, needed }));
  }
  const unit = options.timestampUnit === 'ms' ? 1 / 1000 : 1;
  const windowOf = (type: LivenessChallengeType) => {
    const w = options.challengeWindows?.[type];
    return w ? { start: w.start * unit, end: w.end * unit } : undefined;
  };
  for (const type of requested) challenges.push(tooFew ? { type, passed: false, cause: 'too_few_frames', detail: 'too few frames' } : judgeChallenge(type, seq, windowOf(type)));
  const missing = challenges.filter((c) => !c.passed);
  if (!tooFew && missing.length) {
    hard.push(
      reason('CHALLENGE_NOT_PERFORMED', `Not performed: ${missing.map((c) => c.type).join(', ')}`, {
        challenges: missing.map((c) => c.type),
        detail: Object.fromEntries(missing.map((c) => [c.type, c.detail ?? ''])),
        causes: Object.fromEntries(missing.map((c) => [c.type, c.cause ?? null])),
      }),
    );
  }

  // Same person throughout.
  if (withFace.length >= 2) {
    const tracked: TrackedFace[] = withFace.map((f) => ({ index: f.index, t: f.t, image: seq.analyses[f.index]!.image, face: f.face!, yaw: f.yaw ?? 0 }));
    const c = await checkFaceConsistency(tracked, options.recognizer ?? profile.recognizer);
    if (!c.sameFace) {
      hard.push(
        reason('FACE_CHANGED', `The face at frame ${c.worstFrame} is not the same person as at the start (similarity ${c.minSimilarity?.toFixed(3)} < ${c.threshold})`, {
          frame: c.worstFrame,
          similarity: c.minSimilarity === null ? null : round(c.minSimilarity),
          threshold: c.threshold,
          recognizer: c.recognizer,
          trackBreaks: c.trackBreaks,
        }),
      );
    }
  }

  const result: CheckResult = hard.length ? 'FAIL' : borderline ? 'REVIEW' : 'PASS';
  const reasons = borderline ? [...hard, borderline] : hard;
  return { livenessScore: round(livenessScore), result, threshold, frames: outFrames, challenges, reasons, models };
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
