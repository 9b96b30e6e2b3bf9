import { cropResize, downscaleInteger } from '../image/transform.js';
import type { Box, RgbImage } from '../image/types.js';

/**
 * The pixels of `box` (rounded outward, clipped to the image) as their own image, and the offset of
 * that sub-image in the source. Lets crops of a large photo work on the region only (the image
 * helpers box-filter the whole image when shrinking).
 */
export function subImage(img: RgbImage, box: Box): { image: RgbImage; x: number; y: number } {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(img.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(img.height, Math.ceil(box.y + box.height));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  if (x0 === 0 && y0 === 0 && w === img.width && h === img.height) return { image: img, x: 0, y: 0 };
  const out = new Uint8Array(w * h * 3);
  if (x1 > x0 && y1 > y0) {
    for (let y = 0; y < h; y++) out.set(img.data.subarray(((y0 + y) * img.width + x0) * 3, ((y0 + y) * img.width + x0 + w) * 3), y * w * 3);
  }
  return { image: { data: out, width: w, height: h, channels: 3 }, x: x0, y: y0 };
}

/**
 * `cropResize` restricted to the region of `box`: same result (outside the image is black), but the
 * cost depends on the box, not on the whole photo.
 *
 * @example
 * ```ts
 * const chip = cropResizeLocal(selfie, face.box, 112, 112);
 * ```
 */
export function cropResizeLocal(img: RgbImage, box: Box, outW: number, outH: number): RgbImage {
  const sub = subImage(img, box);
  return cropResize(sub.image, { x: box.x - sub.x, y: box.y - sub.y, width: box.width, height: box.height }, outW, outH);
}

/**
 * The region around `box` shrunk by an integer `factor` with a box filter (anti-aliasing before a
 * large downscale), and the transform back: source = offset + factor * local.
 */
export function shrinkRegion(img: RgbImage, box: Box, factor: number): { image: RgbImage; x: number; y: number; factor: number } {
  const sub = subImage(img, box);
  return { image: factor >= 2 ? downscaleInteger(sub.image, factor) : sub.image, x: sub.x, y: sub.y, factor: factor >= 2 ? factor : 1 };
}
