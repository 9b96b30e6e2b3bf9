import type { Box, RgbImage } from './types.js';

/**
 * Samples `img` bilinearly into a new `outW`x`outH` RGB image through an affine map from output
 * to source coordinates: `sx = m[0]*x + m[1]*y + m[2]`, `sy = m[3]*x + m[4]*y + m[5]`.
 * Pixels that fall outside the source are filled with `fill` (default black).
 *
 * @example
 * ```ts
 * // 2x downscale
 * const half = warpAffineInverse(img, [2, 0, 0.5, 0, 2, 0.5], img.width / 2, img.height / 2);
 * ```
 */
export function warpAffineInverse(img: RgbImage, m: readonly number[], outW: number, outH: number, fill = 0): RgbImage {
  const out = new Uint8Array(outW * outH * 3);
  const { data, width: w, height: h } = img;
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
  let o = 0;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++, o += 3) {
      const sx = a * x + b * y + c;
      const sy = d * x + e * y + f;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
        out[o] = out[o + 1] = out[o + 2] = fill;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < 3; ch++) {
        const p00 = x0 >= 0 && y0 >= 0 ? data[(y0 * w + x0) * 3 + ch]! : fill;
        const p10 = x0 + 1 < w && y0 >= 0 ? data[(y0 * w + x0 + 1) * 3 + ch]! : fill;
        const p01 = x0 >= 0 && y0 + 1 < h ? data[((y0 + 1) * w + x0) * 3 + ch]! : fill;
        const p11 = x0 + 1 < w && y0 + 1 < h ? data[((y0 + 1) * w + x0 + 1) * 3 + ch]! : fill;
        const top = p00 + (p10 - p00) * fx;
        const bot = p01 + (p11 - p01) * fx;
        out[o + ch] = Math.round(top + (bot - top) * fy);
      }
    }
  }
  return { data: out, width: outW, height: outH, channels: 3 };
}

/**
 * Crops `box` (may extend beyond the image; outside is filled black) and resizes it to `outW`x`outH`
 * with bilinear sampling (pixel-centre aligned). When shrinking by more than 2x, the source is first
 * box-filtered so that thin details do not alias.
 */
export function cropResize(img: RgbImage, box: Box, outW: number, outH: number, fill = 0): RgbImage {
  const scaleX = box.width / outW;
  const scaleY = box.height / outH;
  let src = img;
  let bx = box;
  const factor = Math.floor(Math.min(scaleX, scaleY) / 2);
  if (factor >= 2) {
    src = downscaleInteger(img, factor);
    bx = { x: box.x / factor, y: box.y / factor, width: box.width / factor, height: box.height / factor };
  }
  const sx = bx.width / outW;
  const sy = bx.height / outH;
  return warpAffineInverse(src, [sx, 0, bx.x + 0.5 * sx - 0.5, 0, sy, bx.y + 0.5 * sy - 0.5], outW, outH, fill);
}

/** Box-filter downscale by an integer factor (area average). */
export function downscaleInteger(img: RgbImage, factor: number): RgbImage {
  const w = Math.max(1, Math.floor(img.width / factor));
  const h = Math.max(1, Math.floor(img.height / factor));
  const out = new Uint8Array(w * h * 3);
  const n = factor * factor;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((y * factor + dy) * img.width + x * factor) * 3;
        for (let dx = 0; dx < factor; dx++, i += 3) {
          r += img.data[i]!;
          g += img.data[i + 1]!;
          b += img.data[i + 2]!;
        }
      }
      const o = (y * w + x) * 3;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
    }
  }
  return { data: out, width: w, height: h, channels: 3 };
}

/** Resizes the whole image to `outW`x`outH`. */
export function resizeImage(img: RgbImage, outW: number, outH: number): RgbImage {
  return cropResize(img, { x: 0, y: 0, width: img.width, height: img.height }, outW, outH);
}

/** Luma (BT.601) as a Float32Array of `width*height`, values 0-255. */
export function toGray(img: RgbImage): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = 0.299 * img.data[j]! + 0.587 * img.data[j + 1]! + 0.114 * img.data[j + 2]!;
  return out;
}

/**
 * The image in grey (BT.601 luma in all three channels): removes colour casts while keeping the RGB layout.
 *
 * @example
 * ```ts
 * const g = greyRgb(chip); // g.data[0] === g.data[1] === g.data[2]
 * ```
 */
export function greyRgb(img: RgbImage): RgbImage {
  const y = toGray(img);
  const data = new Uint8Array(y.length * 3);
  for (let i = 0; i < y.length; i++) data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = Math.round(y[i]!);
  return { data, width: img.width, height: img.height, channels: 3 };
}

export interface TensorOptions {
  /** Channel order of the tensor (default 'rgb'). */
  order?: 'rgb' | 'bgr';
  /** Per-channel mean subtracted (in tensor channel order, 0-255 scale); default 0. */
  mean?: readonly [number, number, number] | number;
  /** Per-channel divisor (in tensor channel order); default 1. */
  std?: readonly [number, number, number] | number;
}

/**
 * Writes an RGB image into a planar NCHW float tensor buffer at `offset` (for batching), applying
 * `(v - mean) / std` in the requested channel order. Returns the buffer.
 */
export function toNchw(img: RgbImage, opts: TensorOptions = {}, out?: Float32Array, offset = 0): Float32Array {
  const n = img.width * img.height;
  const buf = out ?? new Float32Array(3 * n);
  const mean = typeof opts.mean === 'number' ? [opts.mean, opts.mean, opts.mean] : (opts.mean ?? [0, 0, 0]);
  const std = typeof opts.std === 'number' ? [opts.std, opts.std, opts.std] : (opts.std ?? [1, 1, 1]);
  const bgr = opts.order === 'bgr';
  for (let c = 0; c < 3; c++) {
    const srcC = bgr ? 2 - c : c;
    const m = mean[c]!;
    const s = std[c]!;
    const base = offset + c * n;
    for (let i = 0; i < n; i++) buf[base + i] = (img.data[i * 3 + srcC]! - m) / s;
  }
  return buf;
}
