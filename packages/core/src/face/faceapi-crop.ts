import type { Box, RgbImage } from '../image/types.js';

/**
 * face-api's crop: the box clipped to the image, padded to a square with black (the short side gets
 * round(diff / 2) after and the rest before), resized to `size` with TensorFlow's legacy bilinear
 * (no half-pixel offset), so a face-api network sees exactly what it saw under tfjs.
 *
 * @example
 * ```ts
 * const chip = faceApiCrop(img, face.box, 112); // face-api's age network input
 * ```
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
