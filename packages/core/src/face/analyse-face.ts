import { loadImage, isRgbImage, loadImageReduced } from '../image/load-image.js';
import type { ImageDecodeOptions, ImageInput, RgbImage } from '../image/types.js';
import { selectProfile } from '../models/index.js';
import { objectPromiseCache } from '../util/memo-per-object.js';
import { detectFaces } from './detect-faces.js';
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
/** The longer side such images are decoded at: the detector's largest input (its retry for small faces in large images). */
export const FACE_DECODE_SIDE = 1280;
/**
 * Below this eye distance in the reduced image, alignment needs more pixels than it has: the image is decoded at
 * full size after all (the detections are kept, mapped to full-size coordinates). The aligned 112 px chips put the
 * eyes about 35 px apart.
 */
const ALIGN_MIN_EYE_DISTANCE = 40;

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
    // A large photo (a 12 MP phone selfie) is decoded at the detector's size; pixels at full size only where alignment needs them.
    const reduced = await loadImageReduced(input, opts, FACE_DECODE_ABOVE, FACE_DECODE_SIDE);
    let image = reduced.image;
    let faces = await detectFaces(image, { ...opts, detector });
    if (reduced.scale < 1 && reduced.bytes && faces[0] && eyeDistance(faces[0]) < ALIGN_MIN_EYE_DISTANCE) {
      image = await loadImage(reduced.bytes, opts);
      const k = image.width / reduced.image.width;
      faces = faces.map((f) => scaleFace(f, k));
    }
    const face = faces[0] ?? null;
    const scale = image === reduced.image ? reduced.scale : 1;
    let quality = face ? faceQuality(image, face) : null;
    // Sizes in the photo's own pixels, whatever size it was decoded at.
    if (quality && scale < 1) quality = { ...quality, eyeDistance: quality.eyeDistance / scale, faceSize: quality.faceSize / scale };
    return { kind: 'face-analysis', image, faces, face, faceCount: faces.length, quality, detector, ...(scale < 1 ? { scale } : {}) };
  });
}
