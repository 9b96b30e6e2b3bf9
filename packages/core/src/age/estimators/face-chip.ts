import type { Box, RgbImage } from '../../image/types.js';
import type { DetectedFace } from '../../face/types.js';

/**
 * A face box derived from the five landmarks rather than from the detector's box, so that the crop is the
 * same whatever detector found the face. Centred between the eye centre and the mouth centre, its side is
 * `scale` times the eye-to-mouth distance combined with the eye distance (robust to yaw and pitch).
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

/**
 * face-api's crop: the box clipped to the image, padded to a square with black (the short side gets
 * round(diff / 2) after and the rest before), resized to `size` with TensorFlow's legacy bilinear
 * (no half-pixel offset).
 */
export function faceApiCrop(img: RgbImage, box: Box, size: number): RgbImage {
  const x0 = Math.max(0, Math.round(box.x));
  const y0 = Math.max(0, Math.round(box.y));
  const x1 = Math.min(img.width, Math.round(box.x + box.width));
  const y1 = Math.min(img.height, Math.round(box.y + box.height));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const side = Math.max(w, h);
  const diff = side - Math.min(w, h);
  const after = Math.round(diff / 2);
  const before = diff - after;
  const offX = w < h ? before : 0;
  const offY = h < w ? before : 0;
  const out = new Uint8Array(size * size * 3);
  const scale = side / size;
  for (let y = 0; y < size; y++) {
    const sy = y * scale - offY;
    const iy = Math.floor(sy);
    const fy = sy - iy;
    for (let x = 0; x < size; x++) {
      const sx = x * scale - offX;
      const ix = Math.floor(sx);
      const fx = sx - ix;
      for (let c = 0; c < 3; c++) {
        const at = (xx: number, yy: number) => (xx >= 0 && yy >= 0 && xx < w && yy < h ? img.data[((y0 + yy) * img.width + x0 + xx) * 3 + c]! : 0);
        const top = at(ix, iy) + (at(Math.min(ix + 1, side - 1), iy) - at(ix, iy)) * fx;
        const bot = at(ix, iy + 1) + (at(Math.min(ix + 1, side - 1), iy + 1) - at(ix, iy + 1)) * fx;
        out[(y * size + x) * 3 + c] = Math.round(top + (bot - top) * fy);
      }
    }
  }
  return { data: out, width: size, height: size, channels: 3 };
}
