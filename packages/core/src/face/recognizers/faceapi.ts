import type { Point, RgbImage } from '../../image/types.js';
import { alignFace } from '../align.js';
import { faceApiCrop } from '../faceapi-crop.js';
import type { DetectedFace } from '../types.js';
import { onnxRecognizer } from './onnx-recognizer.js';
import type { FaceRecognizer } from './types.js';

/**
 * dlib's 150x150 face chip (`get_face_chip_details(shape, 150, 0.25)`) expressed on the five points
 * Provefy's detectors give: eye centres, nose tip and mouth corners of dlib's mean face shape,
 * mapped through `(v + 0.25) / 1.5 * 150`, then scaled to 112 units for {@link alignFace}.
 */
export const DLIB_CHIP_TEMPLATE: readonly Point[] = [
  { x: 47.55, y: 46.64 },
  { x: 100.48, y: 46.64 },
  { x: 74.01, y: 76.56 },
  { x: 50.41, y: 103.02 },
  { x: 97.61, y: 103.02 },
].map((p) => ({ x: (p.x * 112) / 150, y: (p.y * 112) / 150 }));

/** Which crop face-api's recognizer gets: dlib's aligned chip (default) or face-api's box crop. */
export type FaceApiCropMode = 'dlib-chip' | 'box';

/**
 * face-api's FaceRecognitionNet (dlib ResNet-34, 128-d, public-domain weights): 150x150 RGB 0-255
 * (the graph subtracts the mean). dlib trained it on similarity-aligned chips, so by default the five
 * landmarks are aligned onto dlib's chip; `'box'` reproduces face-api's unaligned box crop instead.
 * Descriptors stay raw (dlib's metric is euclidean; face-api matches below a distance of 0.6) and the
 * score is `1 - distance / 1.2`, so face-api's 0.6 distance is a 0.5 score.
 *
 * @example
 * ```ts
 * const rec = faceApiRecognizer();
 * const e = await rec.embed(await analyseFace('selfie.jpg'));
 * ```
 */
export function faceApiRecognizer(id = 'faceapi_recognition', mode: FaceApiCropMode = 'dlib-chip'): FaceRecognizer {
  return onnxRecognizer({
    id,
    dims: 128,
    inputSize: 150,
    tensor: { order: 'rgb' },
    maxBatch: 8,
    flip: true,
    metric: 'euclidean',
    distanceScale: 1.2,
    fallbackThreshold: 0.5,
    crop:
      mode === 'box'
        ? (image: RgbImage, face: DetectedFace) => {
            const b = face.box;
            return faceApiCrop(image, { x: b.x - b.width * 0.05, y: b.y + b.height * 0.05, width: b.width * 1.1, height: b.height }, 150);
          }
        : (image: RgbImage, face: DetectedFace) => alignFace(image, face.landmarks, 150, DLIB_CHIP_TEMPLATE),
  });
}
