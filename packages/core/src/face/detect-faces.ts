import { ProvefyError } from '../errors/index.js';
import { isRgbImage } from '../image/load-image.js';
import type { RgbImage } from '../image/types.js';
import { selectProfile } from '../models/index.js';
import { getDetector } from './detectors/index.js';
import type { DetectedFace, DetectOptions } from './types.js';

function area(f: DetectedFace): number {
  return f.box.width * f.box.height;
}

/** Adds a black border of `frac` of the longer side around the image (helps when a face fills the frame). */
function padImage(img: RgbImage, frac: number): { image: RgbImage; offset: number } {
  const pad = Math.round(Math.max(img.width, img.height) * frac);
  const w = img.width + 2 * pad;
  const h = img.height + 2 * pad;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < img.height; y++) out.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((y + pad) * w + pad) * 3);
  return { image: { data: out, width: w, height: h, channels: 3 }, offset: pad };
}

function shift(f: DetectedFace, d: number): DetectedFace {
  return {
    score: f.score,
    box: { x: f.box.x - d, y: f.box.y - d, width: f.box.width, height: f.box.height },
    landmarks: f.landmarks.map((p) => ({ x: p.x - d, y: p.y - d })) as unknown as DetectedFace['landmarks'],
  };
}

/** The largest detector input of a first pass: an image is never seen at more pixels than this until a retry. */
export const DETECT_MAX_INPUT = 640;

/** The detector input side used for an image of this size on the first pass (no enlargement). */
export function naturalInputSize(width: number, height: number, fixed?: number): number {
  if (fixed) return fixed;
  const long = Math.max(width, height);
  return Math.min(DETECT_MAX_INPUT, Math.max(160, Math.ceil(long / 32) * 32));
}

/**
 * Detects faces with 5 landmarks, largest first. Any image size is letterboxed to the detector input;
 * small images are not enlarged on the first pass (a face that fills a small image would otherwise
 * outgrow the detector's anchors). When nothing is found it retries on a padded copy (a face that fills
 * the frame, e.g. a tight crop), then enlarged (a small image: tiny faces) or, for large images, at a
 * 1280 input (small faces such as an ID-card portrait). Never throws for an image without faces.
 *
 * @example
 * ```ts
 * const img = await loadImage('selfie.jpg');
 * const [face] = await detectFaces(img);
 * console.log(face?.box, face?.landmarks[2]); // box and nose tip
 * ```
 */
export async function detectFaces(img: RgbImage, opts: DetectOptions = {}): Promise<DetectedFace[]> {
  // Bytes or a path here would otherwise look like an image without faces.
  if (!isRgbImage(img)) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'detectFaces takes a decoded image ({ data, width, height, channels: 3 } with width x height x 3 bytes): decode it with loadImage() first, or call analyseFace() with the bytes or path');
  }
  const detector = getDetector(opts.detector ?? selectProfile().detector);
  const base = { scoreThreshold: opts.scoreThreshold ?? 0.5, iouThreshold: opts.iouThreshold ?? 0.4 };
  const run = (image: RgbImage, inputSize: number, maxScale?: number) => detector.detect(image, { ...base, inputSize, maxScale });
  const long = Math.max(img.width, img.height);
  let faces = await run(img, naturalInputSize(img.width, img.height, detector.fixedInputSize), 1);
  if (faces.length === 0 && opts.retry !== false) {
    const padded = padImage(img, 0.35);
    faces = (await run(padded.image, naturalInputSize(padded.image.width, padded.image.height, detector.fixedInputSize), 1)).map((f) => shift(f, padded.offset));
    if (faces.length === 0 && long < 640 && long >= 32) faces = await run(img, 640);
    if (faces.length === 0 && long > 960 && !detector.fixedInputSize) faces = await run(img, 1280);
  }
  return faces
    .filter((f) => f.box.width > 0 && f.box.height > 0)
    .sort((a, b) => area(b) - area(a));
}
