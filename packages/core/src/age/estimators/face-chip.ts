import type { Box } from '../../image/types.js';
import type { DetectedFace } from '../../face/types.js';

/**
 * A face box derived from the five landmarks rather than from the detector's box, so that the crop is the
 * same whatever detector found the face. Centred between the eye centre and the mouth centre, its side is
 * `scale` times the eye-to-mouth distance combined with the eye distance (robust to yaw and pitch).
 *
 * @example
 * ```ts
 * const box = landmarkBox(face, 2.3); // the face-api age network's crop
 * ```
 */
export function landmarkBox(face: DetectedFace, scale: number): Box {
  const [le, re, , lm, rm] = face.landmarks;
  const eye = { x: (le.x + re.x) / 2, y: (le.y + re.y) / 2 };
  const mouth = { x: (lm.x + rm.x) / 2, y: (lm.y + rm.y) / 2 };
  const eyeMouth = Math.hypot(mouth.x - eye.x, mouth.y - eye.y);
  const eyeDist = Math.hypot(re.x - le.x, re.y - le.y);
  const unit = Math.max(eyeMouth, eyeDist * 0.9);
  const side = unit * scale;
  const cx = (eye.x + mouth.x) / 2;
  const cy = (eye.y + mouth.y) / 2;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}
