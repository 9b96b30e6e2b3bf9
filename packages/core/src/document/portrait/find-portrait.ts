import { detectFaces } from '../../face/index.js';
import { resizeImage } from '../../image/transform.js';
import type { Box, RgbImage } from '../../image/types.js';
import { unturn } from '../locate/extract-band.js';

/** The image turned by a multiple of 90 degrees clockwise. */
export function rotateRgb(img: RgbImage, quarterTurns: number): RgbImage {
  const q = ((quarterTurns % 4) + 4) % 4;
  if (q === 0) return img;
  const { width: w, height: h, data } = img;
  const ow = q === 2 ? w : h;
  const oh = q === 2 ? h : w;
  const out = new Uint8Array(w * h * 3);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const p = unturn({ x: ox, y: oy }, q, w, h);
      const s = (p.y * w + p.x) * 3;
      const o = (oy * ow + ox) * 3;
      out[o] = data[s]!;
      out[o + 1] = data[s + 1]!;
      out[o + 2] = data[s + 2]!;
    }
  }
  return { data: out, width: ow, height: oh, channels: 3 };
}

/** Longer side of the image the portrait is searched in (a document portrait is large on the page). */
const PORTRAIT_SIDE = 640;

/**
 * Finds the portrait (largest face) on a document image, cheaply: one pass of the face detector at its
 * 640 px input (no retries), on the page turned upright by `uprightTurns`. Returns the face box
 * in the source image's pixels, or null.
 *
 * @example
 * ```ts
 * const box = await findPortrait(rgb, 0); // { x, y, width, height } or null
 * ```
 */
export async function findPortrait(img: RgbImage, uprightTurns = 0): Promise<Box | null> {
  // Upright pages go to the detector as they are (it letterboxes straight into its input tensor);
  // turned pages are turned on a 640 px copy first.
  const turns = ((uprightTurns % 4) + 4) % 4;
  const s = turns === 0 ? 1 : Math.min(1, PORTRAIT_SIDE / Math.max(img.width, img.height));
  const small = s < 1 ? resizeImage(img, Math.max(1, Math.round(img.width * s)), Math.max(1, Math.round(img.height * s))) : img;
  const sx = small.width / img.width;
  const sy = small.height / img.height;
  const upright = rotateRgb(small, turns);
  const faces = await detectFaces(upright, { retry: false });
  const face = faces[0];
  if (!face) return null;
  // Box corners back to the unturned small image, then to source pixels.
  const a = unturn({ x: face.box.x, y: face.box.y }, turns, small.width, small.height);
  const b = unturn({ x: face.box.x + face.box.width, y: face.box.y + face.box.height }, turns, small.width, small.height);
  const x0 = Math.max(0, Math.min(a.x, b.x) / sx);
  const y0 = Math.max(0, Math.min(a.y, b.y) / sy);
  const x1 = Math.min(img.width, Math.max(a.x, b.x) / sx);
  const y1 = Math.min(img.height, Math.max(a.y, b.y) / sy);
  return { x: Math.round(x0), y: Math.round(y0), width: Math.round(x1 - x0), height: Math.round(y1 - y0) };
}
