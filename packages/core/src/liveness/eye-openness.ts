import { ARCFACE_TEMPLATE, estimateSimilarity } from '../face/align.js';
import { warpAffineInverse } from '../image/transform.js';
import type { Point, RgbImage } from '../image/types.js';

/** Appearance signals of one eye that change when the lid closes. */
export interface EyeSignals {
  /**
   * Horizontal-gradient energy of the eye region over its median brightness. An open eye has the
   * vertical edges of the iris against sclera and lid corners; a closed lid is a smooth surface crossed
   * only by the horizontal lash line, so this drops by 40-80% during a blink.
   */
  readonly edges: number;
  /**
   * Peakiness of the row profile of darkness (max row / mean row). An open eye's darkness (iris, pupil)
   * spreads over many rows; a closed eye's collapses into the single lash line, so this rises.
   */
  readonly rowPeak: number;
}

/** Half size of the eye patch in ArcFace template units (eye distance = 35.2 units). */
const HALF_W = 12;
const HALF_H = 8;
/** Patch pixels per template unit. */
const PX = 2;
export const EYE_PATCH_WIDTH = 2 * HALF_W * PX;
export const EYE_PATCH_HEIGHT = 2 * HALF_H * PX;
/** The central region where the eye opening is (rows and columns of the patch). */
const ROW0 = 6;
const ROW1 = 26;
const COL0 = 8;
const COL1 = 40;

/**
 * Grey patches (48x32) around both eyes, sampled through the similarity transform that maps the five
 * landmarks onto the ArcFace template, so scale, rotation and position are normalised per frame.
 * Index 0 is the image-left eye.
 *
 * @example
 * ```ts
 * const [left, right] = eyePatches(frame, face.landmarks);
 * ```
 */
export function eyePatches(img: RgbImage, landmarks: readonly Point[]): [Float32Array, Float32Array] {
  const t = estimateSimilarity(landmarks, ARCFACE_TEMPLATE);
  const den = t.a * t.a + t.b * t.b;
  const ia = t.a / den;
  const ib = t.b / den;
  const out: Float32Array[] = [];
  for (const c of [ARCFACE_TEMPLATE[0]!, ARCFACE_TEMPLATE[1]!]) {
    // output (x, y) -> template (ox + x/PX, oy + y/PX) -> source = [ia ib; -ib ia] * (template - t)
    const ox = c.x - HALF_W - t.tx;
    const oy = c.y - HALF_H - t.ty;
    const m = [ia / PX, ib / PX, ia * ox + ib * oy, -ib / PX, ia / PX, -ib * ox + ia * oy];
    const rgb = warpAffineInverse(img, m, EYE_PATCH_WIDTH, EYE_PATCH_HEIGHT);
    const g = new Float32Array(EYE_PATCH_WIDTH * EYE_PATCH_HEIGHT);
    for (let i = 0, j = 0; i < g.length; i++, j += 3) g[i] = 0.299 * rgb.data[j]! + 0.587 * rgb.data[j + 1]! + 0.114 * rgb.data[j + 2]!;
    out.push(g);
  }
  return [out[0]!, out[1]!];
}

function median(values: Float32Array): number {
  const s = Float32Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The {@link EyeSignals} of one eye patch from {@link eyePatches}.
 *
 * @example
 * ```ts
 * const s = eyeSignals(eyePatches(frame, face.landmarks)[0]); // { edges: 0.05, rowPeak: 2.1 }
 * ```
 */
export function eyeSignals(patch: Float32Array): EyeSignals {
  const W = EYE_PATCH_WIDTH;
  const med = Math.max(1, median(patch));
  let gx = 0;
  let n = 0;
  const rows = ROW1 - ROW0;
  const prof = new Float64Array(rows);
  for (let y = ROW0; y < ROW1; y++) {
    let dark = 0;
    for (let x = COL0; x < COL1; x++) {
      const v = patch[y * W + x]!;
      if (x + 1 < COL1) {
        gx += Math.abs(patch[y * W + x + 1]! - v);
        n++;
      }
      if (v < med) dark += med - v;
    }
    prof[y - ROW0] = dark / (COL1 - COL0);
  }
  let max = 0;
  let sum = 0;
  for (const p of prof) {
    sum += p;
    if (p > max) max = p;
  }
  return { edges: gx / n / med, rowPeak: max / (sum / rows + 1e-6) };
}

/**
 * Signals of both eyes of a face in a frame (index 0 = image-left eye).
 *
 * @example
 * ```ts
 * const [l, r] = measureEyes(frame, face.landmarks);
 * ```
 */
export function measureEyes(img: RgbImage, landmarks: readonly Point[]): [EyeSignals, EyeSignals] {
  const [a, b] = eyePatches(img, landmarks);
  return [eyeSignals(a), eyeSignals(b)];
}
