import { cropResize } from '../../image/transform.js';
import type { Box, Point, RgbImage } from '../../image/types.js';
import { alignFace } from '../align.js';
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

/**
 * face-api's own crop: the box clipped to the image, padded to a square with black (the short side
 * gets round(diff / 2) rows or columns after the content, the rest before), resized to `size`.
 */
export function faceApiCrop(image: RgbImage, box: Box, size: number): RgbImage {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const side = Math.max(w, h);
  const diff = side - Math.min(w, h);
  const after = Math.round(diff / 2);
  const before = diff - after;
  const sq: Box = w >= h ? { x: x0, y: y0 - before, width: side, height: side } : { x: x0 - before, y: y0, width: side, height: side };
  return cropResize(image, sq, size, size);
}

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
