import { loadImage, isRgbImage } from '../image/load-image.js';
import type { ImageDecodeOptions, ImageInput, RgbImage } from '../image/types.js';
import { selectProfile } from '../models/index.js';
import { objectPromiseCache } from '../util/memo-per-object.js';
import { detectFaces } from './detect-faces.js';
import { faceQuality } from './quality.js';
import type { DetectOptions, FaceAnalysis } from './types.js';

/** True when the value is a {@link FaceAnalysis}. */
export function isFaceAnalysis(v: unknown): v is FaceAnalysis {
  return typeof v === 'object' && v !== null && (v as FaceAnalysis).kind === 'face-analysis';
}

const analyses = objectPromiseCache<FaceAnalysis>();

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
    const image: RgbImage = isRgbImage(input) ? input : await loadImage(input, opts);
    const faces = await detectFaces(image, { ...opts, detector });
    const face = faces[0] ?? null;
    return { kind: 'face-analysis', image, faces, face, faceCount: faces.length, quality: face ? faceQuality(image, face) : null, detector };
  });
}
