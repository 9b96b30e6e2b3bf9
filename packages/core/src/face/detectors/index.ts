import { ProvefyError } from '../../errors/index.js';
import { getModelEntry } from '../../models/index.js';
import type { FaceDetector } from '../types.js';
import { scrfdDetector } from './scrfd.js';
import { yunetDetector } from './yunet.js';

const cache = new Map<string, FaceDetector>();

/** The detector implementation for a model id from the manifest (SCRFD family or YuNet). */
export function getDetector(id: string): FaceDetector {
  let d = cache.get(id);
  if (d) return d;
  const entry = getModelEntry(id);
  if (entry.role !== 'detector') throw new ProvefyError('PROVEFY_ERR_CONFIG', `Model ${id} is a ${entry.role}, not a face detector`, { id });
  d = id.startsWith('yunet') ? yunetDetector(id) : scrfdDetector(id);
  cache.set(id, d);
  return d;
}

export { letterbox, letterboxTensor, type Letterboxed, type LetterboxedTensor, type TensorNorm } from './letterbox.js';
export { iou, nms } from './nms.js';
