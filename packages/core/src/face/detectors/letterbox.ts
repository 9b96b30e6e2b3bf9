import type { RgbImage } from '../../image/types.js';
import { cropResize } from '../../image/transform.js';

/** The image scaled to fit `size`x`size` keeping aspect, padded right and bottom with black. */
export interface Letterboxed {
  readonly image: RgbImage;
  /** Multiply detector coordinates by 1/scale to get source coordinates. */
  readonly scale: number;
}

/**
 * Scales `img` to fit a `size` square (top-left aligned), padding the rest with black. `maxScale`
 * caps enlargement (1 = never upscale a small image, so a face that fills it stays within the
 * detector's anchor sizes).
 *
 * @example
 * ```ts
 * const lb = letterbox(img, 640);
 * // detector coordinates / lb.scale = image coordinates
 * ```
 */
export function letterbox(img: RgbImage, size: number, maxScale = Number.POSITIVE_INFINITY): Letterboxed {
  const scale = Math.min(size / img.width, size / img.height, maxScale);
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  const resized = w === img.width && h === img.height ? img : cropResize(img, { x: 0, y: 0, width: img.width, height: img.height }, w, h);
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < h; y++) out.set(resized.data.subarray(y * w * 3, (y + 1) * w * 3), y * size * 3);
  return { image: { data: out, width: size, height: size, channels: 3 }, scale: w / img.width };
}
