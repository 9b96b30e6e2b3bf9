import { toGray } from '../image/transform.js';
import { cropResizeLocal } from './crop-local.js';
import type { RgbImage } from '../image/types.js';
import type { DetectedFace, FaceQuality } from './types.js';

const RAD = 180 / Math.PI;

/**
 * Quality signals for a face: size, sharpness (variance of the Laplacian on a 112 px crop),
 * brightness, and head pose (yaw, pitch, roll) estimated from the five landmarks.
 *
 * @example
 * ```ts
 * const q = faceQuality(img, face);
 * if (q.eyeDistance < 20 || q.sharpness < 30) askForABetterPhoto();
 * ```
 */
export function faceQuality(img: RgbImage, face: DetectedFace): FaceQuality {
  const [le, re, nose, lm, rm] = face.landmarks;
  const eyeDx = re.x - le.x;
  const eyeDy = re.y - le.y;
  const eyeDistance = Math.hypot(eyeDx, eyeDy);
  const roll = Math.atan2(eyeDy, eyeDx) * RAD;
  // Rotate into the eye-line frame so roll does not leak into yaw/pitch.
  const c = Math.cos(-roll / RAD);
  const s = Math.sin(-roll / RAD);
  const rot = (p: { x: number; y: number }) => ({ x: p.x * c - p.y * s, y: p.x * s + p.y * c });
  const [rle, rre, rn, rlm, rrm] = [le, re, nose, lm, rm].map(rot) as [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }];
  const eyeMidX = (rle.x + rre.x) / 2;
  const eyeY = (rle.y + rre.y) / 2;
  const mouthY = (rlm.y + rrm.y) / 2;
  const half = Math.max(1e-6, (rre.x - rle.x) / 2);
  const yaw = Math.asin(Math.max(-1, Math.min(1, (rn.x - eyeMidX) / (half * 1.6)))) * RAD;
  // Nose sits at about 55% of the way from the eye line to the mouth line in a frontal face.
  const vertical = Math.max(1e-6, mouthY - eyeY);
  const pitch = Math.asin(Math.max(-1, Math.min(1, ((rn.y - eyeY) / vertical - 0.55) / 0.6))) * RAD;

  const side = Math.max(face.box.width, face.box.height);
  const crop = cropResizeLocal(img, { x: face.box.x + face.box.width / 2 - side / 2, y: face.box.y + face.box.height / 2 - side / 2, width: side, height: side }, 112, 112);
  const g = toGray(crop);
  let sum = 0;
  for (let i = 0; i < g.length; i++) sum += g[i]!;
  const brightness = sum / g.length;
  let lapSum = 0;
  let lapSq = 0;
  let n = 0;
  for (let y = 1; y < 111; y++) {
    for (let x = 1; x < 111; x++) {
      const i = y * 112 + x;
      const v = g[i - 112]! + g[i + 112]! + g[i - 1]! + g[i + 1]! - 4 * g[i]!;
      lapSum += v;
      lapSq += v * v;
      n++;
    }
  }
  const mean = lapSum / n;
  return {
    eyeDistance,
    faceSize: Math.min(face.box.width, face.box.height),
    sharpness: lapSq / n - mean * mean,
    brightness,
    yaw,
    pitch,
    roll,
  };
}
