import type { Point } from '../image/types.js';

/** Head pose in degrees from five landmarks. */
export interface HeadPose {
  /** Positive = nose toward the image's right. */
  readonly yaw: number;
  /** Positive = looking down. */
  readonly pitch: number;
  /** Angle of the eye line; positive = clockwise in the image. */
  readonly roll: number;
  /** Inter-ocular distance in pixels. */
  readonly eyeDistance: number;
}

const DEG = 180 / Math.PI;

/**
 * Depth of the nose tip in front of the plane of the eyes and mouth corners, in units of half the
 * inter-ocular distance, for a generic adult face (about 130 over 150 in the usual 3D head model of
 * pose-estimation tutorials). Under weak perspective the nose tip then sits `NOSE_DEPTH * tan(yaw)`
 * half-eye-distances beside the centroid of the four other points.
 */
export const NOSE_DEPTH = 0.85;

/**
 * Yaw, pitch and roll from the five detector landmarks (image-left eye, image-right eye, nose, mouth
 * left, mouth right). Roll is removed first; yaw = atan(offset / {@link NOSE_DEPTH}) where offset is the
 * nose tip's horizontal distance from the centroid of eyes and mouth corners over half the eye distance.
 * Unlike an arcsine of the same ratio it keeps growing toward profile instead of saturating. Pitch uses
 * where the nose sits between eye line and mouth line (about 55% of the way in a frontal face).
 *
 * @example
 * ```ts
 * const { yaw } = headPose(face.landmarks); // +30: nose toward image right
 * ```
 */
export function headPose(landmarks: readonly Point[]): HeadPose {
  const [le, re, nose, lm, rm] = landmarks as [Point, Point, Point, Point, Point];
  const dx = re.x - le.x;
  const dy = re.y - le.y;
  const eyeDistance = Math.hypot(dx, dy);
  const rollRad = Math.atan2(dy, dx);
  const c = Math.cos(-rollRad);
  const s = Math.sin(-rollRad);
  const rot = (p: Point): Point => ({ x: p.x * c - p.y * s, y: p.x * s + p.y * c });
  const L = rot(le);
  const R = rot(re);
  const N = rot(nose);
  const ML = rot(lm);
  const MR = rot(rm);
  const half = Math.max(1e-6, (R.x - L.x) / 2);
  const cx = (L.x + R.x + ML.x + MR.x) / 4;
  const yaw = Math.atan2((N.x - cx) / half, NOSE_DEPTH) * DEG;
  const eyeY = (L.y + R.y) / 2;
  const mouthY = (ML.y + MR.y) / 2;
  const vertical = Math.max(1e-6, mouthY - eyeY);
  const pitch = Math.asin(Math.max(-1, Math.min(1, ((N.y - eyeY) / vertical - 0.55) / 0.6))) * DEG;
  return { yaw, pitch, roll: rollRad * DEG, eyeDistance };
}
