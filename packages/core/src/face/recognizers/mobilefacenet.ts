import { alignFace } from '../align.js';
import { onnxRecognizer } from './onnx-recognizer.js';
import type { FaceRecognizer } from './types.js';

const IMAGENET_MEAN = [0.485 * 255, 0.456 * 255, 0.406 * 255] as const;
const IMAGENET_STD = [0.229 * 255, 0.224 * 255, 0.225 * 255] as const;

/**
 * foamliu MobileFaceNet (Apache-2.0, 128-d): 112x112 chip aligned on the ArcFace template, RGB,
 * ImageNet mean/std; the fixed batch-1 graph output is L2-normalised.
 *
 * @example
 * ```ts
 * const rec = mobileFaceNetRecognizer();
 * const e = await rec.embed(await analyseFace('selfie.jpg'));
 * ```
 */
export function mobileFaceNetRecognizer(id = 'mobilefacenet_128'): FaceRecognizer {
  return onnxRecognizer({
    id,
    dims: 128,
    inputSize: 112,
    tensor: { order: 'rgb', mean: IMAGENET_MEAN, std: IMAGENET_STD },
    maxBatch: 1,
    flip: true,
    fallbackThreshold: 0.45,
    crop: (image, face) => alignFace(image, face.landmarks, 112),
  });
}
