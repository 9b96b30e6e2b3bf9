import { ProvefyError } from '../../errors/index.js';
import { getModelEntry } from '../../models/index.js';
import { arcfaceRecognizer } from './arcface.js';
import { faceApiRecognizer } from './faceapi.js';
import { mobileFaceNetRecognizer } from './mobilefacenet.js';
import type { FaceRecognizer } from './types.js';

const cache = new Map<string, FaceRecognizer>();

/**
 * The recognizer for a manifest model id: `arcface_r50`, `arcface_mbf`, `mobilefacenet_128` or
 * `faceapi_recognition`. Instances are cached; the ONNX session loads on first use.
 *
 * @example
 * ```ts
 * const rec = getRecognizer('mobilefacenet_128');
 * rec.matchThreshold; // calibrated default threshold
 * ```
 */
export function getRecognizer(id: string): FaceRecognizer {
  let r = cache.get(id);
  if (r) return r;
  const entry = getModelEntry(id);
  if (entry.role !== 'recognizer') throw new ProvefyError('PROVEFY_ERR_CONFIG', `Model ${id} is a ${entry.role}, not a face recognizer`, { id });
  if (id.startsWith('arcface')) r = arcfaceRecognizer(id);
  else if (id.startsWith('mobilefacenet')) r = mobileFaceNetRecognizer(id);
  else if (id.startsWith('faceapi')) r = faceApiRecognizer(id);
  else throw new ProvefyError('PROVEFY_ERR_CONFIG', `No recognizer implementation for model ${id}`, { id });
  cache.set(id, r);
  return r;
}

export type { EmbedOptions, FaceRecognizer } from './types.js';
export { arcfaceRecognizer } from './arcface.js';
export { mobileFaceNetRecognizer } from './mobilefacenet.js';
export { faceApiRecognizer, DLIB_CHIP_TEMPLATE, type FaceApiCropMode } from './faceapi.js';
export { faceApiCrop } from '../faceapi-crop.js';
export { onnxRecognizer, type OnnxRecognizerSpec } from './onnx-recognizer.js';
export { cosineSimilarity, euclideanDistance, l2Normalise, flipHorizontal } from './embedding-math.js';
