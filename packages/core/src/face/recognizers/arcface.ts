import { alignFace } from '../align.js';
import { onnxRecognizer } from './onnx-recognizer.js';
import type { FaceRecognizer } from './types.js';

/**
 * InsightFace ArcFace recognizers (`arcface_r50` = w600k_r50, the contract's model; `arcface_mbf` =
 * w600k_mbf): 112x112 chip aligned on the ArcFace template, RGB, (x - 127.5) / 127.5, 512-d.
 *
 * @example
 * ```ts
 * const rec = arcfaceRecognizer('arcface_r50');
 * const e = await rec.embed(await analyseFace('selfie.jpg'));
 * ```
 */
export function arcfaceRecognizer(id: string): FaceRecognizer {
  return onnxRecognizer({
    id,
    dims: 512,
    inputSize: 112,
    tensor: { order: 'rgb', mean: 127.5, std: 127.5 },
    maxBatch: 8,
    flip: false,
    fallbackThreshold: 0.57,
    crop: (image, face) => alignFace(image, face.landmarks, 112),
  });
}
