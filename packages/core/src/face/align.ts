import { warpAffineInverse } from '../image/transform.js';
import type { Point, RgbImage } from '../image/types.js';
import { shrinkRegion } from './crop-local.js';

/** The standard ArcFace 112x112 template for the five landmarks. */
export const ARCFACE_TEMPLATE: readonly Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

/** A similarity transform `dst = [a -b; b a] * src + [tx ty]`. */
export interface Similarity {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly ty: number;
}

/**
 * Least-squares similarity transform (rotation, uniform scale, translation; no reflection)
 * mapping `src` points onto `dst` points.
 *
 * @example
 * ```ts
 * const t = estimateSimilarity(face.landmarks, ARCFACE_TEMPLATE);
 * ```
 */
export function estimateSimilarity(src: readonly Point[], dst: readonly Point[]): Similarity {
  const n = src.length;
  let sx = 0;
  let sy = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < n; i++) {
    sx += src[i]!.x;
    sy += src[i]!.y;
    dx += dst[i]!.x;
    dy += dst[i]!.y;
  }
  sx /= n;
  sy /= n;
  dx /= n;
  dy /= n;
  let num1 = 0;
  let num2 = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const px = src[i]!.x - sx;
    const py = src[i]!.y - sy;
    const qx = dst[i]!.x - dx;
    const qy = dst[i]!.y - dy;
    num1 += px * qx + py * qy;
    num2 += px * qy - py * qx;
    den += px * px + py * py;
  }
  const a = den > 0 ? num1 / den : 1;
  const b = den > 0 ? num2 / den : 0;
  return { a, b, tx: dx - (a * sx - b * sy), ty: dy - (b * sx + a * sy) };
}

/** Applies a similarity transform to a point. */
export function applySimilarity(t: Similarity, p: Point): Point {
  return { x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty };
}

/** Options of {@link alignFace}. */
export interface AlignOptions {
  /**
   * Box-filter the face region first when it is shrunk by 3x or more (default true), so a large face
   * (a close selfie) is not aliased by the bilinear warp.
   */
  antialias?: boolean;
}

function warpOnto(img: RgbImage, landmarks: readonly Point[], dst: readonly Point[], size: number): RgbImage {
  const t = estimateSimilarity(landmarks, dst);
  // Inverse map output -> source for sampling.
  const d = t.a * t.a + t.b * t.b;
  const ia = t.a / d;
  const ib = t.b / d;
  // src = [ia ib; -ib ia] * (dst - t)
  const m = [ia, ib, -(ia * t.tx + ib * t.ty), -ib, ia, -(-ib * t.tx + ia * t.ty)];
  return warpAffineInverse(img, m, size, size);
}

/**
 * Warps the face onto the ArcFace template: a `size`x`size` crop (112 by default; the template is
 * scaled for other sizes), aligned by the five landmarks with a least-squares similarity transform.
 * A face much larger than the crop is box-filtered first (see {@link AlignOptions.antialias}).
 *
 * @example
 * ```ts
 * const chip = alignFace(img, face.landmarks); // 112x112 RGB, eyes at fixed positions
 * ```
 */
export function alignFace(img: RgbImage, landmarks: readonly Point[], size = 112, template: readonly Point[] = ARCFACE_TEMPLATE, opts: AlignOptions = {}): RgbImage {
  const k = size / 112;
  const dst = template.map((p) => ({ x: p.x * k, y: p.y * k }));
  if (opts.antialias === false) return warpOnto(img, landmarks, dst, size);
  const t = estimateSimilarity(landmarks, dst);
  const shrink = 1 / Math.max(1e-9, Math.hypot(t.a, t.b)); // source pixels per output pixel
  const factor = Math.floor(shrink / 1.5);
  if (factor < 2) return warpOnto(img, landmarks, dst, size);
  // The source region the output covers (corners mapped back), plus a margin.
  const d = t.a * t.a + t.b * t.b;
  const back = (x: number, y: number): Point => ({ x: (t.a * (x - t.tx) + t.b * (y - t.ty)) / d, y: (-t.b * (x - t.tx) + t.a * (y - t.ty)) / d });
  const corners = [back(0, 0), back(size, 0), back(0, size), back(size, size)];
  const x0 = Math.min(...corners.map((c) => c.x)) - 2 * factor;
  const y0 = Math.min(...corners.map((c) => c.y)) - 2 * factor;
  const x1 = Math.max(...corners.map((c) => c.x)) + 2 * factor;
  const y1 = Math.max(...corners.map((c) => c.y)) + 2 * factor;
  const r = shrinkRegion(img, { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, factor);
  const local = landmarks.map((p) => ({ x: (p.x - r.x - (r.factor - 1) / 2) / r.factor, y: (p.y - r.y - (r.factor - 1) / 2) / r.factor }));
  return warpOnto(r.image, local, dst, size);
}
