import type { GrayImage } from './gray-image.js';

/*
 * The loops below are written once for the maximum and once for the minimum, with comparisons instead of
 * `Math.max`/`Math.min` calls behind an `isMax` test: the outputs are the same, and a fresh process, which runs these
 * loops in V8's interpreter until they are optimised, spends less time in them: the first MRZ search of a fresh
 * process (`td3.jpg`, 6 runs alternating) took 166-203 ms before and 122-162 ms after; later searches are the same.
 */

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
      if (isMax) {
        blockPrefixMax(buf, g, b, e);
        blockSuffixMax(buf, hb, b, e);
      } else {
        blockPrefixMin(buf, g, b, e);
        blockSuffixMin(buf, hb, b, e);
      }
    }
    // Window [i, i + k - 1] (padded) is centred on source pixel i.
    (isMax ? rowsMax : rowsMin)(out, base, hb, 0, g, k - 1, w);
  }
  return { data: out, width: w, height: h };
}

function blockPrefixMax(buf: Uint8Array, g: Uint8Array, b: number, e: number): void {
  let acc = buf[b]!;
  g[b] = acc;
  for (let i = b + 1; i < e; i++) {
    const v = buf[i]!;
    if (v > acc) acc = v;
    g[i] = acc;
  }
}

function blockPrefixMin(buf: Uint8Array, g: Uint8Array, b: number, e: number): void {
  let acc = buf[b]!;
  g[b] = acc;
  for (let i = b + 1; i < e; i++) {
    const v = buf[i]!;
    if (v < acc) acc = v;
    g[i] = acc;
  }
}

function blockSuffixMax(buf: Uint8Array, hb: Uint8Array, b: number, e: number): void {
  let acc = buf[e - 1]!;
  hb[e - 1] = acc;
  for (let i = e - 2; i >= b; i--) {
    const v = buf[i]!;
    if (v > acc) acc = v;
    hb[i] = acc;
  }
}

function blockSuffixMin(buf: Uint8Array, hb: Uint8Array, b: number, e: number): void {
  let acc = buf[e - 1]!;
  hb[e - 1] = acc;
  for (let i = e - 2; i >= b; i--) {
    const v = buf[i]!;
    if (v < acc) acc = v;
    hb[i] = acc;
  }
}

/** `dst[d + x] = max(a[ia + x], b[ib + x])` for `x < w`. */
function rowsMax(dst: Uint8Array, d: number, a: Uint8Array, ia: number, b: Uint8Array, ib: number, w: number): void {
  for (let x = 0; x < w; x++) {
    const u = a[ia + x]!;
    const v = b[ib + x]!;
    // biome-ignore lint/complexity/useMathMinMax: a comparison, not a call: faster before V8 optimises the loop (see above)
    dst[d + x] = u > v ? u : v;
  }
}

/** `dst[d + x] = min(a[ia + x], b[ib + x])` for `x < w`. */
function rowsMin(dst: Uint8Array, d: number, a: Uint8Array, ia: number, b: Uint8Array, ib: number, w: number): void {
  for (let x = 0; x < w; x++) {
    const u = a[ia + x]!;
    const v = b[ib + x]!;
    // biome-ignore lint/complexity/useMathMinMax: a comparison, not a call: faster before V8 optimises the loop (see above)
    dst[d + x] = u < v ? u : v;
  }
}

/** The same along columns, processing whole rows at a time (cache friendly). */
function colExtreme(img: GrayImage, k: number, isMax: boolean): GrayImage {
  const { width: w, height: h, data } = img;
  if (k <= 1) return img;
  const rows = isMax ? rowsMax : rowsMin;
  const r = k >> 1;
  const n = h + 2 * r + k;
  const row = (i: number): number => Math.min(h - 1, Math.max(0, i - r)) * w;
  const g = new Uint8Array(n * w);
  const hb = new Uint8Array(n * w);
  for (let i = 0; i < n; i++) {
    const src = row(i);
    const dst = i * w;
    if (i % k === 0) g.set(data.subarray(src, src + w), dst);
    else rows(g, dst, g, dst - w, data, src, w);
  }
  for (let i = n - 1; i >= 0; i--) {
    const src = row(i);
    const dst = i * w;
    if (i % k === k - 1 || i === n - 1) hb.set(data.subarray(src, src + w), dst);
    else rows(hb, dst, hb, dst + w, data, src, w);
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) rows(out, y * w, hb, y * w, g, (y + k - 1) * w, w);
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
