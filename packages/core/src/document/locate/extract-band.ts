import { downscaleInteger, warpAffineInverse } from '../../image/transform.js';
import type { Point, RgbImage } from '../../image/types.js';
import type { MrzBandCandidate } from './find-mrz-band.js';
import type { TextLineSegment } from './find-text-lines.js';
import type { GrayImage } from './gray-image.js';

/** Maps a point of the working image turned by `q` clockwise quarter turns back to the unturned working image. */
export function unturn(p: Point, q: number, workW: number, workH: number): Point {
  switch (((q % 4) + 4) % 4) {
    case 1:
      return { x: p.y, y: workH - 1 - p.x };
    case 2:
      return { x: workW - 1 - p.x, y: workH - 1 - p.y };
    case 3:
      return { x: workW - 1 - p.y, y: p.x };
    default:
      return p;
  }
}

export interface BandGeometry {
  /** Affine map from band pixels to source pixels: sx = m0*u + m1*v + m2, sy = m3*u + m4*v + m5. */
  readonly toSource: readonly number[];
  readonly width: number;
  readonly height: number;
}

export interface ExtractBandOptions {
  /** Text height in band pixels (default 32). */
  charHeight?: number;
  /** Turn the band by 180 degrees. */
  flip?: boolean;
  /** Margins around the lines, in text heights (default 1.6 horizontally, 0.9 vertically). */
  marginX?: number;
  marginY?: number;
  /** Cut only this line of the candidate (same horizontal extent and skew as the band). */
  line?: TextLineSegment;
}

/**
 * The affine geometry of a candidate band: band pixel (u, v) to source pixel, along the skewed lines,
 * scaled so that text is `charHeight` pixels tall.
 */
export function bandGeometry(c: MrzBandCandidate, work: { width: number; height: number; scale: number }, opts: ExtractBandOptions = {}): BandGeometry {
  const h = c.charHeight;
  const k = (opts.charHeight ?? 32) / h;
  const mx = (opts.marginX ?? 1.6) * h;
  const my = (opts.marginY ?? 0.9) * h;
  let yTop = c.yTop;
  let yBottom = c.yBottom;
  if (opts.line) {
    const yc = opts.line.cy + opts.line.slope * (c.cx - opts.line.cx);
    yTop = yc - opts.line.height / 2;
    yBottom = yc + opts.line.height / 2;
  }
  const len = c.x1 - c.x0 + 2 * mx;
  const hgt = yBottom - yTop + 2 * my;
  const outW = Math.max(8, Math.round(len * k));
  const outH = Math.max(8, Math.round(hgt * k));
  // A single line follows its own slope (under perspective the lines of a zone are not parallel).
  const slope = opts.line ? opts.line.slope : c.slope;
  const norm = Math.hypot(1, slope);
  const e1 = { x: 1 / norm, y: slope / norm };
  const e2 = { x: -slope / norm, y: 1 / norm };
  const centre = { x: c.cx, y: (yTop + yBottom) / 2 };
  const toSrc = (u: number, v: number): Point => {
    let uu = u;
    let vv = v;
    if (opts.flip) {
      uu = outW - 1 - u;
      vv = outH - 1 - v;
    }
    const a = (uu + 0.5) / k - len / 2;
    const b = (vv + 0.5) / k - hgt / 2;
    const frame = { x: centre.x + a * e1.x + b * e2.x, y: centre.y + a * e1.y + b * e2.y };
    const wp = unturn(frame, c.quarterTurns, work.width, work.height);
    return { x: (wp.x + 0.5) / work.scale - 0.5, y: (wp.y + 0.5) / work.scale - 0.5 };
  };
  const p0 = toSrc(0, 0);
  const pu = toSrc(1, 0);
  const pv = toSrc(0, 1);
  return { toSource: [pu.x - p0.x, pv.x - p0.x, p0.x, pu.y - p0.y, pv.y - p0.y, p0.y], width: outW, height: outH };
}

/** Maps band pixel coordinates to source pixels. */
export function bandToSource(g: BandGeometry, u: number, v: number): Point {
  const m = g.toSource;
  return { x: m[0]! * u + m[1]! * v + m[2]!, y: m[3]! * u + m[4]! * v + m[5]! };
}

/**
 * Cuts the band out of the source image as a contrast-stretched grey image (bilinear; box-filtered first
 * when the band is much smaller than the source text).
 *
 * @example
 * ```ts
 * const band = extractBand(rgb, candidate, work, { charHeight: 32 });
 * await recognize(encodePgm(band), { lang: 'mrz' });
 * ```
 */
export function extractBand(src: RgbImage, c: MrzBandCandidate, work: { width: number; height: number; scale: number }, opts: ExtractBandOptions = {}): GrayImage {
  const g = bandGeometry(c, work, opts);
  return sampleBand(src, g);
}

/** A copy of the rectangle (x, y, w, h) of an RGB image (inside the image). */
function cropRgb(src: RgbImage, x: number, y: number, w: number, h: number): RgbImage {
  const out = new Uint8Array(w * h * 3);
  for (let r = 0; r < h; r++) out.set(src.data.subarray(((y + r) * src.width + x) * 3, ((y + r) * src.width + x + w) * 3), r * w * 3);
  return { data: out, width: w, height: h, channels: 3 };
}

/** Samples a band geometry from the source image into a contrast-stretched grey image. */
export function sampleBand(src: RgbImage, g: BandGeometry): GrayImage {
  const m = g.toSource.slice();
  const srcPerOut = Math.hypot(m[0]!, m[3]!);
  // Work on the band's bounding box only (a phone photo is 12 MP; a band is a few hundred kB).
  const corners = [bandToSource(g, 0, 0), bandToSource(g, g.width, 0), bandToSource(g, 0, g.height), bandToSource(g, g.width, g.height)];
  const bx0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.x))) - 2);
  const by0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.y))) - 2);
  const bx1 = Math.min(src.width, Math.ceil(Math.max(...corners.map((c) => c.x))) + 3);
  const by1 = Math.min(src.height, Math.ceil(Math.max(...corners.map((c) => c.y))) + 3);
  let img = src;
  if (bx1 - bx0 > 0 && by1 - by0 > 0 && (bx1 - bx0) * (by1 - by0) < src.width * src.height) {
    img = cropRgb(src, bx0, by0, bx1 - bx0, by1 - by0);
    m[2] = m[2]! - bx0;
    m[5] = m[5]! - by0;
  }
  const factor = Math.floor(srcPerOut);
  if (factor >= 2) {
    img = downscaleInteger(img, factor);
    // A source pixel centre s lands at (s + 0.5) / factor - 0.5 in the reduced image.
    for (let i = 0; i < 6; i++) m[i] = m[i]! / factor;
    m[2] = m[2]! + 0.5 / factor - 0.5;
    m[5] = m[5]! + 0.5 / factor - 0.5;
  }
  const rgb = warpAffineInverse(img, m, g.width, g.height, 255);
  const n = g.width * g.height;
  const gray = new Uint8Array(n);
  const hist = new Uint32Array(256);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const v = (77 * rgb.data[j]! + 150 * rgb.data[j + 1]! + 29 * rgb.data[j + 2]!) >> 8;
    gray[i] = v;
    hist[v]!++;
  }
  // Stretch the 1st-99th percentile range to 0-255.
  let lo = 0;
  let hi = 255;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= n * 0.01) {
      lo = v;
      break;
    }
  }
  acc = 0;
  for (let v = 255; v >= 0; v--) {
    acc += hist[v]!;
    if (acc >= n * 0.01) {
      hi = v;
      break;
    }
  }
  if (hi - lo >= 16) {
    const f = 255 / (hi - lo);
    for (let i = 0; i < n; i++) {
      const v = (gray[i]! - lo) * f;
      gray[i] = v < 0 ? 0 : Math.min(v , 255);
    }
  }
  return { data: gray, width: g.width, height: g.height };
}
