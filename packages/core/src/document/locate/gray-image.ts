import type { RgbImage } from '../../image/types.js';
import { objectValueCache } from '../../util/memo-per-object.js';

/** An 8-bit single-channel image, row-major. */
export interface GrayImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Luma of an RGB image, downscaled by area averaging so that its longer side is at most `maxSide`
 * (no upscaling). Returns the image and the scale (working pixels per source pixel).
 *
 * @example
 * ```ts
 * const { image, scale } = grayDownscaled(rgb, 800);
 * ```
 */
export function grayDownscaled(img: RgbImage, maxSide: number): { image: GrayImage; scale: number } {
  const longer = Math.max(img.width, img.height);
  const scale = Math.min(1, maxSide / longer);
  const sw = img.width;
  const sh = img.height;
  const w = Math.max(1, Math.round(sw * scale));
  const h = Math.max(1, Math.round(sh * scale));
  const out = new Uint8Array(w * h);
  const src = img.data;
  if (w === sw && h === sh) {
    for (let i = 0, j = 0; i < out.length; i++, j += 3) out[i] = (77 * src[j]! + 150 * src[j + 1]! + 29 * src[j + 2]!) >> 8;
    return { image: { data: out, width: w, height: h }, scale: 1 };
  }
  // Area average: source columns [x0s[x], x1s[x]) and rows [y0, y1) feed output pixel (x, y).
  const x0s = new Int32Array(w);
  const x1s = new Int32Array(w);
  for (let x = 0; x < w; x++) {
    x0s[x] = Math.floor((x * sw) / w);
    x1s[x] = Math.max(x0s[x]! + 1, Math.min(sw, Math.floor(((x + 1) * sw) / w)));
  }
  const acc = new Uint32Array(sw);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * sh) / h);
    const y1 = Math.max(y0 + 1, Math.min(sh, Math.floor(((y + 1) * sh) / h)));
    acc.fill(0);
    for (let yy = y0; yy < y1; yy++) {
      let j = yy * sw * 3;
      for (let x = 0; x < sw; x++, j += 3) acc[x] = acc[x]! + 77 * src[j]! + 150 * src[j + 1]! + 29 * src[j + 2]!;
    }
    const rows = y1 - y0;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const a = x0s[x]!;
      const b = x1s[x]!;
      let s = 0;
      for (let xx = a; xx < b; xx++) s += acc[xx]!;
      out[o + x] = s / ((b - a) * rows * 256);
    }
  }
  return { image: { data: out, width: w, height: h }, scale: w / img.width };
}

/** The image turned by a multiple of 90 degrees clockwise. */
export function rotateGray(img: GrayImage, quarterTurns: number): GrayImage {
  const q = ((quarterTurns % 4) + 4) % 4;
  if (q === 0) return img;
  const { width: w, height: h, data } = img;
  const ow = q === 2 ? w : h;
  const oh = q === 2 ? h : w;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let ox: number;
      let oy: number;
      if (q === 1) {
        ox = h - 1 - y;
        oy = x;
      } else if (q === 2) {
        ox = w - 1 - x;
        oy = h - 1 - y;
      } else {
        ox = y;
        oy = w - 1 - x;
      }
      out[oy * ow + ox] = data[y * w + x]!;
    }
  }
  return { data: out, width: ow, height: oh };
}

/** Otsu's threshold of a histogram of 256 bins. */
export function otsuThreshold(hist: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i]!;
    sum += i * hist[i]!;
  }
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let bestT = 0;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

/**
 * Encodes a grey image as binary PGM (P5), which Tesseract reads without any compression cost.
 *
 * @example
 * ```ts
 * const bytes = encodePgm(band); // pass to recognize()
 * ```
 */
export function encodePgm(img: GrayImage): Buffer {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'ascii');
  return Buffer.concat([header, Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length)]);
}

const workingCache = objectValueCache<{ image: GrayImage; scale: number }>();

/**
 * {@link grayDownscaled}, memoised per decoded image and size, so that the MRZ search, the visual-zone
 * reader and the barcode reader share one working copy.
 */
export function workingGray(img: RgbImage, maxSide: number): { image: GrayImage; scale: number } {
  return workingCache.get(img, String(maxSide), () => grayDownscaled(img, maxSide));
}
