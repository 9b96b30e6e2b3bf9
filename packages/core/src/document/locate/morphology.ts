import type { GrayImage } from './gray-image.js';

/**
 * Running minimum or maximum over a centred window of `k` along each row (van Herk / Gil-Werman:
 * about three comparisons per pixel whatever `k`). Borders replicate the edge pixel.
 */
function rowExtreme(img: GrayImage, k: number, isMax: boolean): GrayImage {
  const { width: w, height: h, data } = img;
  if (k <= 1) return img;
  const out = new Uint8Array(w * h);
  const r = k >> 1;
  const n = w + 2 * r + k;
  const buf = new Uint8Array(n);
  const g = new Uint8Array(n);
  const hb = new Uint8Array(n);
  for (let y = 0; y < h; y++) {
    const base = y * w;
    buf.fill(data[base]!, 0, r);
    buf.set(data.subarray(base, base + w), r);
    buf.fill(data[base + w - 1]!, r + w, n);
    // Prefix extremes within blocks of k (g) and suffix extremes within blocks (hb).
    for (let b = 0; b < n; b += k) {
      const e = Math.min(n, b + k);
      let acc = buf[b]!;
      g[b] = acc;
      for (let i = b + 1; i < e; i++) {
        const v = buf[i]!;
        acc = isMax ? Math.max(acc, v) : Math.min(acc, v);
        g[i] = acc;
      }
      acc = buf[e - 1]!;
      hb[e - 1] = acc;
      for (let i = e - 2; i >= b; i--) {
        const v = buf[i]!;
        acc = isMax ? Math.max(acc, v) : Math.min(acc, v);
        hb[i] = acc;
      }
    }
    // Window [i, i + k - 1] (padded) is centred on source pixel i.
    if (isMax) for (let i = 0; i < w; i++) out[base + i] = Math.max(hb[i]!, g[i + k - 1]!);
    else for (let i = 0; i < w; i++) out[base + i] = Math.min(hb[i]!, g[i + k - 1]!);
  }
  return { data: out, width: w, height: h };
}

/** The same along columns, processing whole rows at a time (cache friendly). */
function colExtreme(img: GrayImage, k: number, isMax: boolean): GrayImage {
  const { width: w, height: h, data } = img;
  if (k <= 1) return img;
  const r = k >> 1;
  const n = h + 2 * r + k;
  const row = (i: number): number => Math.min(h - 1, Math.max(0, i - r)) * w;
  const g = new Uint8Array(n * w);
  const hb = new Uint8Array(n * w);
  for (let i = 0; i < n; i++) {
    const src = row(i);
    const dst = i * w;
    if (i % k === 0) g.set(data.subarray(src, src + w), dst);
    else {
      const prev = dst - w;
      for (let x = 0; x < w; x++) {
        const v = data[src + x]!;
        const p = g[prev + x]!;
        g[dst + x] = isMax ? (Math.max(p , v)) : Math.min(p , v);
      }
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const src = row(i);
    const dst = i * w;
    if (i % k === k - 1 || i === n - 1) hb.set(data.subarray(src, src + w), dst);
    else {
      const next = dst + w;
      for (let x = 0; x < w; x++) {
        const v = data[src + x]!;
        const p = hb[next + x]!;
        hb[dst + x] = isMax ? (Math.max(p , v)) : Math.min(p , v);
      }
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const a0 = y * w;
    const b0 = (y + k - 1) * w;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const a = hb[a0 + x]!;
      const b = g[b0 + x]!;
      out[o + x] = isMax ? (Math.max(a , b)) : Math.min(a , b);
    }
  }
  return { data: out, width: w, height: h };
}

/** Grey-level erosion (minimum) with a `kw` x `kh` rectangle. */
export function erode(img: GrayImage, kw: number, kh: number): GrayImage {
  return colExtreme(rowExtreme(img, kw, false), kh, false);
}

/** Grey-level dilation (maximum) with a `kw` x `kh` rectangle. */
export function dilate(img: GrayImage, kw: number, kh: number): GrayImage {
  return colExtreme(rowExtreme(img, kw, true), kh, true);
}

/** Closing (dilate then erode). */
export function close(img: GrayImage, kw: number, kh: number): GrayImage {
  return erode(dilate(img, kw, kh), kw, kh);
}

/**
 * Black-hat: closing minus the image. Dark details smaller than the kernel (text strokes) become bright;
 * large dark areas (photos, backgrounds) stay dark.
 *
 * @example
 * ```ts
 * const text = blackHat(gray, 15, 7);
 * ```
 */
export function blackHat(img: GrayImage, kw: number, kh: number): GrayImage {
  const c = close(img, kw, kh);
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = c.data[i]! - img.data[i]!;
  return { data: out, width: img.width, height: img.height };
}
