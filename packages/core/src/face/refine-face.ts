import type { Box, Point, RgbImage } from '../image/types.js';
import { cropResizeLocal } from './crop-local.js';
import { getDetector } from './detectors/index.js';
import { stretchContrast } from './portrait/contrast.js';
import { rotateQuarter, unrotatePoint } from './portrait/rotate.js';
import type { DetectedFace } from './types.js';

/** A face re-detected on an enlarged crop around a first, rough box. */
export interface RefinedFace {
  /** The face in source-image coordinates. */
  readonly face: DetectedFace;
  /** The crop it was re-detected on (enlarged for small faces; not contrast-enhanced). */
  readonly crop: RgbImage;
  /** The same face in crop coordinates (align and embed from `crop` for small faces). */
  readonly cropFace: DetectedFace;
  /** Crop pixels per source pixel. */
  readonly scale: number;
  /** Clockwise quarter turns applied to the crop to make the face upright (0 when it already was). */
  readonly rotation: number;
}

export interface RefineOptions {
  /** Detector model id. */
  detector: string;
  /** Face side (px) the crop is scaled to (default 160); faces are enlarged up to `maxUpscale`. */
  targetSize?: number;
  /** Largest enlargement (default 4). */
  maxUpscale?: number;
  /** Contrast-stretch the crop before detecting (default true: printed portraits are often washed out). */
  enhance?: boolean;
  /** Minimum detection score on the crop (default 0.5). */
  scoreThreshold?: number;
  /** Crop side as a multiple of the box's longer side (default 2.2). */
  context?: number;
  /**
   * Also detect on the crop turned by 90, 180 and 270 degrees and keep the turn whose face scores highest
   * (default false). A detector fires on a sideways or upside-down face too, with landmarks in its upright
   * template, so the landmarks' roll cannot tell; a card photographed sideways needs this (findDocumentPortrait).
   */
  orientation?: boolean;
}

/** A turned crop must beat the upright detection by this score to be taken as the face's orientation. */
const ORIENTATION_MARGIN = 0.02;

function mapFace(f: DetectedFace, map: (p: Point) => Point): DetectedFace {
  const a = map({ x: f.box.x, y: f.box.y });
  const b = map({ x: f.box.x + f.box.width, y: f.box.y + f.box.height });
  return {
    score: f.score,
    box: { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) },
    landmarks: f.landmarks.map(map) as unknown as DetectedFace['landmarks'],
  };
}

/**
 * Re-detects a face on a square crop around `box`, enlarged so the face is about `targetSize` px and
 * contrast-stretched: more precise landmarks for small faces (a printed ID portrait, a distant
 * selfie) and a check that a low-score candidate really is a face. Returns null when the detector
 * does not confirm a face near the centre.
 *
 * @example
 * ```ts
 * const r = await refineFace(page, candidate.box, { detector: 'scrfd_500m' });
 * if (r) alignFace(r.crop, r.cropFace.landmarks); // chip from the enlarged crop
 * ```
 */
export async function refineFace(img: RgbImage, box: Box, opts: RefineOptions): Promise<RefinedFace | null> {
  const detector = getDetector(opts.detector);
  const long = Math.max(box.width, box.height);
  if (!(long > 2)) return null;
  const ctx = opts.context ?? 2.2;
  const side = long * ctx;
  const scale = Math.min(opts.maxUpscale ?? 4, (opts.targetSize ?? 160) / long, 640 / side);
  const out = Math.max(64, Math.min(640, Math.round((side * scale) / 32) * 32));
  const s = out / side;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const region: Box = { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
  const crop = cropResizeLocal(img, region, out, out);
  const probe = opts.enhance === false ? crop : stretchContrast(crop);
  const params = { inputSize: detector.fixedInputSize ?? out, scoreThreshold: opts.scoreThreshold ?? 0.5, iouThreshold: 0.4, maxScale: 1 };
  let best = nearestFace(await detector.detect(probe, params), out, long * s);
  if (!best) return null;
  // A face lying on its side (a page or phone photo turned by 90 or 180 degrees): turn the crop so it
  // is upright and detect again; landmarks of upright faces are far more precise.
  const roll = (Math.atan2(best.landmarks[1].y - best.landmarks[0].y, best.landmarks[1].x - best.landmarks[0].x) * 180) / Math.PI;
  let rotation = 0;
  let view = crop;
  const turns = (((-Math.round(roll / 90)) % 4) + 4) % 4;
  if (opts.orientation) {
    for (const t of [1, 2, 3]) {
      const f = nearestFace(await detector.detect(rotateQuarter(probe, t), params), out, long * s);
      if (f && f.score > best.score + ORIENTATION_MARGIN) {
        best = f;
        rotation = t;
      }
    }
    if (rotation !== 0) view = rotateQuarter(crop, rotation);
  } else if (Math.abs(roll) > 50 && turns !== 0) {
    const upright = nearestFace(await detector.detect(rotateQuarter(probe, turns), params), out, long * s);
    if (upright) {
      best = upright;
      rotation = turns;
      view = rotateQuarter(crop, turns);
    }
  }
  const toSource = (p: Point): Point => {
    const q = unrotatePoint(p, rotation, out, out);
    return { x: region.x + q.x / s, y: region.y + q.y / s };
  };
  return { face: mapFace(best, toSource), crop: view, cropFace: best, scale: s, rotation };
}

/** The face nearest the centre of a `size` crop whose size agrees with the expected side `expected`. */
function nearestFace(faces: readonly DetectedFace[], size: number, expected: number): DetectedFace | null {
  let best: DetectedFace | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const f of faces) {
    const ratio = Math.max(f.box.width, f.box.height) / expected;
    if (ratio < 0.5 || ratio > 2) continue;
    const d = Math.hypot(f.box.x + f.box.width / 2 - size / 2, f.box.y + f.box.height / 2 - size / 2);
    if (d > expected * 0.6 || d >= bestD) continue;
    bestD = d;
    best = f;
  }
  return best;
}
