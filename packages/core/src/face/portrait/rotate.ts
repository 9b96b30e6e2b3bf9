import type { Point, RgbImage } from '../../image/types.js';

/**
 * Rotates an image clockwise by `turns` quarter turns (0-3).
 *
 * @example
 * ```ts
 * const sideways = rotateQuarter(page, 1); // 90 degrees clockwise: width and height swap
 * ```
 */
export function rotateQuarter(img: RgbImage, turns: number): RgbImage {
  const t = ((turns % 4) + 4) % 4;
  if (t === 0) return img;
  const { width: w, height: h, data } = img;
  const ow = t === 2 ? w : h;
  const oh = t === 2 ? h : w;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * 3;
      const [nx, ny] = t === 1 ? [h - 1 - y, x] : t === 2 ? [w - 1 - x, h - 1 - y] : [y, w - 1 - x];
      const d = (ny * ow + nx) * 3;
      out[d] = data[s]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s + 2]!;
    }
  }
  return { data: out, width: ow, height: oh, channels: 3 };
}

/**
 * Maps a point of the image rotated by `turns` clockwise quarter turns back to the original image of
 * size `w`x`h` (continuous coordinates: pixel i spans [i, i + 1)).
 *
 * @example
 * ```ts
 * unrotatePoint({ x: 10, y: 0 }, 1, 640, 480); // { x: 0, y: 470 }
 * ```
 */
export function unrotatePoint(p: Point, turns: number, w: number, h: number): Point {
  const t = ((turns % 4) + 4) % 4;
  if (t === 1) return { x: p.y, y: h - p.x };
  if (t === 2) return { x: w - p.x, y: h - p.y };
  if (t === 3) return { x: w - p.y, y: p.x };
  return p;
}
