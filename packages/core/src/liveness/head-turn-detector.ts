import type { ImageDirection, LookStraightEvent, TurnEvent } from './types.js';
import { numericOptions } from '../util/numeric-options.js';

/** Tunables of {@link detectTurns}; the defaults are the calibrated ones (docs/liveness.md). */
export interface TurnDetectorOptions {
  /** Smoothed yaw the head must reach, degrees (default {@link TURN_MIN_YAW}). */
  minYaw?: number;
  /** Smoothed yaw under which the head counts as back toward the camera; also where a turn starts and ends (default 15). */
  returnYaw?: number;
  /** Seconds the smoothed yaw must stay past `minYaw` (frames counted at the clip's frame interval; default 0.12). */
  minHold?: number;
  /** Half-width of the running median that smooths the yaw, seconds (default 0.1; at least one neighbour on each side). */
  smoothHalfWindow?: number;
  /** Whether the frames are mirrored (see `LivenessOptions.mirrored`; default false). */
  mirrored?: boolean;
}

/**
 * Yaw a head turn must reach, degrees (smoothed, held for `minHold`). Calibrated on the fixture clips with
 * the default profile's YuNet landmarks: people talking or making faces reach 22-23 degrees for a few frames
 * (perspective of close faces and landmark jitter), the smallest complete labelled turn 31 degrees.
 */
export const TURN_MIN_YAW = 27;

/** One frame's input: time in seconds and yaw in degrees (positive = nose toward image right), or null without a face. */
export interface PoseFrame {
  readonly t: number;
  readonly yaw: number | null;
  readonly pitch: number | null;
}

/**
 * The user's own turn direction for a nose movement in the frames. In an unmirrored camera frame
 * (the default) the user's left is on the image's right, so a turn to their own left moves the nose
 * toward the image's right; a mirrored frame (as a selfie preview shows it) flips that.
 *
 * @example
 * ```ts
 * userDirection('nose_to_image_right', false); // 'left'
 * userDirection('nose_to_image_right', true);  // 'right'
 * ```
 */
export function userDirection(imageDirection: ImageDirection, mirrored = false): 'left' | 'right' {
  const toImageRight = imageDirection === 'nose_to_image_right';
  return toImageRight !== mirrored ? 'left' : 'right';
}

/**
 * Running median of the yaw over `halfWindow` seconds on each side (at least the neighbouring frames),
 * over the frames with a face; frames without a face stay null. Landmark jitter of single frames (YuNet's
 * nose point moves about 1.2 degrees a frame on a still head) is removed while a real turn, which lasts
 * several tenths of a second, keeps its level.
 *
 * @example
 * ```ts
 * smoothYaw([{ t: 0, yaw: 2, pitch: 0 }, { t: 0.04, yaw: 30, pitch: 0 }, { t: 0.08, yaw: 3, pitch: 0 }]); // [2.5, 3, 16.5]
 * ```
 */
export function smoothYaw(frames: readonly PoseFrame[], halfWindow = 0.1): (number | null)[] {
  return frames.map((f, i) => {
    if (f.yaw === null) return null;
    const w: number[] = [];
    for (let k = i - 1; k >= 0 && (k === i - 1 || f.t - frames[k]!.t <= halfWindow); k--) if (frames[k]!.yaw !== null) w.push(frames[k]!.yaw!);
    w.push(f.yaw);
    for (let k = i + 1; k < frames.length && (k === i + 1 || frames[k]!.t - f.t <= halfWindow); k++) if (frames[k]!.yaw !== null) w.push(frames[k]!.yaw!);
    w.sort((a, b) => a - b);
    const m = w.length >> 1;
    return w.length % 2 ? w[m]! : (w[m - 1]! + w[m]!) / 2;
  });
}

/** Median spacing of the frame times (1 for fewer than two frames). */
function frameInterval(frames: readonly PoseFrame[]): number {
  const d: number[] = [];
  for (let i = 1; i < frames.length; i++) d.push(frames[i]!.t - frames[i - 1]!.t);
  d.sort((a, b) => a - b);
  return d.length ? d[d.length >> 1]! : 1;
}

/**
 * Finds head turns: stretches where the smoothed yaw (running median, see {@link smoothYaw}) goes past
 * `minYaw` to one side and stays there for `minHold` seconds (frames past the level times the frame
 * interval, so a 12 fps clip needs two frames, a 30 fps clip four). A turn extends while the yaw stays on
 * that side above `returnYaw`; frames without a face (detectors lose near-profile faces) do not end it.
 * `returned` tells whether the head came back under `returnYaw` before the sequence ended: the turn
 * challenge counts only returned turns, so drifting away and staying is not a turn.
 *
 * @example
 * ```ts
 * const turns = detectTurns(frames); // [{ direction: 'left', imageDirection: 'nose_to_image_right', peakYaw: 41, returned: true, ... }]
 * ```
 */
export function detectTurns(frames: readonly PoseFrame[], options: TurnDetectorOptions = {}): TurnEvent[] {
  // NaN makes the comparisons false: minYaw NaN with minHold 0 found a "turn" at every frame of a frontal clip.
  const o = numericOptions('turn', { minYaw: TURN_MIN_YAW, returnYaw: 15, minHold: 0.12, smoothHalfWindow: 0.1 }, options, { minYaw: 0, returnYaw: 0, minHold: 0, smoothHalfWindow: 0 });
  const minYaw = o.minYaw;
  const back = o.returnYaw;
  const minHold = o.minHold;
  const ys = smoothYaw(frames, o.smoothHalfWindow);
  const n = frames.length;
  const dt = frameInterval(frames);
  const events: TurnEvent[] = [];
  let i = 0;
  while (i < n) {
    const y = ys[i];
    if (y === null || y === undefined || Math.abs(y) < minYaw) {
      i++;
      continue;
    }
    const sign = Math.sign(y);
    // extend over the whole excursion on this side
    let a = i;
    for (let k = i - 1; k >= 0; k--) {
      const v = ys[k];
      if (v === null || v === undefined) continue;
      if (v * sign <= back) break;
      a = k;
    }
    let b = i;
    let returned = false;
    let k = i + 1;
    for (; k < n; k++) {
      const v = ys[k];
      if (v === null || v === undefined) continue;
      if (v * sign <= back) {
        returned = true;
        break;
      }
      b = k;
    }
    let over = 0;
    let peak = i;
    for (let m = a; m <= b; m++) {
      const v = ys[m];
      if (v === null || v === undefined) continue;
      if (v * sign >= minYaw) over++;
      if (v * sign > (ys[peak] ?? 0) * sign) peak = m;
    }
    // Held: the frames past the level cover minHold (half a frame of slack for frame-time jitter).
    if ((over + 0.5) * dt >= minHold) {
      const imageDirection: ImageDirection = sign > 0 ? 'nose_to_image_right' : 'nose_to_image_left';
      events.push({
        direction: userDirection(imageDirection, options.mirrored),
        imageDirection,
        start: frames[a]!.t,
        end: frames[b]!.t,
        peakT: frames[peak]!.t,
        peakFrame: peak,
        peakYaw: Math.abs(ys[peak] ?? 0),
        returned,
      });
    }
    i = Math.max(k, b + 1);
  }
  return events;
}

/**
 * Stretches where the user looks at the camera: the face is found with |yaw| <= `maxYaw` and
 * |pitch| <= `maxPitch` for at least `minDuration` seconds or `minFrames` frames (all frames of a shorter sequence, so one
 * frontal photo counts).
 *
 * @example
 * ```ts
 * const straight = detectLookStraight(frames); // [{ start: 0, end: 2.1, startFrame: 0, endFrame: 31 }]
 * ```
 */
export function detectLookStraight(
  frames: readonly PoseFrame[],
  opts: { maxYaw?: number; maxPitch?: number; minDuration?: number; minFrames?: number } = {},
): LookStraightEvent[] {
  const maxYaw = opts.maxYaw ?? 15;
  const maxPitch = opts.maxPitch ?? 20;
  const minDuration = opts.minDuration ?? 0.3;
  const minFrames = opts.minFrames ?? 5;
  const ys = smoothYaw(frames);
  const ok = frames.map((f, i) => ys[i] !== null && Math.abs(ys[i]!) <= maxYaw && f.pitch !== null && Math.abs(f.pitch) <= maxPitch);
  const out: LookStraightEvent[] = [];
  let i = 0;
  while (i < frames.length) {
    if (!ok[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < frames.length && ok[j + 1]) j++;
    if (frames[j]!.t - frames[i]!.t >= minDuration || j - i + 1 >= Math.min(minFrames, frames.length)) {
      out.push({ start: frames[i]!.t, end: frames[j]!.t, startFrame: i, endFrame: j });
    }
    i = j + 1;
  }
  return out;
}
