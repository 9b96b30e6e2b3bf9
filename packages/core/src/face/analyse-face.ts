import { loadImage, isRgbImage, loadImageReduced } from '../image/load-image.js';
import type { ImageDecodeOptions, ImageInput, RgbImage } from '../image/types.js';
import { selectProfile } from '../models/index.js';
import { objectPromiseCache } from '../util/memo-per-object.js';
import { DETECT_MAX_INPUT, detectFaces } from './detect-faces.js';
import { getDetector } from './detectors/index.js';
import { faceQuality } from './quality.js';
import type { DetectedFace, DetectOptions, FaceAnalysis } from './types.js';

/** True when the value is a {@link FaceAnalysis}. */
export function isFaceAnalysis(v: unknown): v is FaceAnalysis {
  return typeof v === 'object' && v !== null && (v as FaceAnalysis).kind === 'face-analysis';
}

const analyses = objectPromiseCache<FaceAnalysis>();

/**
 * Encoded images whose longer side is over this many pixels are decoded smaller (shrink-on-load) for the face
 * pipeline. Up to it the detector's letterbox only samples its input pixels (no pass over the whole image), and
 * a JPEG cannot be shrunk while decoding by less than 2x anyway.
 */
export const FACE_DECODE_ABOVE = 2560;
/**
 * The longer side such images are decoded at first: the detector's largest first-pass input, so the detector sees
 * what it would see on a larger copy, and a 12 MP JPEG is entropy-decoded at 1/4 or 1/8 scale (about 20 ms of CPU
 * against 34-43 ms at 1280 px and 146 ms at full size).
 */
export const FACE_DECODE_SIDE = DETECT_MAX_INPUT;
/**
 * When that copy shows no face, a detector that can look at more pixels than its first pass (no fixed input size)
 * searches a copy this large again, with its retries (a small face in a large photo).
 */
export const FACE_RETRY_SIDE = 1280;
/**
 * Below this eye distance in the reduced image, alignment needs more pixels than it has: the image is decoded again
 * at the smallest of the decoder's scales (1/4, 1/2, full) that puts the eyes this far apart (the detections are
 * kept, mapped to that copy's coordinates). The aligned 112 px chips put the eyes about 35 px apart. Measured on
 * FG-NET, UTKFace and the face pairs (docs/face-matching.md, large photos): below 40 px more age and match decisions
 * change against the full-size image, so a lower minimum is not shown to be lossless.
 */
const ALIGN_MIN_EYE_DISTANCE = 40;
/** JPEG decoders scale by these factors while decoding (other formats decode whole and are resized). */
const DECODE_SCALES = [1 / 8, 1 / 4, 1 / 2] as const;
/**
 * The eye distance of a face under 40 px on the small copy is measured to about 13 % (16.8 px there, 120 px at full
 * size, where 105 were expected): the scale decoded again is chosen with this margin so that the eyes land at least
 * the minimum apart.
 */
const EYE_ESTIMATE_MARGIN = 1.15;

/** The smallest decode scale (of the full-size photo) at which eyes `eyes` px apart in a copy at `scale` are far enough apart to align. */
function alignScale(eyes: number, scale: number): number {
  return DECODE_SCALES.find((f) => (eyes / scale) * f >= ALIGN_MIN_EYE_DISTANCE * EYE_ESTIMATE_MARGIN) ?? 1;
}

function eyeDistance(f: DetectedFace): number {
  return Math.hypot(f.landmarks[1].x - f.landmarks[0].x, f.landmarks[1].y - f.landmarks[0].y);
}

function scaleFace(f: DetectedFace, k: number): DetectedFace {
  return {
    score: f.score,
    box: { x: f.box.x * k, y: f.box.y * k, width: f.box.width * k, height: f.box.height * k },
    landmarks: f.landmarks.map((p) => ({ x: p.x * k, y: p.y * k })) as unknown as DetectedFace['landmarks'],
  };
}

/**
 * Decodes an image and detects its faces once. Pass the result to `matchFaces`, `estimateAge` or
 * `verifyLiveness` so they reuse it instead of detecting again. The same Buffer, Uint8Array or decoded
 * image object given twice is analysed once (memoised per object and detector).
 *
 * @example
 * ```ts
 * const selfie = await analyseFace(await readFile('selfie.jpg'));
 * if (!selfie.face) throw new Error('no face');
 * const [age, match] = await Promise.all([estimateAge(selfie), matchFaces(selfie, idCard)]);
 * ```
 */
export function analyseFace(input: ImageInput | FaceAnalysis, opts: DetectOptions & ImageDecodeOptions = {}): Promise<FaceAnalysis> {
  if (isFaceAnalysis(input)) return Promise.resolve(input);
  const detector = opts.detector ?? selectProfile().detector;
  const key = `${detector}:${opts.scoreThreshold ?? ''}:${opts.maxSide ?? ''}`;
  return analyses.get(input, key, async (): Promise<FaceAnalysis> => {
    if (isRgbImage(input) || opts.maxSide !== undefined) {
      const image: RgbImage = isRgbImage(input) ? input : await loadImage(input, opts);
      const faces = await detectFaces(image, { ...opts, detector });
      const face = faces[0] ?? null;
      return { kind: 'face-analysis', image, faces, face, faceCount: faces.length, quality: face ? faceQuality(image, face) : null, detector };
    }
    // A large photo (a 12 MP phone selfie) is decoded at the detector's size; more pixels only where alignment needs them.
    const reduced = await loadImageReduced(input, opts, FACE_DECODE_ABOVE, FACE_DECODE_SIDE);
    let image = reduced.image;
    let scale = reduced.scale;
    let faces = await detectFaces(image, { ...opts, detector });
    if (scale < 1 && reduced.bytes) {
      if (faces.length === 0 && !getDetector(detector).fixedInputSize) {
        image = await loadImage(reduced.bytes, { ...opts, maxSide: FACE_RETRY_SIDE });
        scale = Math.max(image.width, image.height) / reduced.fullSide;
        faces = await detectFaces(image, { ...opts, detector });
      }
      if (faces[0] && eyeDistance(faces[0]) < ALIGN_MIN_EYE_DISTANCE) {
        const f = alignScale(eyeDistance(faces[0]), scale);
        const aligned = await loadImage(reduced.bytes, f < 1 ? { ...opts, maxSide: Math.floor(reduced.fullSide * f) } : opts);
        const k = aligned.width / image.width;
        faces = faces.map((d) => scaleFace(d, k));
        image = aligned;
        scale = f < 1 ? Math.max(image.width, image.height) / reduced.fullSide : 1;
      }
    }
    const face = faces[0] ?? null;
    let quality = face ? faceQuality(image, face) : null;
    // Sizes in the photo's own pixels, whatever size it was decoded at.
    if (quality && scale < 1) quality = { ...quality, eyeDistance: quality.eyeDistance / scale, faceSize: quality.faceSize / scale };
    return { kind: 'face-analysis', image, faces, face, faceCount: faces.length, quality, detector, ...(scale < 1 ? { scale } : {}) };
  });
}
