import type { ImageDirection, LookStraightEvent, TurnEvent } from './types.js';

/** Tunables of {@link detectTurns}. */
export interface TurnDetectorOptions {
  /** Yaw the head must reach, degrees (default 22). */
  minYaw?: number;
  /** Yaw under which the head counts as back toward the camera; also where a turn starts/ends (default 10). */
  returnYaw?: number;
  /** Whether the frames are mirrored (see `LivenessOptions.mirrored`; default false). */
  mirrored?: boolean;
}

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

/** Median of each frame's yaw with its neighbours (frames without a face stay null). */
export function smoothYaw(frames: readonly PoseFrame[]): (number | null)[] {
  return frames.map((f, i) => {
    if (f.yaw === null) return null;
    const w = [frames[i - 1]?.yaw, f.yaw, frames[i + 1]?.yaw].filter((v): v is number => typeof v === 'number');
    w.sort((a, b) => a - b);
    return w.length === 3 ? w[1]! : w.reduce((a, b) => a + b, 0) / w.length;
  });
}

/**
 * Finds head turns: stretches where the (3-frame median) yaw goes beyond `minYaw` to one side for at
 * least two frames (one when frames are 100 ms or more apart). A turn extends while the yaw stays on that
 * side above `returnYaw`; frames without a face (detectors lose near-profile faces) do not end it.
 * `returned` tells whether the head came back under `returnYaw` before the sequence ended.
 *
 * @example
 * ```ts
 * const turns = detectTurns(frames); // [{ direction: 'left', imageDirection: 'nose_to_image_right', peakYaw: 41, ... }]
 * ```
 */
export function detectTurns(frames: readonly PoseFrame[], options: TurnDetectorOptions = {}): TurnEvent[] {
  const minYaw = options.minYaw ?? 22;
  const back = options.returnYaw ?? 10;
  const ys = smoothYaw(frames);
  const n = frames.length;
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
    const gap = n > 1 ? (frames[n - 1]!.t - frames[0]!.t) / (n - 1) : 1;
    if (over >= 2 || (over >= 1 && gap >= 0.1)) {
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
