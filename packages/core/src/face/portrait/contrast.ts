import type { RgbImage } from '../../image/types.js';

/** Luma mean and standard deviation of an image (or of its central `frac` of width and height). */
export interface LumaStats {
  readonly mean: number;
  readonly sd: number;
  /** Mean chroma (max - min of R, G, B), 0-255: near 0 for a grey print or a ghost image. */
  readonly chroma: number;
}

/**
 * Luma statistics of the central region of an image (default: the middle 60 %), e.g. of an aligned
 * face chip: a faint ghost image has a low `sd`.
 *
 * @example
 * ```ts
 * lumaStats(alignFace(img, face.landmarks)).sd; // 12 for a faint ghost, 40+ for a printed portrait
 * ```
 */
export function lumaStats(img: RgbImage, frac = 0.6): LumaStats {
  const x0 = Math.floor((img.width * (1 - frac)) / 2);
  const y0 = Math.floor((img.height * (1 - frac)) / 2);
  const x1 = img.width - x0;
  const y1 = img.height - y0;
  let s = 0;
  let s2 = 0;
  let c = 0;
  let n = 0;
  const d = img.data;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 3;
      const r = d[i]!;
      const g = d[i + 1]!;
      const b = d[i + 2]!;
      const l = 0.299 * r + 0.587 * g + 0.114 * b;
      s += l;
      s2 += l * l;
      c += Math.max(r, g, b) - Math.min(r, g, b);
      n++;
    }
  }
  if (n === 0) return { mean: 0, sd: 0, chroma: 0 };
  const mean = s / n;
  return { mean, sd: Math.sqrt(Math.max(0, s2 / n - mean * mean)), chroma: c / n };
}

/**
 * Linear contrast stretch on luma percentiles (applied equally to R, G and B so hues stay): the
 * `low` and `high` percentiles of the image's luma become 0 and 255. A flat image (range under
 * `minRange`) is stretched at most by 255 / `minRange`. Used on crops of printed portraits, which are
 * often washed out.
 *
 * @example
 * ```ts
 * const crisp = stretchContrast(portraitCrop); // 1st..99th luma percentile -> 0..255
 * ```
 */
export function stretchContrast(img: RgbImage, low = 0.01, high = 0.99, minRange = 32): RgbImage {
  const d = img.data;
  const n = img.width * img.height;
  const hist = new Uint32Array(256);
  for (let i = 0; i < n; i++) hist[Math.round(0.299 * d[i * 3]! + 0.587 * d[i * 3 + 1]! + 0.114 * d[i * 3 + 2]!)]!++;
  const pick = (q: number) => {
    let acc = 0;
    const target = q * n;
    for (let v = 0; v < 256; v++) {
      acc += hist[v]!;
      if (acc >= target) return v;
    }
    return 255;
  };
  let lo = pick(low);
  let hi = pick(high);
  if (hi - lo < minRange) {
    const mid = (lo + hi) / 2;
    lo = mid - minRange / 2;
    hi = mid + minRange / 2;
  }
  const k = 255 / (hi - lo);
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round((v - lo) * k)));
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = lut[d[i]!]!;
  return { data: out, width: img.width, height: img.height, channels: 3 };
}
